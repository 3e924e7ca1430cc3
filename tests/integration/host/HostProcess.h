// Runs the built connector-host as a child process for end-to-end tests.
#ifndef TESTS_HOST_PROCESS_H
#define TESTS_HOST_PROCESS_H

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace host_test {

/// Exit codes of connector-host, as its --help documents them.
namespace exit_code {
constexpr int kSuccess = 0;
constexpr int kRetryable = 1;
constexpr int kPermanent = 2;
constexpr int kUsage = 3;
constexpr int kPluginLoad = 4;
constexpr int kCancelled = 5;
}  // namespace exit_code

/// A fresh folder under the system temp folder, removed with its content
/// when the object goes out of scope.
class Workspace {
public:
    Workspace();
    ~Workspace();

    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    /// Returns the absolute path of `name` inside the folder.
    std::string path(const std::string& name) const;
    /// Writes `text` to `name` and returns its path.
    std::string write(const std::string& name, const std::string& text) const;
    /// Returns the content of `name`, or an empty string when it is missing.
    std::string read(const std::string& name) const;

private:
    std::string _folder;
};

/// How a finished child process ended, with everything it printed.
struct ProcessResult {
    /// Exit status, or -1 when a signal ended the process.
    int exitCode = -1;
    /// Number of the signal that ended the process, or 0.
    int signal = 0;
    std::string out;
    std::string err;
};

/// A running connector-host. Its stdout and stderr go to files in the
/// workspace, so a chatty child never blocks on a full pipe. The destructor
/// kills and reaps a child that is still running.
class HostProcess {
public:
    /// Starts connector-host with `--plugin-dir <test plugins>` followed by
    /// `arguments`, with `environment` added to this process's environment.
    /// With `passPluginDir` false, the host finds connectors on its own.
    HostProcess(const Workspace& workspace, const std::vector<std::string>& arguments,
                const std::map<std::string, std::string>& environment = {},
                bool passPluginDir = true);
    ~HostProcess();

    HostProcess(const HostProcess&) = delete;
    HostProcess& operator=(const HostProcess&) = delete;

    pid_t pid() const { return _pid; }

    /// Waits until stderr contains `text`; returns false after `timeout` or
    /// when the process ends first.
    bool waitForError(const std::string& text,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

    void sendSignal(int signalNumber) const;

    /// Waits for the process to end and returns how it ended.
    ProcessResult wait();

private:
    const Workspace& _workspace;
    std::string _outName;
    std::string _errName;
    pid_t _pid = -1;
    /// Set once waitpid has collected the exit status into `_status`.
    bool _reaped = false;
    int _status = 0;
};

/// Runs connector-host to completion; see HostProcess for the arguments.
ProcessResult runHost(const Workspace& workspace, const std::vector<std::string>& arguments,
                      const std::map<std::string, std::string>& environment = {},
                      bool passPluginDir = true);

}  // namespace host_test

#endif
