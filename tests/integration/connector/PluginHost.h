// An in-process connector host for the integration tests: loads the built
// plugin through the C ABI and keeps its state in memory.
#pragma once

#include <connector/connector.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace lucca::test {

/// The outcome of one plugin call.
struct CallResult {
    connector_result code = CONNECTOR_OK;
    std::string message;  ///< the text passed to set_error, empty on success
    std::string output;   ///< the report of check() or the JSON of status()
};

/// One connector instance of lucca-timeentries.so, loaded with dlopen, with
/// host state that outlives runs, as a host's state store does. Calls may
/// come from the plugin's threads; the state and log are guarded by a mutex.
class PluginHost {
public:
    /// Loads the plugin (once per process) and creates an instance. Throws
    /// std::runtime_error with the dlerror() text when loading fails.
    PluginHost();
    ~PluginHost();

    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    CallResult configure(const std::string& json);
    CallResult run();
    CallResult check();
    CallResult status();

    /// Returns the stored value under `key`, or "" when none is.
    std::string stateValue(const std::string& key) const;
    void setState(const std::string& key, const std::string& value);
    void eraseState(const std::string& key);

    /// Returns every log line so far, as "LEVEL message".
    std::vector<std::string> logLines() const;

    /// Asks the current call to stop once progress() was called `calls` times.
    void cancelAfterProgressCalls(int calls) { _cancelAfter = calls; }

    /// Returns the schema the plugin exposes.
    std::string configSchema() const;

private:
    static PluginHost* self(void* context) { return static_cast<PluginHost*>(context); }
    CallResult finish(connector_result code, std::string output = "");

    connector_host _table{};
    const connector_plugin* _plugin = nullptr;
    connector_instance* _instance = nullptr;

    mutable std::mutex _mutex;
    std::map<std::string, std::string> _state;
    std::vector<std::string> _log;
    std::string _error;
    std::atomic<int> _cancelAfter{-1};
    std::atomic<int> _progressCalls{0};
};

}  // namespace lucca::test
