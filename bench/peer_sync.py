#!/usr/bin/env python3
"""Sync Lucca time entries into SQLite: the script a user would write by hand.

The benchmark's peer. It follows Lucca's incremental recipe as the connector
does, in plain Python: read the watermark, count, read pages sorted by id
(each page requests ids above the last one), replace each page's rows by id
in one transaction, delete archived entries, and store the sync start time
(Europe/Paris wall time, rounded down to the minute) as the new watermark.

It uses requests with one Session (keep-alive), json through
Response.json(), and sqlite3 executemany. Like the connector, it journals in
WAL mode with synchronous=FULL. It has no retries, rate limiting or
partitions, so it does less work than the connector.

Usage: peer_sync.py --url URL --api-key KEY --database FILE [--page-size N]
"""

import argparse
import datetime
import json
import sqlite3
import sys
import zoneinfo

import requests

FIELDS = (
    "id,ownerId,owner[id,name,legalEntityId],startsAt,endsAt,duration,unit,layer,"
    "creationSource,authorId,modifierId,createdAt,modifiedAt,archivedAt,axisSections,"
    "comment,timeTypeId,timesheetId"
)

COLUMNS = (
    "id", "owner_id", "owner_name", "legal_entity_id", "starts_at", "ends_at",
    "duration_seconds", "unit", "layer", "creation_source", "time_type_id",
    "timesheet_id", "comment", "author_id", "modifier_id", "created_at", "modified_at",
    "raw_json", "synced_at",
)

CREATE_TABLE = """
CREATE TABLE IF NOT EXISTS time_entries (
    id INTEGER PRIMARY KEY, owner_id INTEGER, owner_name TEXT, legal_entity_id INTEGER,
    starts_at TEXT, ends_at TEXT, duration_seconds INTEGER, unit INTEGER, layer INTEGER,
    creation_source INTEGER, time_type_id INTEGER, timesheet_id INTEGER, comment TEXT,
    author_id INTEGER, modifier_id INTEGER, created_at TEXT, modified_at TEXT,
    raw_json TEXT NOT NULL, synced_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS time_entries_modified_at_idx ON time_entries (modified_at);
CREATE INDEX IF NOT EXISTS time_entries_owner_id_idx ON time_entries (owner_id);
CREATE TABLE IF NOT EXISTS sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

INSERT = "INSERT INTO time_entries ({}) VALUES ({})".format(
    ", ".join(COLUMNS), ", ".join("?" * len(COLUMNS)))


def duration_seconds(text):
    """Convert a .NET TimeSpan text, [d.]hh:mm:ss[.fffffff], to whole seconds."""
    if text is None:
        return None
    if "." in text.split(":")[0]:
        days, _, clock = text.partition(".")
    else:
        days, clock = "0", text
    hours, minutes, seconds = clock.split(":")
    return int(days) * 86400 + int(hours) * 3600 + int(minutes) * 60 + int(float(seconds))


def to_row(item, synced_at):
    owner = item.get("owner") or {}
    comment = item.get("comment") or {}
    return (
        item["id"], item.get("ownerId", owner.get("id")), owner.get("name"),
        owner.get("legalEntityId"), item.get("startsAt"), item.get("endsAt"),
        duration_seconds(item.get("duration")), item.get("unit"), item.get("layer"),
        item.get("creationSource"), item.get("timeTypeId"), item.get("timesheetId"),
        comment.get("content"), item.get("authorId"), item.get("modifierId"),
        item.get("createdAt"), item.get("modifiedAt"),
        json.dumps(item, ensure_ascii=False, separators=(",", ":")), synced_at,
    )


class LuccaClient:
    def __init__(self, base_url, api_key):
        self.url = base_url.rstrip("/") + "/api/v3/timeentries"
        self.session = requests.Session()
        self.session.headers.update({
            "Authorization": "lucca application=" + api_key,
            "Accept": "application/json",
        })

    def get(self, params):
        response = self.session.get(self.url, params=params, timeout=120)
        response.raise_for_status()
        return response.json()["data"]


def sync_query(client, database, filters, page_size, totals):
    count = client.get(filters + [("fields", "collection.count")])["count"]
    print("query {}: {} entries".format(dict(filters), count), file=sys.stderr)
    after_id = 0
    while True:
        params = list(filters)
        if after_id:
            params.append(("id", "greaterthan,{}".format(after_id)))
        params += [("fields", FIELDS), ("orderby", "id,asc"), ("paging", "0,{}".format(page_size))]
        items = client.get(params)["items"]
        synced_at = datetime.datetime.now(datetime.timezone.utc).isoformat()
        deletes = [(item["id"],) for item in items]
        rows = [to_row(item, synced_at) for item in items
                if item.get("archivedAt") is None and item.get("layer") != 1]
        with database:
            database.executemany("DELETE FROM time_entries WHERE id = ?", deletes)
            database.executemany(INSERT, rows)
        totals["fetched"] += len(items)
        totals["stored"] += len(rows)
        totals["deleted"] += len(items) - len(rows)
        if len(items) < page_size:
            return
        after_id = items[-1]["id"]


def main():
    parser = argparse.ArgumentParser(description="Sync Lucca time entries into SQLite.")
    parser.add_argument("--url", required=True, help="tenant base URL, such as http://127.0.0.1:8089")
    parser.add_argument("--api-key", required=True, help="Lucca API key")
    parser.add_argument("--database", required=True, help="SQLite file to create or update")
    parser.add_argument("--page-size", type=int, default=1000, help="entries per page (1 to 10000)")
    args = parser.parse_args()

    paris = zoneinfo.ZoneInfo("Europe/Paris")
    started = datetime.datetime.now(paris).replace(second=0, microsecond=0, tzinfo=None)
    new_watermark = started.isoformat(timespec="seconds")

    database = sqlite3.connect(args.database)
    database.execute("PRAGMA journal_mode = WAL")
    database.execute("PRAGMA synchronous = FULL")
    database.executescript(CREATE_TABLE)
    row = database.execute("SELECT value FROM sync_state WHERE key = 'watermark'").fetchone()
    watermark = row[0] if row else None

    client = LuccaClient(args.url, args.api_key)
    base = [("layer", "notequal,1")]
    if watermark is None:
        queries = [base]
    else:
        queries = [base + [("modifiedAt", "since," + watermark)],
                   base + [("archivedAt", "since," + watermark)]]
    totals = {"fetched": 0, "stored": 0, "deleted": 0}
    for filters in queries:
        sync_query(client, database, filters, args.page_size, totals)

    with database:
        database.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('watermark', ?)",
                         (new_watermark,))
    database.close()
    print("fetched {fetched}, stored {stored}, deleted {deleted}; watermark ".format(**totals)
          + new_watermark, file=sys.stderr)


if __name__ == "__main__":
    main()
