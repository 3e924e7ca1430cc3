// The real `connector-host` as the convergence driver runs it: a pipeline
// file per run, a child process that a signal may interrupt, and the
// watermarks it leaves in the SQLite state file.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace Lucca {
namespace Test {

/// The result of one `connector-host run`.
struct HostRunResult {
    /// The exit code, or 128 + the signal number that ended the process.
    int exitCode = -1;

    /// Whether the driver's signal was sent while the process still ran.
    bool signalled = false;

    /// Whether the process outlived the time limit and was killed for it.
    bool timedOut = false;
};

/// Starts `connector-host --log-level debug --plugin-dir DIR ARGUMENTS...`
/// with `environment` added to its environment and its stdout and stderr
/// written to `logFile`, then waits for it. When `signal` is non-zero,
/// sends it after `signalDelay` unless the process has ended. A process
/// still alive after `timeLimit` is killed and reported as timed out. Throws
/// std::runtime_error when fork() fails.
HostRunResult runHost(const std::vector<std::string>& arguments, const std::string& logFile,
                      const std::vector<std::pair<std::string, std::string>>& environment,
                      int signal, std::chrono::milliseconds signalDelay,
                      std::chrono::milliseconds timeLimit);

/// Reads one value of the host's SQLite state file, as `connector-host state
/// get` does, without taking the step lock. Returns nothing when the file or
/// the key does not exist. Throws std::runtime_error when the file cannot be
/// read.
std::optional<std::string> readStateValue(const std::string& stateFile, const std::string& pipeline,
                                          const std::string& step, const std::string& key);

}  // namespace Test
}  // namespace Lucca
