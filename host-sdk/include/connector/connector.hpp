// Header-only C++ helper for connector authors: write an ordinary class
// derived from connector::Connector and export it with CONNECTOR_EXPORT.
// Every exception is caught at the C boundary and turned into a result and
// an error message; nothing of C++ crosses the ABI.
#ifndef CONNECTOR_CONNECTOR_HPP
#define CONNECTOR_CONNECTOR_HPP

#include "connector/connector.h"

#include <cstdint>
#include <exception>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace connector {

/// Exception whose result the boundary reports as it is. Any other
/// std::exception is reported as a permanent failure.
class Error : public std::runtime_error {
public:
    Error(connector_result result, const std::string& message)
        : std::runtime_error(message), _result(result) {}

    connector_result result() const noexcept { return _result; }

private:
    connector_result _result;
};

/// A failure that may go away by itself: the host may retry later.
class RetryableError : public Error {
public:
    explicit RetryableError(const std::string& message) : Error(CONNECTOR_RETRYABLE, message) {}
};

/// A failure that needs a person: configuration, credentials, a bug.
class PermanentError : public Error {
public:
    explicit PermanentError(const std::string& message) : Error(CONNECTOR_PERMANENT, message) {}
};

/// Thrown by Host state functions when the host's store fails.
class StateError : public RetryableError {
public:
    explicit StateError(const std::string& message) : RetryableError(message) {}
};

/// Typed view of the host's services. Copyable, non-owning: the host keeps
/// the underlying table valid for the life of the instance.
class Host {
public:
    explicit Host(const connector_host* host) : _host(host) {}

    void log(connector_log_level level, std::string_view message) const {
        _host->log(_host->context, level, message.data(), message.size());
    }
    void trace(std::string_view message) const { log(CONNECTOR_LOG_TRACE, message); }
    void debug(std::string_view message) const { log(CONNECTOR_LOG_DEBUG, message); }
    void info(std::string_view message) const { log(CONNECTOR_LOG_INFO, message); }
    void warning(std::string_view message) const { log(CONNECTOR_LOG_WARNING, message); }
    void error(std::string_view message) const { log(CONNECTOR_LOG_ERROR, message); }

    void setError(std::string_view message) const {
        _host->set_error(_host->context, message.data(), message.size());
    }

    /// Returns the value under `key`, or nothing when none is stored.
    /// Throws StateError when the store fails.
    std::optional<std::string> stateGet(std::string_view key) const {
        std::string value;
        int code = _host->state_get(_host->context, key.data(), key.size(), &appendTo, &value);
        if (code == CONNECTOR_STATE_ERROR) throw StateError(stateFailure("read", key));
        if (code == CONNECTOR_STATE_NOT_FOUND) return std::nullopt;
        return value;
    }

    /// Stores `value` under `key` durably. Throws StateError on failure.
    void statePut(std::string_view key, std::string_view value) const {
        int code = _host->state_put(_host->context, key.data(), key.size(), value.data(),
                                    value.size());
        if (code != CONNECTOR_STATE_OK) throw StateError(stateFailure("write", key));
    }

    /// Replaces the value under `key` when it equals `expected` (or, with
    /// no `expected`, when none is stored). Returns false on mismatch.
    bool stateCompareAndSet(std::string_view key, const std::optional<std::string>& expected,
                            std::string_view value) const {
        int code = _host->state_compare_and_set(
            _host->context, key.data(), key.size(), expected ? expected->data() : nullptr,
            expected ? expected->size() : 0, value.data(), value.size());
        if (code == CONNECTOR_STATE_ERROR) throw StateError(stateFailure("update", key));
        return code == CONNECTOR_STATE_OK;
    }

    /// Deletes the value under `key`. Throws StateError on failure.
    void stateDelete(std::string_view key) const {
        if (_host->state_delete(_host->context, key.data(), key.size()) != CONNECTOR_STATE_OK)
            throw StateError(stateFailure("delete", key));
    }

    void progress(std::uint64_t done, std::uint64_t total, const char* unit) const {
        _host->progress(_host->context, done, total, unit);
    }

    bool cancelled() const { return _host->is_cancelled(_host->context) != 0; }

    /// Receiver callback that appends to the std::string at `receiver`.
    static void appendTo(void* receiver, const char* data, size_t size) {
        static_cast<std::string*>(receiver)->append(data, size);
    }

private:
    static std::string stateFailure(const char* action, std::string_view key) {
        return std::string("failed to ") + action + " state key '" + std::string(key) +
               "'; see the host log for the cause";
    }

    const connector_host* _host;
};

/// Base class of a connector written in C++. One instance serves one
/// pipeline step; the host calls it from one thread at a time.
class Connector {
public:
    explicit Connector(Host host) : _host(host) {}
    virtual ~Connector() = default;

    Connector(const Connector&) = delete;
    Connector& operator=(const Connector&) = delete;

    /// Validates and applies a JSON configuration object; throws on error.
    virtual void configure(const std::string& configJson) = 0;

    /// Reaches upstream and destination without changes; returns a report.
    virtual std::string check() = 0;

    /// Runs one synchronisation; throws on failure or cancellation.
    virtual void run() = 0;

    /// Returns the status as a JSON object.
    virtual std::string status() = 0;

protected:
    const Host& host() const { return _host; }

private:
    Host _host;
};

namespace detail {

// The C instance handle points at one of these.
struct Instance {
    Host host;
    Connector* connector;
};

/// Runs `body`, converting every exception into a result plus error text.
template <class Body>
connector_result guard(const Host& host, Body&& body) noexcept {
    try {
        body();
        return CONNECTOR_OK;
    } catch (const Error& error) {
        host.setError(error.what());
        return error.result();
    } catch (const std::bad_alloc&) {
        host.setError("out of memory");
        return CONNECTOR_PERMANENT;
    } catch (const std::exception& error) {
        host.setError(std::string("internal error: ") + error.what());
        return CONNECTOR_PERMANENT;
    } catch (...) {
        host.setError("internal error: unknown exception");
        return CONNECTOR_PERMANENT;
    }
}

inline Instance* unwrap(connector_instance* instance) {
    return reinterpret_cast<Instance*>(instance);
}

/// The C entry points for connector class T, which must be constructible
/// from a Host.
template <class T>
struct Entry {
    static connector_result create(const connector_host* hostTable,
                                   connector_instance** out) noexcept {
        Host host(hostTable);
        return guard(host, [&] {
            auto* instance = new Instance{host, nullptr};
            try {
                instance->connector = new T(host);
            } catch (...) {
                delete instance;
                throw;
            }
            *out = reinterpret_cast<connector_instance*>(instance);
        });
    }

    static connector_result configure(connector_instance* handle, const char* json,
                                      size_t size) noexcept {
        Instance* instance = unwrap(handle);
        return guard(instance->host,
                     [&] { instance->connector->configure(std::string(json, size)); });
    }

    static connector_result check(connector_instance* handle, connector_receive_fn receive,
                                  void* receiver) noexcept {
        Instance* instance = unwrap(handle);
        return guard(instance->host, [&] {
            std::string report = instance->connector->check();
            receive(receiver, report.data(), report.size());
        });
    }

    static connector_result run(connector_instance* handle) noexcept {
        Instance* instance = unwrap(handle);
        return guard(instance->host, [&] { instance->connector->run(); });
    }

    static connector_result status(connector_instance* handle, connector_receive_fn receive,
                                   void* receiver) noexcept {
        Instance* instance = unwrap(handle);
        return guard(instance->host, [&] {
            std::string json = instance->connector->status();
            receive(receiver, json.data(), json.size());
        });
    }

    static void destroy(connector_instance* handle) noexcept {
        Instance* instance = unwrap(handle);
        try {
            delete instance->connector;
        } catch (...) {
            // A destructor that throws cannot report anything useful here.
        }
        delete instance;
    }
};

}  // namespace detail

/// Builds the function table for connector class T.
template <class T>
const connector_plugin* pluginTable(const char* name, const char* version, const char* schema,
                                    std::uint16_t hostMajor) noexcept {
    if (hostMajor != CONNECTOR_ABI_MAJOR) return nullptr;
    static const connector_plugin table = {
        sizeof(connector_plugin),
        CONNECTOR_ABI_MAJOR,
        CONNECTOR_ABI_MINOR,
        name,
        version,
        schema,
        &detail::Entry<T>::create,
        &detail::Entry<T>::configure,
        &detail::Entry<T>::check,
        &detail::Entry<T>::run,
        &detail::Entry<T>::status,
        &detail::Entry<T>::destroy,
    };
    return &table;
}

}  // namespace connector

/// Exports connector class `Class` as this library's entry symbol. `name`,
/// `version` and `schema` must be string literals or other static strings.
/// Use it once per library, at namespace scope.
#define CONNECTOR_EXPORT(Class, name, version, schema)                                       \
    extern "C" CONNECTOR_EXPORT_SYMBOL const connector_plugin* connector_entry(            \
        std::uint16_t hostMajor, std::uint16_t /* hostMinor */) {                          \
        return ::connector::pluginTable<Class>(name, version, schema, hostMajor);          \
    }

#endif  // CONNECTOR_CONNECTOR_HPP
