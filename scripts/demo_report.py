#!/usr/bin/env python3
"""Prints what a demo run did and compares the table with the simulator.

Reads the host's `status --json` output for the run's counts, the SQLite
table row by row, and the simulator's ground truth (GET /_sim/truth), then
reports every missing, extra or different row. Exits 1 on any difference.
"""
import argparse
import json
import sqlite3
import sys
import urllib.request

# (column, function reading the expected value from a ground-truth entry)
COLUMNS = [
    ("owner_id", lambda e: e.get("ownerId")),
    ("owner_name", lambda e: (e.get("owner") or {}).get("name")),
    ("legal_entity_id", lambda e: (e.get("owner") or {}).get("legalEntityId")),
    ("starts_at", lambda e: e.get("startsAt")),
    ("ends_at", lambda e: e.get("endsAt")),
    ("duration_seconds", lambda e: duration_seconds(e.get("duration"))),
    ("unit", lambda e: e.get("unit")),
    ("layer", lambda e: e.get("layer")),
    ("creation_source", lambda e: e.get("creationSource")),
    ("time_type_id", lambda e: e.get("timeTypeId")),
    ("timesheet_id", lambda e: e.get("timesheetId")),
    ("comment", lambda e: (e.get("comment") or {}).get("content")),
    ("author_id", lambda e: e.get("authorId")),
    ("modifier_id", lambda e: e.get("modifierId")),
    ("created_at", lambda e: e.get("createdAt")),
    ("modified_at", lambda e: e.get("modifiedAt")),
]


def duration_seconds(text):
    """Converts .NET TimeSpan text `[d.]hh:mm:ss[.fffffff]` to whole seconds."""
    if text is None:
        return None
    days = 0
    clock = text
    if "." in text.split(":")[0]:
        day_text, clock = text.split(".", 1)
        days = int(day_text)
    hours, minutes, seconds = clock.split(":")
    return days * 86400 + int(hours) * 3600 + int(minutes) * 60 + int(float(seconds))


def matches(stored, expected):
    """Returns whether every field the connector stored equals the truth's field.

    The connector requests selected sub-fields (such as `owner[id,name]`), so
    objects are compared on the keys that were stored.
    """
    if isinstance(stored, dict):
        return isinstance(expected, dict) and all(
            matches(value, expected.get(key)) for key, value in stored.items())
    return stored == expected


def print_runs(status_file, label):
    """Prints each partition's last run from `connector-host status --json` output."""
    with open(status_file, encoding="utf-8") as handle:
        status = json.load(handle)
    for step in status.get("steps", []):
        for partition in (step.get("status") or {}).get("partitions", []):
            run = partition.get("lastRun") or {}
            print(f"{label} run, step {step.get('step')}, partition {partition.get('partition')}: "
                  f"{run.get('result')}, fetched {run.get('fetched')}, "
                  f"replaced {run.get('upserted')}, deleted {run.get('deleted')}, "
                  f"pages {run.get('pages')}, retries {run.get('retries')}, "
                  f"watermark {partition.get('watermark')}")


def compare(base_url, database, table):
    with urllib.request.urlopen(f"{base_url}/_sim/truth", timeout=60) as response:
        truth = {entry["id"]: entry for entry in json.load(response)["items"]}

    connection = sqlite3.connect(database)
    names = ", ".join(["id"] + [column for column, _ in COLUMNS] + ["raw_json"])
    rows = {row[0]: row for row in connection.execute(f'SELECT {names} FROM "{table}" ORDER BY id')}

    missing = sorted(truth.keys() - rows.keys())
    extra = sorted(rows.keys() - truth.keys())
    different = []
    for entry_id in sorted(truth.keys() & rows.keys()):
        entry, row = truth[entry_id], rows[entry_id]
        for index, (column, expected) in enumerate(COLUMNS, start=1):
            if row[index] != expected(entry):
                different.append(f"id {entry_id}: {column} is {row[index]!r}, "
                                 f"expected {expected(entry)!r}")
        stored = json.loads(row[-1])
        for key, value in stored.items():
            if not matches(value, entry.get(key)):
                different.append(f"id {entry_id}: raw_json.{key} is {value!r}, "
                                 f"expected {entry.get(key)!r}")

    print(f"table: {len(rows)} rows; ground truth: {len(truth)} entries; "
          f"missing {len(missing)}, extra {len(extra)}, different {len(different)}")
    for line in ([f"missing id {i}" for i in missing[:10]] + [f"extra id {i}" for i in extra[:10]]
                 + different[:10]):
        print("  " + line)
    return not (missing or extra or different)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True, help="simulator URL, such as http://127.0.0.1:8080")
    parser.add_argument("--database", required=True, help="SQLite file the connector wrote")
    parser.add_argument("--table", default="lucca_time_entries", help="table name")
    parser.add_argument("--status", required=True, help="file with `connector-host status --json` output")
    parser.add_argument("--label", default="", help="name of the run, such as first")
    arguments = parser.parse_args()

    print_runs(arguments.status, arguments.label)
    if compare(arguments.base_url, arguments.database, arguments.table):
        print("the table equals the simulator's ground truth")
        return 0
    print("the table differs from the simulator's ground truth", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
