// The HTTP client of the Lucca time-entries endpoint: one keep-alive
// session, retries, a rate limit, and no leak of the API key.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>

#include <chrono>
#include <connector/connector.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/ConnectorConfig.h"
#include "http/ApiError.h"
#include "http/QueryString.h"
#include "http/RateLimiter.h"
#include "http/RetryPolicy.h"

namespace lucca {

/// Counters of one client, for the last-run record.
struct RequestStats {
    int requests = 0;  ///< attempts sent, retries included
    int retries = 0;
    std::optional<std::chrono::system_clock::time_point> rateLimitedUntil;  ///< last 429 wait end
};

/// Returns a limiter of config.rateLimitPerMinute with bursts of at most 5
/// requests, for the clients of one run to share.
std::shared_ptr<RateLimiter> makeRateLimiter(const ConnectorConfig& config);

/// Sends GET requests to {baseUrl}/api/v3/timeentries. Not thread-safe: one
/// thread at a time uses an instance. Holds the API key and sends it only to
/// the configured host; every message it logs or throws is scrubbed of it.
class ApiClient {
public:
    /// Parses a 2xx body. May modify the string (for padding), but must not
    /// keep a reference to it, because the client reuses the buffer. Throws
    /// DamagedBodyError to have the request retried, anything else to fail.
    using BodyParser = std::function<void(std::string& body)>;

    /// Copies what it needs from `config`. Uses `host` to log retries and to
    /// see cancellation; `host` must outlive the client. Shares `rateLimiter`
    /// with the other clients of a run, or creates its own from
    /// rateLimitPerMinute when it is null. Throws ApiError (Tls) when
    /// tls.caFile cannot be loaded.
    ApiClient(const ConnectorConfig& config, connector::Host host,
              std::shared_ptr<RateLimiter> rateLimiter = nullptr);
    ~ApiClient();

    ApiClient(const ApiClient&) = delete;
    ApiClient& operator=(const ApiClient&) = delete;

    /// Sends the request with `query` and passes the body of the 2xx response
    /// to `parse`. Retries 408, 429, 500, 502, 503, 504, connection failures,
    /// timeouts and damaged bodies up to retry.maxAttempts times, waiting for
    /// the rate limiter before each attempt. `what` names the request in log
    /// lines, such as "count of partition all". Throws ApiError when the
    /// request fails for good or the host cancels the call.
    void get(const std::string& what, const std::vector<QueryParameter>& query,
             const BodyParser& parse);

    /// Returns the request target (path and query) that get() would send.
    std::string target(const std::vector<QueryParameter>& query) const;

    const RequestStats& stats() const { return _stats; }

private:
    struct Failure;

    std::optional<Failure> attempt(const std::string& target, const BodyParser& parse);
    void createSession();
    void waitFor(std::chrono::steady_clock::duration delay);

    /// Returns the server's host and port for messages, such as
    /// "example.ilucca.net:443" or "[::1]:8080".
    std::string endpoint() const;
    std::string describeServerError(int status, const std::string& reason,
                                    const std::string& body) const;

    std::string _scheme;
    std::string _hostName;
    unsigned short _port = 0;
    std::string _basePath;
    std::string _apiKey;
    int _timeoutSeconds;
    int _maxAttempts;
    connector::Host _host;
    RetryPolicy _retryPolicy;
    std::shared_ptr<RateLimiter> _rateLimiter;
    Poco::Net::Context::Ptr _tlsContext;
    std::unique_ptr<Poco::Net::HTTPClientSession> _session;
    RequestStats _stats;

    /// The body of the last response. Reused, so that a sync of many pages
    /// keeps one buffer of the largest page instead of allocating one per
    /// page; its memory is bounded by the page size.
    std::string _body;
};

}  // namespace lucca
