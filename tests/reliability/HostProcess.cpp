#include "HostProcess.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace Lucca {
namespace Test {
namespace {

int exitCodeOf(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

HostRunResult runHost(const std::vector<std::string>& arguments, const std::string& logFile,
                      const std::vector<std::pair<std::string, std::string>>& environment,
                      int signal, std::chrono::milliseconds signalDelay,
                      std::chrono::milliseconds timeLimit) {
    std::vector<std::string> command{LUCCA_CONNECTOR_HOST, "--log-level", "debug", "--plugin-dir",
                                     LUCCA_CONNECTOR_PLUGIN_DIR};
    command.insert(command.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& argument : command) argv.push_back(argument.data());
    argv.push_back(nullptr);

    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork() failed for connector-host");
    if (pid == 0) {
        for (const auto& [name, value] : environment) setenv(name.c_str(), value.c_str(), 1);
        FILE* log = std::fopen(logFile.c_str(), "w");
        if (log != nullptr) {
            dup2(fileno(log), STDOUT_FILENO);
            dup2(fileno(log), STDERR_FILENO);
        }
        execv(LUCCA_CONNECTOR_HOST, argv.data());
        _exit(127);
    }

    // Poll every 2 ms, so that the signal lands close to its planned moment.
    HostRunResult result;
    auto start = std::chrono::steady_clock::now();
    bool signalPending = signal != 0;
    for (;;) {
        int status = 0;
        pid_t ended = waitpid(pid, &status, WNOHANG);
        if (ended == pid) {
            result.exitCode = exitCodeOf(status);
            return result;
        }
        if (ended < 0 && errno != EINTR) {
            throw std::runtime_error("waitpid() failed for connector-host");
        }
        auto elapsed = std::chrono::steady_clock::now() - start;
        if (signalPending && elapsed >= signalDelay) {
            kill(pid, signal);
            result.signalled = true;
            signalPending = false;
        }
        if (elapsed >= timeLimit) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            result.timedOut = true;
            result.exitCode = exitCodeOf(status);
            return result;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

std::optional<std::string> readStateValue(const std::string& stateFile, const std::string& pipeline,
                                          const std::string& step, const std::string& key) {
    struct stat info {};
    if (stat(stateFile.c_str(), &info) != 0) return std::nullopt;

    sqlite3* database = nullptr;
    // Read-write without create: after a SIGKILL the WAL may need recovery,
    // which a read-only connection cannot run.
    if (sqlite3_open_v2(stateFile.c_str(), &database, SQLITE_OPEN_READWRITE, nullptr) !=
        SQLITE_OK) {
        std::string message = database ? sqlite3_errmsg(database) : "out of memory";
        sqlite3_close(database);
        throw std::runtime_error("failed to open state file " + stateFile + ": " + message);
    }
    sqlite3_busy_timeout(database, 10000);
    sqlite3_stmt* statement = nullptr;
    const char* sql =
        "SELECT value FROM connector_state WHERE pipeline = ?1 AND step = ?2 AND key = ?3";
    int code = sqlite3_prepare_v2(database, sql, -1, &statement, nullptr);
    if (code != SQLITE_OK) {
        std::string message = sqlite3_errmsg(database);
        sqlite3_close(database);
        // The host creates the table on its first run, and a killed first run
        // may leave the file without it.
        if (message.find("no such table") != std::string::npos) return std::nullopt;
        throw std::runtime_error("failed to read state file " + stateFile + ": " + message);
    }
    sqlite3_bind_text(statement, 1, pipeline.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(statement, 2, step.c_str(), -1, SQLITE_TRANSIENT);
    // Keys and values are BLOBs, and SQLite never finds a BLOB equal to TEXT.
    sqlite3_bind_blob(statement, 3, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    std::optional<std::string> value;
    code = sqlite3_step(statement);
    if (code == SQLITE_ROW) {
        const void* bytes = sqlite3_column_blob(statement, 0);
        int size = sqlite3_column_bytes(statement, 0);
        value = std::string(static_cast<const char*>(bytes), static_cast<std::size_t>(size));
    }
    sqlite3_finalize(statement);
    sqlite3_close(database);
    if (code != SQLITE_ROW && code != SQLITE_DONE) {
        throw std::runtime_error("failed to read state file " + stateFile);
    }
    return value;
}

}  // namespace Test
}  // namespace Lucca
