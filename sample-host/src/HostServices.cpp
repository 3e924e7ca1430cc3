#include "HostServices.h"

#include <optional>

#include "SignalCancellation.h"

namespace host {

namespace {

/// Minimum time between two progress lines at info level.
constexpr std::chrono::seconds kProgressInterval(5);

HostServices& self(void* context) { return *static_cast<HostServices*>(context); }

std::string asString(const char* data, size_t size) {
    return data == nullptr ? std::string() : std::string(data, size);
}

LogLevel toLogLevel(connector_log_level level) {
    if (level <= CONNECTOR_LOG_TRACE) return LogLevel::Trace;
    if (level >= CONNECTOR_LOG_ERROR) return LogLevel::Error;
    return static_cast<LogLevel>(level);
}

}  // namespace

HostServices::HostServices(StepId step, const Logger& logger, StateStore* store)
    : _step(std::move(step)), _scope(_step.label()), _logger(logger), _store(store) {
    _table = {};
    _table.struct_size = sizeof(connector_host);
    _table.abi_major = CONNECTOR_ABI_MAJOR;
    _table.abi_minor = CONNECTOR_ABI_MINOR;
    _table.context = this;
    _table.log = &logCallback;
    _table.set_error = &setErrorCallback;
    _table.state_get = &stateGetCallback;
    _table.state_put = &statePutCallback;
    _table.state_compare_and_set = &stateCompareAndSetCallback;
    _table.state_delete = &stateDeleteCallback;
    _table.progress = &progressCallback;
    _table.is_cancelled = &isCancelledCallback;
}

void HostServices::clearError() {
    std::lock_guard<std::mutex> lock(_errorMutex);
    _error.clear();
}

std::string HostServices::error() const {
    std::lock_guard<std::mutex> lock(_errorMutex);
    return _error;
}

void HostServices::logCallback(void* context, connector_log_level level, const char* message,
                               size_t size) {
    try {
        self(context).log(toLogLevel(level), asString(message, size));
    } catch (...) {
        // Out of memory while copying a log line: drop the line.
    }
}

void HostServices::setErrorCallback(void* context, const char* message, size_t size) {
    HostServices& services = self(context);
    try {
        std::string copy = asString(message, size);
        std::lock_guard<std::mutex> lock(services._errorMutex);
        services._error = std::move(copy);
    } catch (...) {
        // The result code still reports the failure.
    }
}

template <class Operation>
int HostServices::guardState(const char* action, const std::string& key,
                             Operation&& operation) noexcept {
    try {
        if (_store == nullptr) {
            log(LogLevel::Error, std::string("cannot ") + action + " state key '" + key +
                                     "': this command opens no state store");
            return CONNECTOR_STATE_ERROR;
        }
        if (key.empty()) {
            log(LogLevel::Error, std::string("cannot ") + action + " state: the key is empty");
            return CONNECTOR_STATE_ERROR;
        }
        return operation();
    } catch (const std::exception& error) {
        log(LogLevel::Error,
            std::string("state ") + action + " of key '" + key + "' failed: " + error.what());
    } catch (...) {
        log(LogLevel::Error, std::string("state ") + action + " of key '" + key + "' failed");
    }
    return CONNECTOR_STATE_ERROR;
}

int HostServices::stateGetCallback(void* context, const char* key, size_t keySize,
                                   connector_receive_fn receive, void* receiver) {
    HostServices& services = self(context);
    std::string name = asString(key, keySize);
    std::optional<std::string> value;
    int code = services.guardState("read", name, [&] {
        value = services._store->get(services._step, name);
        return value ? CONNECTOR_STATE_OK : CONNECTOR_STATE_NOT_FOUND;
    });
    // The connector's callback runs outside the guard: the host must not
    // catch, or report as a store failure, what happens inside the plugin.
    if (code == CONNECTOR_STATE_OK) receive(receiver, value->data(), value->size());
    return code;
}

int HostServices::statePutCallback(void* context, const char* key, size_t keySize,
                                   const char* value, size_t valueSize) {
    HostServices& services = self(context);
    std::string name = asString(key, keySize);
    return services.guardState("write", name, [&] {
        services._store->put(services._step, name, asString(value, valueSize));
        services.log(LogLevel::Trace,
                     "stored state key '" + name + "' (" + std::to_string(valueSize) + " bytes)");
        return CONNECTOR_STATE_OK;
    });
}

int HostServices::stateCompareAndSetCallback(void* context, const char* key, size_t keySize,
                                             const char* expected, size_t expectedSize,
                                             const char* value, size_t valueSize) {
    HostServices& services = self(context);
    std::string name = asString(key, keySize);
    return services.guardState("update", name, [&] {
        std::optional<std::string> expectedValue;
        if (expected != nullptr) expectedValue = std::string(expected, expectedSize);
        bool replaced = services._store->compareAndSet(services._step, name, expectedValue,
                                                       asString(value, valueSize));
        services.log(LogLevel::Trace,
                     "compare-and-set of state key '" + name + "' " +
                         (replaced ? "replaced the value" : "found another value"));
        return replaced ? CONNECTOR_STATE_OK : CONNECTOR_STATE_NOT_FOUND;
    });
}

int HostServices::stateDeleteCallback(void* context, const char* key, size_t keySize) {
    HostServices& services = self(context);
    std::string name = asString(key, keySize);
    return services.guardState("delete", name, [&] {
        services._store->remove(services._step, name);
        return CONNECTOR_STATE_OK;
    });
}

void HostServices::progressCallback(void* context, uint64_t done, uint64_t total,
                                    const char* unit) {
    try {
        self(context).reportProgress(done, total, unit);
    } catch (...) {
        // Progress is informational; losing a line is harmless.
    }
}

void HostServices::reportProgress(uint64_t done, uint64_t total, const char* unit) {
    std::string line = "progress: " + std::to_string(done);
    if (total > 0) {
        line += " of " + std::to_string(total);
    }
    if (unit != nullptr && unit[0] != '\0') line += std::string(" ") + unit;
    if (total > 0) line += " (" + std::to_string(done * 100 / total) + "%)";

    // At info level one line per interval, plus the first and the final one.
    auto now = std::chrono::steady_clock::now();
    bool due;
    {
        std::lock_guard<std::mutex> lock(_progressMutex);
        bool finished = total > 0 && done >= total;
        due = !_progressLogged || finished || now - _lastProgressLine >= kProgressInterval;
        if (due) {
            _progressLogged = true;
            _lastProgressLine = now;
        }
    }
    log(due ? LogLevel::Info : LogLevel::Debug, line);
}

int HostServices::isCancelledCallback(void* context) {
    if (!cancellationRequested()) return 0;
    HostServices& services = self(context);
    if (!services._cancellationLogged.exchange(true)) {
        services.log(LogLevel::Warning, std::string("cancellation requested by ") +
                                            signalName(cancellationSignal()) +
                                            "; waiting for the connector to stop");
    }
    return 1;
}

}  // namespace host
