#!/usr/bin/env python3
"""Measure the connector's syncs against the ceilings and the Python peer.

bench/run.sh installs, builds and starts PostgreSQL, then runs this script.
docs/benchmarks.md describes the scenarios. Every scenario runs --runs times
and reports the median with the minimum and maximum.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import datasets, pipelines, report  # noqa: E402
from harness.measurement import Result, Sample, run_measured  # noqa: E402
from harness.simulator import API_KEY, SimulatorServer  # noqa: E402

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(BENCH_DIR)
CONNECTOR_TABLE = "lucca_time_entries"


def log(message):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S")
    print("[bench {}] {}".format(stamp, message), file=sys.stderr, flush=True)


def parse_list(text):
    return [int(value) for value in text.split(",") if value]


def size_label(size):
    return "{}M".format(size // 1000000) if size >= 1000000 else "{}k".format(size // 1000)


def remove_database(path):
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def copy_database(source, target):
    """Copy an SQLite file with its WAL, if any, over `target`."""
    remove_database(target)
    for suffix in ("", "-wal"):
        if os.path.exists(source + suffix):
            shutil.copyfile(source + suffix, target + suffix)


def sqlite_count(path, table):
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM " + table).fetchone()[0]
    finally:
        connection.close()


def psql(conninfo, sql):
    completed = subprocess.run(["psql", conninfo, "-X", "-q", "-tAc", sql], check=True,
                               capture_output=True, text=True)
    return completed.stdout.strip()


def check_count(what, actual, expected):
    if actual != expected:
        raise RuntimeError("{}: the table has {} rows but the simulator has {} live entries, "
                           "so the sync is wrong and its time is not reported"
                           .format(what, actual, expected))


def machine_description():
    def command_output(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    lscpu = command_output(["lscpu"])
    fields = {}
    for line in lscpu.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    with open("/proc/meminfo") as file:
        memory_kb = int(file.readline().split()[1])
    os_name = platform.platform()
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as file:
            for line in file:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    return {
        "cpu": fields.get("Model name", ""),
        "cpus": fields.get("CPU(s)", ""),
        "threadsPerCore": fields.get("Thread(s) per core", ""),
        "memoryGiB": round(memory_kb / 1024 / 1024, 1),
        "os": os_name,
        "kernel": platform.release(),
        "commit": command_output(["git", "-C", REPOSITORY, "rev-parse", "--short", "HEAD"]),
    }


class Benchmark:
    """Runs every scenario of one dataset size against one simulator."""

    def __init__(self, options):
        self.options = options
        self.bin = os.path.join(options.build, "bin")
        self.work = options.work_dir
        self.log_path = os.path.join(self.work, "commands.log")
        self.results = []
        self.env = dict(os.environ)
        if options.postgres:
            _, password = pipelines.split_conninfo(options.postgres)
            self.env[pipelines.PASSWORD_VARIABLE] = password

    def tool(self, name):
        return os.path.join(self.bin, name)

    def add(self, scenario, subject, kind, destination, size, page_size, entries, samples):
        result = Result(scenario, subject, kind, destination, size, page_size, entries, samples)
        self.results.append(result)
        log("{}, {}: {:.2f} s median, {:,.0f} entries/s, peak RSS {:.1f} MB".format(
            scenario, subject, result.wall.median, result.entries_per_second, result.rss.high))
        return result

    def run_ceiling(self, tool, server, page_size, extra_arguments=()):
        """Run a ceiling tool with --repeat and return its Samples and entry count.

        A tool that measures several methods prints a "ceiling" name for each,
        and then the result is a dict from that name to (Samples, entries).
        """
        command = [self.tool(tool), "--url", server.url, "--api-key", API_KEY,
                   "--page-size", str(page_size), "--repeat", str(self.options.runs),
                   *extra_arguments]
        with open(self.log_path, "a") as log_file:
            log_file.write("\n$ " + " ".join(command) + "\n")
        completed = subprocess.run(command, capture_output=True, text=True, env=self.env)
        with open(self.log_path, "a") as log_file:
            log_file.write(completed.stdout + completed.stderr)
        if completed.returncode != 0:
            raise RuntimeError("{} failed: {}".format(tool, completed.stderr.strip()))
        grouped = {}
        for line in completed.stdout.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            samples, _ = grouped.setdefault(item["ceiling"], ([], item["entries"]))
            samples.append(Sample(item["wallSeconds"], item["cpuSeconds"], item["peakRssMb"]))
        if len(grouped) == 1:
            return next(iter(grouped.values()))
        return grouped

    def run_host(self, pipeline):
        return run_measured([self.tool("connector-host"), "run", pipeline], self.log_path,
                            env=self.env)

    def run_peer(self, server, database, page_size):
        return run_measured([sys.executable, os.path.join(BENCH_DIR, "peer_sync.py"),
                             "--url", server.url, "--api-key", API_KEY,
                             "--database", database, "--page-size", str(page_size)],
                            self.log_path)

    # Scenarios -----------------------------------------------------------

    def check_requests(self, server, page_size):
        """Warn when the transfer ceiling does not send the connector's requests."""
        database = os.path.join(self.work, "check.db")
        remove_database(database)
        state = os.path.join(self.work, "sqlite.state.db")
        remove_database(state)
        pipeline = pipelines.sqlite_pipeline(self.work, server.url, page_size, database)
        server.control("/_sim/requests/reset", {})
        self.run_host(pipeline)
        connector = [item["query"] for item in server.control("/_sim/requests")["requests"]]
        server.control("/_sim/requests/reset", {})
        subprocess.run([self.tool("bench-transfer-ceiling"), "--url", server.url, "--api-key",
                        API_KEY, "--page-size", str(page_size)], check=True,
                       stdout=subprocess.DEVNULL)
        ceiling = [item["query"] for item in server.control("/_sim/requests")["requests"]
                   if "fields=id&" not in item["query"] + "&"]
        remove_database(database)
        if connector == ceiling:
            log("request check: the transfer ceiling sends the connector's {} requests"
                .format(len(connector)))
        else:
            log("WARNING: the transfer ceiling's requests differ from the connector's:\n"
                "  connector: {}\n  ceiling:   {}".format(connector[:3], ceiling[:3]))

    def initial_sqlite(self, server, size, page_size, expected, snapshot):
        database = os.path.join(self.work, "connector.db")
        state = os.path.join(self.work, "sqlite.state.db")
        pipeline = pipelines.sqlite_pipeline(self.work, server.url, page_size, database)
        samples = []
        for _ in range(self.options.runs):
            remove_database(database)
            remove_database(state)
            samples.append(self.run_host(pipeline))
            check_count("connector sqlite", sqlite_count(database, CONNECTOR_TABLE), expected)
        if snapshot:
            copy_database(database, database + ".snapshot")
            copy_database(state, state + ".snapshot")
        name = "initial sqlite {} p{}".format(size_label(size), page_size)
        self.add(name, "connector", "initial", "sqlite", size, page_size, expected, samples)
        samples, entries = self.run_ceiling("bench-transfer-ceiling", server, page_size)
        self.add(name, "transfer ceiling", "initial", "-", size, page_size, entries, samples)

    def write_ceiling(self, server, size, page_size):
        database = os.path.join(self.work, "ceiling.db")
        ceilings = self.run_ceiling("bench-sqlite-write-ceiling", server, page_size,
                                    ["--database", database, "--method", "indexed",
                                     "--method", "page-commits"])
        remove_database(database)
        name = "initial sqlite {}".format(size_label(size))
        samples, entries = ceilings["sqlite-write"]
        self.add(name, "SQLite write ceiling", "initial", "sqlite", size, page_size, entries,
                 samples)
        samples, entries = ceilings["sqlite-write-page-commits"]
        self.add(name + " p{}".format(page_size), "SQLite write, page commits", "initial",
                 "sqlite", size, page_size, entries, samples)

    def initial_peer(self, server, size, page_size, expected, snapshot):
        database = os.path.join(self.work, "peer.db")
        samples = []
        for _ in range(self.options.runs):
            remove_database(database)
            samples.append(self.run_peer(server, database, page_size))
            check_count("peer", sqlite_count(database, "time_entries"), expected)
        if snapshot:
            copy_database(database, database + ".snapshot")
        name = "initial sqlite {} p{}".format(size_label(size), page_size)
        self.add(name, "peer", "initial", "sqlite", size, page_size, expected, samples)

    def mutate(self, server):
        server.control("/_sim/reset", {})
        server.control("/_sim/mutate", {"changeShare": self.options.change_share,
                                        "archiveShare": self.options.archive_share,
                                        "seed": self.options.seed})

    def incremental(self, server, size, page_size):
        database = os.path.join(self.work, "connector.db")
        state = os.path.join(self.work, "sqlite.state.db")
        pipeline = pipelines.sqlite_pipeline(self.work, server.url, page_size, database)
        runs = self.options.runs

        # 1. A run with nothing to fetch: the fixed cost of an incremental run.
        server.control("/_sim/reset", {})
        samples = []
        for _ in range(runs):
            copy_database(database + ".snapshot", database)
            copy_database(state + ".snapshot", state)
            samples.append(self.run_host(pipeline))
        name = "incremental sqlite {} p{}".format(size_label(size), page_size)
        self.add(name + " no change", "connector", "incremental (no change)", "sqlite", size,
                 page_size, 0, samples)

        # 2. The same after the mutation: the changed and archived entries.
        copy_database(state + ".snapshot", state)
        completed = subprocess.run([self.tool("connector-host"), "state", "get", pipeline,
                                    "timeentries", "watermark/all"],
                                   capture_output=True, text=True, check=True)
        watermark = completed.stdout.strip()
        filters = [[("modifiedAt", "since," + watermark)], [("archivedAt", "since," + watermark)]]
        self.mutate(server)
        fetched = sum(server.count(query) for query in filters)
        expected = server.count()
        samples = []
        for _ in range(runs):
            self.mutate(server)
            copy_database(database + ".snapshot", database)
            copy_database(state + ".snapshot", state)
            samples.append(self.run_host(pipeline))
            check_count("connector incremental", sqlite_count(database, CONNECTOR_TABLE),
                        expected)
        self.add(name, "connector", "incremental", "sqlite", size, page_size, fetched, samples)

        # 3. The transfer ceiling of the same two queries, run after run.
        per_query = [self.run_ceiling("bench-transfer-ceiling", server, page_size,
                                      ["--filter", "{}={}".format(*query[0])])
                     for query in filters]
        samples = [Sample(sum(s.wall_seconds for s in group), sum(s.cpu_seconds for s in group),
                          max(s.peak_rss_mb for s in group))
                   for group in zip(*(samples for samples, _ in per_query))]
        self.add(name, "transfer ceiling", "incremental", "-", size, page_size,
                 sum(entries for _, entries in per_query), samples)

        # 4. The peer, from its own snapshot of the initial sync.
        peer_database = os.path.join(self.work, "peer.db")
        if not self.options.no_peer and os.path.exists(peer_database + ".snapshot"):
            samples = []
            for _ in range(runs):
                self.mutate(server)
                copy_database(peer_database + ".snapshot", peer_database)
                samples.append(self.run_peer(server, peer_database, page_size))
                check_count("peer incremental", sqlite_count(peer_database, "time_entries"),
                            expected)
            self.add(name, "peer", "incremental", "sqlite", size, page_size, fetched, samples)
        server.control("/_sim/reset", {})

    def initial_postgres(self, server, size, page_size, expected):
        conninfo = self.options.postgres
        state = os.path.join(self.work, "postgres.state.db")
        pipeline = pipelines.postgres_pipeline(self.work, server.url, page_size, conninfo)
        samples = []
        for _ in range(self.options.runs):
            psql(conninfo, "DROP TABLE IF EXISTS " + CONNECTOR_TABLE)
            remove_database(state)
            samples.append(self.run_host(pipeline))
            check_count("connector postgresql",
                        int(psql(conninfo, "SELECT count(*) FROM " + CONNECTOR_TABLE)), expected)
        psql(conninfo, "DROP TABLE IF EXISTS " + CONNECTOR_TABLE)
        name = "initial postgresql {} p{}".format(size_label(size), page_size)
        self.add(name, "connector", "initial", "postgresql", size, page_size, expected, samples)
        ceilings = self.run_ceiling("bench-postgres-copy-ceiling", server, page_size,
                                    ["--connection", conninfo, "--method", "staging",
                                     "--method", "direct"])
        for method in ("staging", "direct"):
            samples, entries = ceilings["postgres-copy-" + method]
            self.add(name, "PostgreSQL COPY ceiling ({})".format(method), "initial",
                     "postgresql", size, page_size, entries, samples)

    def run_size(self, size, first):
        options = self.options
        dataset = datasets.ensure_dataset(self.tool("lucca-simulator"), options.data_dir, size,
                                          options.seed, self.work, log)
        log("starting the simulator on {}".format(os.path.basename(dataset)))
        with SimulatorServer(self.tool("lucca-simulator"), dataset, self.work) as server:
            expected = server.count()
            log("{:,} live entries to sync".format(expected))
            incremental_page = 10000 if 10000 in options.page_sizes else options.page_sizes[0]
            if first:
                self.check_requests(server, options.page_sizes[0])
            for page_size in options.page_sizes:
                self.initial_sqlite(server, size, page_size, expected,
                                    snapshot=page_size == incremental_page)
            self.write_ceiling(server, size, incremental_page)
            if not options.no_peer:
                for page_size in options.peer_page_sizes:
                    self.initial_peer(server, size, page_size, expected,
                                      snapshot=page_size == incremental_page)
            if not options.no_incremental:
                self.incremental(server, size, incremental_page)
            if options.postgres:
                for page_size in options.postgres_page_sizes:
                    self.initial_postgres(server, size, page_size, expected)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(REPOSITORY, "build-bench"),
                        help="build folder with bin/ and lib/ (default: build-bench)")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument("--sizes", type=parse_list, default=[100000, 1000000],
                        help="entries the full sync stores, comma-separated "
                             "(default 100000,1000000)")
    parser.add_argument("--page-sizes", type=parse_list, default=[10000, 1000],
                        help="connector page sizes (default 10000,1000)")
    parser.add_argument("--peer-page-sizes", type=parse_list, default=[10000],
                        help="page sizes of the Python peer (default 10000)")
    parser.add_argument("--postgres-page-sizes", type=parse_list, default=[10000],
                        help="connector page sizes of the PostgreSQL scenarios (default 10000)")
    parser.add_argument("--seed", type=int, default=7, help="dataset and mutation seed")
    parser.add_argument("--change-share", type=float, default=0.01,
                        help="share of entries changed before the incremental sync (0.01)")
    parser.add_argument("--archive-share", type=float, default=0.001,
                        help="share of entries archived before the incremental sync (0.001)")
    parser.add_argument("--postgres", default=os.environ.get("LUCCA_TEST_POSTGRES", ""),
                        help="libpq connection string (default $LUCCA_TEST_POSTGRES); "
                             "empty skips PostgreSQL")
    parser.add_argument("--no-peer", action="store_true", help="skip the Python peer")
    parser.add_argument("--no-incremental", action="store_true",
                        help="skip the incremental scenarios")
    parser.add_argument("--data-dir", default=os.path.join(BENCH_DIR, "data"),
                        help="where generated datasets are kept (default bench/data)")
    parser.add_argument("--out-dir", default=os.path.join(BENCH_DIR, "results"),
                        help="where results files go (default bench/results)")
    parser.add_argument("--work-dir", default=os.path.join(BENCH_DIR, "results", "work"),
                        help="scratch folder for databases and logs, emptied first")
    return parser.parse_args()


def main():
    options = parse_arguments()
    if options.runs < 1:
        sys.exit("benchmark.py: --runs must be 1 or more")
    shutil.rmtree(options.work_dir, ignore_errors=True)
    os.makedirs(options.work_dir)
    machine = machine_description()
    log("machine: {cpu}, {cpus} CPUs, {memoryGiB} GiB, {os}".format(**machine))
    if not options.postgres:
        log("PostgreSQL scenarios skipped: no connection string")

    benchmark = Benchmark(options)
    failures = []
    for index, size in enumerate(options.sizes):
        try:
            benchmark.run_size(size, first=index == 0)
        except Exception as error:  # noqa: BLE001 - report what finished, then fail
            failures.append("size {}: {}".format(size, error))
            log("FAILED at size {}: {}; the scenarios of this size that finished are "
                "still reported".format(size, error))

    results = benchmark.results
    print("machine: {cpu}, {cpus} CPUs, {memoryGiB} GiB, {os}, kernel {kernel}, commit {commit}"
          .format(**machine))
    lines, targets = report.compare(results, options.sizes,
                                    sorted(set(options.page_sizes + options.postgres_page_sizes),
                                           reverse=True))
    print()
    print(report.format_table(results))
    print()
    for line in lines:
        print(line)
    print()
    for target in targets:
        print("{} {}: {}".format("MET   " if target.met else "MISSED", target.name, target.detail))
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    machine["runs"] = options.runs
    machine["arguments"] = sys.argv[1:]
    machine["finished"] = stamp
    machine["failures"] = failures
    base = report.write_files(results, lines, targets, machine, options.out_dir, stamp)
    print()
    print("results: {}.json and {}.csv".format(base, base))
    if failures:
        sys.exit("benchmark.py: {} size(s) failed: {}".format(len(failures), "; ".join(failures)))


if __name__ == "__main__":
    main()
