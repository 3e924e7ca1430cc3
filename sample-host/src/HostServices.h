#ifndef HOST_HOST_SERVICES_H
#define HOST_HOST_SERVICES_H

#include <connector/connector.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

#include "Logger.h"
#include "StateStore.h"

namespace host {

/// The services one connector instance receives: the connector_host table
/// and the step context behind it.
///
/// Logging, state and progress are scoped to one pipeline step. All
/// callbacks are thread-safe and never let an exception reach the
/// connector. The object must outlive the connector instance, and it cannot
/// move because the table points back at it.
class HostServices {
public:
    /// `store` may be null, as for `validate`, which opens no store; state
    /// calls then fail with CONNECTOR_STATE_ERROR and a logged reason.
    HostServices(StepId step, const Logger& logger, StateStore* store);

    HostServices(const HostServices&) = delete;
    HostServices& operator=(const HostServices&) = delete;

    /// The table passed to the connector's create function.
    const connector_host* table() const { return &_table; }

    const StepId& step() const { return _step; }
    const Logger& logger() const { return _logger; }

    /// Writes a host message under this step's scope.
    void log(LogLevel level, std::string_view message) const {
        _logger.log(level, _scope, message);
    }

    /// Forgets the error text of the previous call.
    void clearError();
    /// Returns the error text the connector set during the last call.
    std::string error() const;

private:
    static void logCallback(void* context, connector_log_level level, const char* message,
                            size_t size);
    static void setErrorCallback(void* context, const char* message, size_t size);
    static int stateGetCallback(void* context, const char* key, size_t keySize,
                                connector_receive_fn receive, void* receiver);
    static int statePutCallback(void* context, const char* key, size_t keySize, const char* value,
                                size_t valueSize);
    static int stateCompareAndSetCallback(void* context, const char* key, size_t keySize,
                                          const char* expected, size_t expectedSize,
                                          const char* value, size_t valueSize);
    static int stateDeleteCallback(void* context, const char* key, size_t keySize);
    static void progressCallback(void* context, uint64_t done, uint64_t total, const char* unit);
    static int isCancelledCallback(void* context);

    /// Runs a state operation, turning a missing store or an exception into
    /// CONNECTOR_STATE_ERROR with a logged reason.
    template <class Operation>
    int guardState(const char* action, const std::string& key, Operation&& operation) noexcept;

    void reportProgress(uint64_t done, uint64_t total, const char* unit);

    connector_host _table;
    StepId _step;
    std::string _scope;
    const Logger& _logger;
    StateStore* _store;

    mutable std::mutex _errorMutex;
    std::string _error;

    std::mutex _progressMutex;
    std::chrono::steady_clock::time_point _lastProgressLine;
    bool _progressLogged = false;

    std::atomic<bool> _cancellationLogged{false};
};

}  // namespace host

#endif
