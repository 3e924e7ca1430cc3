"""Running a command as a measured child process, and summarizing samples."""

import dataclasses
import os
import statistics
import subprocess
import time


@dataclasses.dataclass
class Sample:
    """One measured run: wall and CPU seconds, peak resident memory."""

    wall_seconds: float
    cpu_seconds: float
    peak_rss_mb: float


class CommandFailed(RuntimeError):
    pass


def run_measured(command, log_path, env=None):
    """Run `command` to completion and return its Sample.

    The CPU time and peak resident memory come from wait4() on the child, so
    they cover that process and all its threads but none of its children.
    Output goes to `log_path`, appended. Raises CommandFailed on a non-zero
    exit status.
    """
    with open(log_path, "ab") as log:
        log.write(("\n$ " + " ".join(str(part) for part in command) + "\n").encode())
        log.flush()
        started = time.perf_counter()
        process = subprocess.Popen([str(part) for part in command], stdout=log,
                                   stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise CommandFailed("{} failed with exit status {}; see {}".format(
            command[0], process.returncode, log_path))
    # Linux reports ru_maxrss in kibibytes.
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0)


@dataclasses.dataclass
class Spread:
    """The median, minimum and maximum of several values."""

    median: float
    low: float
    high: float

    @staticmethod
    def of(values):
        values = list(values)
        return Spread(statistics.median(values), min(values), max(values))


@dataclasses.dataclass
class Result:
    """The samples of one scenario, with what identifies it."""

    scenario: str     # such as "initial sqlite 1M p10000"
    subject: str      # "connector", "peer", "transfer ceiling", ...
    kind: str         # "initial" or "incremental"
    destination: str  # "sqlite", "postgresql" or "-"
    size: int         # nominal dataset size: 100000 or 1000000
    page_size: int
    entries: int      # entries fetched per run
    samples: list

    @property
    def wall(self):
        return Spread.of(sample.wall_seconds for sample in self.samples)

    @property
    def cpu(self):
        return Spread.of(sample.cpu_seconds for sample in self.samples)

    @property
    def rss(self):
        return Spread.of(sample.peak_rss_mb for sample in self.samples)

    @property
    def entries_per_second(self):
        """Entries divided by the median wall time."""
        return self.entries / self.wall.median if self.wall.median > 0 else float("nan")
