// The failures of requests to the Lucca API, classified for retries, for
// the host's result code and for check().
#pragma once

#include <connector/connector.hpp>
#include <string>

namespace lucca {

/// A request that failed for good, after any retries. The result is
/// CONNECTOR_RETRYABLE for kinds that may heal by themselves (Unreachable,
/// Server, Malformed) and CONNECTOR_PERMANENT for the others.
class ApiError : public connector::Error {
public:
    enum class Kind {
        Unreachable,   ///< connection refused or reset, timeout, host not found
        Unauthorized,  ///< 401 or 403: the API key or its role
        Tls,           ///< certificate rejected or TLS handshake failed
        Rejected,      ///< another 4xx or a redirect: the request or configuration is wrong
        Server,        ///< 5xx, 408 or 429 still failing after the last attempt
        Malformed,     ///< a 2xx whose body is not the expected JSON
        Cancelled      ///< the host asked the run to stop
    };

    ApiError(Kind kind, const std::string& message)
        : connector::Error(resultOf(kind), message), _kind(kind) {}

    Kind kind() const noexcept { return _kind; }

    /// Returns a short lowercase name of `kind`, such as "unauthorized".
    static const char* kindName(Kind kind) {
        switch (kind) {
            case Kind::Unreachable:
                return "unreachable";
            case Kind::Unauthorized:
                return "unauthorized";
            case Kind::Tls:
                return "tls";
            case Kind::Rejected:
                return "rejected";
            case Kind::Server:
                return "server error";
            case Kind::Malformed:
                return "malformed response";
            case Kind::Cancelled:
                return "cancelled";
        }
        return "error";
    }

private:
    static connector_result resultOf(Kind kind) {
        switch (kind) {
            case Kind::Unreachable:
            case Kind::Server:
            case Kind::Malformed:
            case Kind::Cancelled:
                return CONNECTOR_RETRYABLE;
            default:
                return CONNECTOR_PERMANENT;
        }
    }

    Kind _kind;
};

/// Thrown by a response parser when a 2xx body is damaged (truncated or
/// invalid JSON). The client retries the request, as for a transport error.
class DamagedBodyError : public std::runtime_error {
public:
    explicit DamagedBodyError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace lucca
