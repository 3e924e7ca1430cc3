"""Pipeline files for connector-host, one per benchmark destination."""

import os

from harness.simulator import API_KEY

# The connector requires a positive rate limit. This one never makes it wait
# at the request rates measured here, and the simulator's own limit is off.
UNLIMITED_RATE_PER_MINUTE = 1000000

PASSWORD_VARIABLE = "LUCCA_BENCH_POSTGRES_PASSWORD"


def _write(path, state_path, base_url, page_size, destination_lines):
    lines = [
        "pipeline: bench",
        "state:",
        "  path: " + state_path,
        "steps:",
        "  - name: timeentries",
        "    connector: lucca-timeentries",
        "    config:",
        "      baseUrl: " + base_url,
        "      apiKey: " + API_KEY,
        "      pageSize: {}".format(page_size),
        "      rateLimitPerMinute: {}".format(UNLIMITED_RATE_PER_MINUTE),
        "      destination:",
    ] + ["        " + line for line in destination_lines]
    with open(path, "w") as file:
        file.write("\n".join(lines) + "\n")
    return path


def sqlite_pipeline(work_dir, base_url, page_size, database_path):
    """Write the pipeline that syncs into the SQLite file `database_path`."""
    return _write(os.path.join(work_dir, "sqlite-p{}.yaml".format(page_size)),
                  os.path.join(work_dir, "sqlite.state.db"), base_url, page_size,
                  ["type: sqlite", "path: " + database_path])


def split_conninfo(conninfo):
    """Split a key=value libpq connection string into the text without the
    password and the password (empty when absent). Values must not contain
    spaces, as in scripts/postgres.sh's output."""
    kept, password = [], ""
    for part in conninfo.split():
        key, _, value = part.partition("=")
        if key == "password":
            password = value.strip("'")
        else:
            kept.append(part)
    return " ".join(kept), password


def postgres_pipeline(work_dir, base_url, page_size, conninfo):
    """Write the pipeline that syncs into PostgreSQL. The password is read
    from the environment variable PASSWORD_VARIABLE at run time."""
    connection, _ = split_conninfo(conninfo)
    return _write(os.path.join(work_dir, "postgres-p{}.yaml".format(page_size)),
                  os.path.join(work_dir, "postgres.state.db"), base_url, page_size,
                  ["type: postgresql", "connection: \"{}\"".format(connection),
                   "password: ${" + PASSWORD_VARIABLE + "}"])
