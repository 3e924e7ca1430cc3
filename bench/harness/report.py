"""The results table, the ratios to the ceilings and the peer, and the targets."""

import csv
import dataclasses
import json
import os


def _find(results, **keys):
    for result in results:
        if all(getattr(result, name) == value for name, value in keys.items()):
            return result
    return None


def _size_label(size):
    return "{}M".format(size // 1000000) if size >= 1000000 else "{}k".format(size // 1000)


def format_table(results):
    """Return the results as a fixed-width text table, one line per scenario."""
    header = ("scenario", "subject", "entries", "wall s median [min-max]", "CPU s",
              "entries/s", "peak RSS MB")
    rows = []
    for result in results:
        wall, cpu, rss = result.wall, result.cpu, result.rss
        rows.append((
            result.scenario, result.subject, "{:,}".format(result.entries),
            "{:.2f} [{:.2f}-{:.2f}]".format(wall.median, wall.low, wall.high),
            "{:.2f}".format(cpu.median), "{:,.0f}".format(result.entries_per_second),
            "{:.1f}".format(rss.high),
        ))
    widths = [max(len(str(row[i])) for row in [header] + rows) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
             for row in [header] + rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


@dataclasses.dataclass
class Target:
    name: str
    met: bool
    detail: str


def _rate_ratio(numerator, denominator):
    return numerator.entries_per_second / denominator.entries_per_second


def compare(results, sizes, page_sizes):
    """Return (ratio lines, targets) for the results of one benchmark run."""
    lines, targets = [], []
    largest = max(sizes)

    # 1. Initial SQLite sync: the connector against both ceilings and the peer.
    for size in sizes:
        for page_size in page_sizes:
            connector = _find(results, subject="connector", kind="initial",
                              destination="sqlite", size=size, page_size=page_size)
            if connector is None:
                continue
            transfer = _find(results, subject="transfer ceiling", kind="initial", size=size,
                             page_size=page_size)
            write = _find(results, subject="SQLite write ceiling", size=size)
            page_commits = _find(results, subject="SQLite write, page commits", size=size,
                                 page_size=page_size)
            peer = _find(results, subject="peer", kind="initial", size=size, page_size=page_size)
            label = "initial sqlite {} p{}".format(_size_label(size), page_size)
            parts = []
            if transfer:
                parts.append("{:.0%} of transfer ceiling".format(_rate_ratio(connector, transfer)))
            if write:
                parts.append("{:.0%} of write ceiling".format(_rate_ratio(connector, write)))
            if page_commits:
                parts.append("{:.0%} of raw inserts with page commits".format(
                    _rate_ratio(connector, page_commits)))
            slower = None
            if transfer and write:
                slower = min((transfer, write), key=lambda result: result.entries_per_second)
                parts.append("{:.0%} of the slower ({})".format(
                    _rate_ratio(connector, slower), slower.subject))
            if peer:
                parts.append("{:.1f}x the peer".format(_rate_ratio(connector, peer)))
            lines.append("{}: {}".format(label, ", ".join(parts)))
            if size == largest and page_size == 10000:
                if slower:
                    ratio = _rate_ratio(connector, slower)
                    targets.append(Target(
                        "SQLite {} p10000 >= 50% of the slower ceiling".format(
                            _size_label(size)), ratio >= 0.5,
                        "{:.0%} of the {} ({:,.0f} vs {:,.0f} entries/s)".format(
                            ratio, slower.subject, connector.entries_per_second,
                            slower.entries_per_second)))
                if peer:
                    ratio = _rate_ratio(connector, peer)
                    targets.append(Target(
                        "SQLite {} p10000 >= 5x the Python peer".format(_size_label(size)),
                        ratio >= 5,
                        "{:.1f}x ({:.2f} s vs {:.2f} s)".format(
                            ratio, connector.wall.median, peer.wall.median)))

    # 2. PostgreSQL: the connector against both raw COPY ceilings. The target
    #    uses the faster one.
    for size in sizes:
        for page_size in page_sizes:
            connector = _find(results, subject="connector", kind="initial",
                              destination="postgresql", size=size, page_size=page_size)
            ceilings = [result for result in results
                        if result.subject.startswith("PostgreSQL COPY ceiling")
                        and result.size == size and result.page_size == page_size]
            if not (connector and ceilings):
                continue
            label = "initial postgresql {} p{}".format(_size_label(size), page_size)
            lines.append("{}: {}".format(label, ", ".join(
                "{:.0%} of the {}".format(_rate_ratio(connector, ceiling), ceiling.subject)
                for ceiling in ceilings)))
            fastest = max(ceilings, key=lambda result: result.entries_per_second)
            ratio = _rate_ratio(connector, fastest)
            if size == largest and page_size == 10000:
                targets.append(Target(
                    "PostgreSQL {} p10000 >= 50% of the COPY ceiling".format(_size_label(size)),
                    ratio >= 0.5,
                    "{:.0%} of the faster, the {} ({:,.0f} vs {:,.0f} entries/s)".format(
                        ratio, fastest.subject, connector.entries_per_second,
                        fastest.entries_per_second)))

    # 3. Peak memory of the host: the largest size against the smallest.
    smallest = min(sizes)
    for page_size in page_sizes:
        small = _find(results, subject="connector", kind="initial", destination="sqlite",
                      size=smallest, page_size=page_size)
        large = _find(results, subject="connector", kind="initial", destination="sqlite",
                      size=largest, page_size=page_size)
        if not (small and large) or smallest == largest:
            continue
        growth = large.rss.high / small.rss.high
        lines.append("peak RSS sqlite p{}: {:.1f} MB at {} vs {:.1f} MB at {} ({:+.0%})".format(
            page_size, large.rss.high, _size_label(largest), small.rss.high,
            _size_label(smallest), growth - 1))
        if page_size == 10000:
            targets.append(Target(
                "peak RSS {} <= 110% of {} and < 150 MB".format(_size_label(largest),
                                                               _size_label(smallest)),
                growth <= 1.10 and large.rss.high < 150,
                "{:.1f} MB vs {:.1f} MB ({:+.0%})".format(large.rss.high, small.rss.high,
                                                          growth - 1)))

    # 4. Incremental sync: the cost above the no-change run, per fetched
    #    entry. Proportional to the changes means that this cost per entry
    #    stays the same when the table and the changes grow tenfold.
    extra_per_entry = {}
    for size in sizes:
        initial = _find(results, subject="connector", kind="initial", destination="sqlite",
                        size=size, page_size=10000)
        changed = _find(results, subject="connector", kind="incremental", size=size)
        unchanged = _find(results, subject="connector", kind="incremental (no change)",
                          size=size)
        if not (initial and changed and unchanged):
            continue
        extra = max(changed.wall.median - unchanged.wall.median, 0.0)
        extra_per_entry[size] = extra / max(changed.entries, 1)
        per_entry_initial = initial.wall.median / initial.entries
        lines.append(
            "incremental {}: {:,} entries in {:.2f} s ({:.1%} of the initial {:.2f} s); "
            "no-change run {:.2f} s; {:.0f} us per changed entry above it, vs {:.0f} us per "
            "entry in the initial sync".format(
                _size_label(size), changed.entries, changed.wall.median,
                changed.wall.median / initial.wall.median, initial.wall.median,
                unchanged.wall.median, extra_per_entry[size] * 1e6, per_entry_initial * 1e6))
    if smallest in extra_per_entry and largest in extra_per_entry and smallest != largest:
        growth = extra_per_entry[largest] / extra_per_entry[smallest]
        targets.append(Target(
            "incremental cost proportional to the changes", 0.5 <= growth <= 2.0,
            "{:.0f} us per changed entry at {} vs {:.0f} us at {} ({:.2f}x)".format(
                extra_per_entry[largest] * 1e6, _size_label(largest),
                extra_per_entry[smallest] * 1e6, _size_label(smallest), growth)))
    return lines, targets


def write_files(results, lines, targets, machine, out_dir, stamp):
    """Write results-STAMP.json (every sample) and results-STAMP.csv (summaries)."""
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, "results-" + stamp)
    document = {
        "machine": machine,
        "results": [dict(dataclasses.asdict(result),
                         entriesPerSecond=result.entries_per_second) for result in results],
        "ratios": lines,
        "targets": [dataclasses.asdict(target) for target in targets],
    }
    with open(base + ".json", "w") as file:
        json.dump(document, file, indent=1)
    with open(base + ".csv", "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["scenario", "subject", "kind", "destination", "size", "page_size",
                         "entries", "runs", "wall_median_s", "wall_min_s", "wall_max_s",
                         "cpu_median_s", "entries_per_s", "peak_rss_max_mb"])
        for result in results:
            writer.writerow([
                result.scenario, result.subject, result.kind, result.destination, result.size,
                result.page_size, result.entries, len(result.samples),
                round(result.wall.median, 4), round(result.wall.low, 4),
                round(result.wall.high, 4), round(result.cpu.median, 4),
                round(result.entries_per_second), round(result.rss.high, 1)])
    return base
