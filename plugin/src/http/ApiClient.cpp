#include "http/ApiClient.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cstdint>
#include <thread>

#include "http/SecretScrubber.h"

namespace lucca {

namespace {

constexpr std::size_t kMaxMessageLength = 300;
constexpr const char* kEndpoint = "/api/v3/timeentries";

/// A body of up to this Content-Length is read into memory reserved at once.
constexpr std::int64_t kMaxReservedBodyBytes = std::int64_t(256) << 20;

/// Spare room after a reserved body, at least simdjson's padding (64 bytes).
constexpr std::size_t kBodySpareBytes = 64;

/// Shortens server text for a message: one line, printable, at most
/// kMaxMessageLength bytes.
std::string shorten(const std::string& text) {
    std::string line;
    for (char c : text) {
        line += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    }
    auto first = line.find_first_not_of(' ');
    if (first == std::string::npos) return "";
    line = line.substr(first, line.find_last_not_of(' ') - first + 1);
    if (line.size() > kMaxMessageLength) line = line.substr(0, kMaxMessageLength) + "...";
    return line;
}

/// Returns the "Message" of a JSON error body, or the body itself.
std::string serverMessageOf(const std::string& body) {
    auto first = body.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && body[first] == '{') {
        try {
            Poco::JSON::Parser parser;
            auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
            for (const char* key : {"Message", "message", "error"}) {
                if (object->has(key) && object->get(key).isString()) {
                    return object->getValue<std::string>(key);
                }
            }
        } catch (const Poco::Exception&) {
            // Not JSON after all: show the text.
        } catch (const std::exception&) {
        }
    }
    return body;
}

std::optional<std::chrono::seconds> parseRetryAfter(const std::string& value) {
    if (value.empty() || value.size() > 9) return std::nullopt;
    if (!std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        // NOTE: an HTTP-date Retry-After is not parsed; the backoff applies.
        return std::nullopt;
    }
    return std::chrono::seconds(std::stoll(value));
}

bool isRetryableStatus(int status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
}

}  // namespace

std::shared_ptr<RateLimiter> makeRateLimiter(const ConnectorConfig& config) {
    return std::make_shared<RateLimiter>(config.rateLimitPerMinute,
                                         std::min(config.rateLimitPerMinute, 5));
}

/// One failed attempt that may be retried.
struct ApiClient::Failure {
    ApiError::Kind kind;
    std::string reason;
    std::optional<std::chrono::seconds> retryAfter;
};

ApiClient::ApiClient(const ConnectorConfig& config, connector::Host host,
                     std::shared_ptr<RateLimiter> rateLimiter)
    : _apiKey(config.apiKey),
      _timeoutSeconds(config.requestTimeoutSeconds),
      _maxAttempts(config.retry.maxAttempts),
      _host(host),
      _retryPolicy(config.retry),
      _rateLimiter(rateLimiter ? std::move(rateLimiter) : makeRateLimiter(config)) {
    Poco::URI uri(config.baseUrl);
    _scheme = uri.getScheme();
    _hostName = uri.getHost();
    _port = uri.getPort();
    // The path as sent: percent-encoded, because the decoded form may hold
    // spaces or line breaks that would break the request line.
    _basePath = uri.getPathEtc();
    while (!_basePath.empty() && _basePath.back() == '/') _basePath.pop_back();

    if (_scheme == "https") {
        Poco::Net::Context::Params params;
        params.verificationMode = config.tls.verify ? Poco::Net::Context::VERIFY_RELAXED
                                                    : Poco::Net::Context::VERIFY_NONE;
        params.caLocation = config.tls.caFile;
        params.loadDefaultCAs = true;
        try {
            _tlsContext = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        } catch (const Poco::Exception& error) {
            throw ApiError(ApiError::Kind::Tls, "tls.caFile: cannot load '" + config.tls.caFile +
                                                    "': " + error.displayText());
        }
    }
}

ApiClient::~ApiClient() = default;

std::string ApiClient::target(const std::vector<QueryParameter>& query) const {
    return _basePath + kEndpoint + "?" + buildQuery(query);
}

void ApiClient::createSession() {
    if (_scheme == "https") {
        _session = std::make_unique<Poco::Net::HTTPSClientSession>(_hostName, _port, _tlsContext);
    } else {
        _session = std::make_unique<Poco::Net::HTTPClientSession>(_hostName, _port);
    }
    // NOTE: Poco applies the receive timeout to each read, so a server that
    // sends a byte now and then can make one request last longer than this.
    Poco::Timespan timeout(_timeoutSeconds, 0);
    _session->setTimeout(timeout, timeout, timeout);
    _session->setKeepAlive(true);
}

std::string ApiClient::endpoint() const {
    const bool ipv6 = _hostName.find(':') != std::string::npos;
    return (ipv6 ? "[" + _hostName + "]" : _hostName) + ":" + std::to_string(_port);
}

void ApiClient::waitFor(std::chrono::steady_clock::duration delay) {
    auto end = std::chrono::steady_clock::now() + delay;
    while (true) {
        if (_host.cancelled()) throw ApiError(ApiError::Kind::Cancelled, "cancelled");
        auto left = end - std::chrono::steady_clock::now();
        if (left <= std::chrono::steady_clock::duration::zero()) return;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(100)));
    }
}

void ApiClient::get(const std::string& what, const std::vector<QueryParameter>& query,
                    const BodyParser& parse) {
    std::string requestTarget = target(query);
    for (int attemptNumber = 1;; ++attemptNumber) {
        // 1. Wait for the rate limiter, then send the attempt.
        waitFor(_rateLimiter->reserve());
        std::optional<Failure> failure = attempt(requestTarget, parse);
        if (!failure) return;

        // 2. Give up after the last attempt, keeping the failure's kind.
        std::string reason = scrubSecret(failure->reason, _apiKey);
        if (!_retryPolicy.mayRetry(attemptNumber)) {
            throw ApiError(failure->kind, what + " failed after " + std::to_string(attemptNumber) +
                                              " attempts: " + reason);
        }

        // 3. Wait and try again.
        std::chrono::milliseconds delay =
            _retryPolicy.delayAfter(attemptNumber, failure->retryAfter);
        if (failure->retryAfter) {
            _stats.rateLimitedUntil = std::chrono::system_clock::now() + delay;
        }
        _host.warning(what + " failed (attempt " + std::to_string(attemptNumber) + " of " +
                      std::to_string(_maxAttempts) + "): " + reason + "; retrying in " +
                      std::to_string(delay.count()) + " ms");
        ++_stats.retries;
        waitFor(delay);
    }
}

std::optional<ApiClient::Failure> ApiClient::attempt(const std::string& requestTarget,
                                                     const BodyParser& parse) {
    using Kind = ApiError::Kind;
    if (!_session) createSession();
    ++_stats.requests;

    Poco::Net::HTTPResponse response;
    std::string& body = _body;
    body.clear();
    try {
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, requestTarget,
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Authorization", "lucca application=" + _apiKey);
        request.set("Accept", "application/json");
        request.setKeepAlive(true);
        _session->sendRequest(request);
        std::istream& stream = _session->receiveResponse(response);
        // With the length known, the body is read without reallocation, and
        // with room for the padding that the JSON parser adds. The bound
        // keeps a hostile length from reserving memory that never arrives.
        if (response.hasContentLength() && response.getContentLength64() > 0 &&
            response.getContentLength64() <= kMaxReservedBodyBytes) {
            body.reserve(static_cast<std::size_t>(response.getContentLength64()) +
                         kBodySpareBytes);
        }
        Poco::StreamCopier::copyToString(stream, body);
    } catch (const Poco::Net::CertificateValidationException& error) {
        _session.reset();
        throw ApiError(Kind::Tls, "the TLS certificate of " + _hostName + " was rejected (" +
                                      scrubSecret(error.displayText(), _apiKey) +
                                      "); set tls.caFile to the CA that signed it");
    } catch (const Poco::Net::SSLException& error) {
        _session.reset();
        std::string text = scrubSecret(error.displayText(), _apiKey);
        if (text.find("certificate") != std::string::npos) {
            throw ApiError(Kind::Tls, "the TLS certificate of " + _hostName + " was rejected (" +
                                          text + "); set tls.caFile to the CA that signed it");
        }
        return Failure{Kind::Unreachable, endpoint() + ": TLS handshake failed: " + text,
                       std::nullopt};
    } catch (const Poco::TimeoutException&) {
        _session.reset();
        return Failure{Kind::Unreachable,
                       endpoint() + ": timed out after " + std::to_string(_timeoutSeconds) + " s",
                       std::nullopt};
    } catch (const Poco::Net::NoMessageException&) {
        _session.reset();
        return Failure{Kind::Unreachable, endpoint() + ": connection closed before a response",
                       std::nullopt};
    } catch (const Poco::Exception& error) {
        _session.reset();
        return Failure{Kind::Unreachable, endpoint() + ": " + error.displayText(), std::nullopt};
    }

    int status = static_cast<int>(response.getStatus());
    if (status >= 200 && status < 300) {
        // A body shorter than its Content-Length is transport damage.
        if (response.hasContentLength() &&
            static_cast<std::streamsize>(body.size()) != response.getContentLength64()) {
            _session.reset();
            return Failure{Kind::Malformed,
                           "truncated body: " + std::to_string(body.size()) + " of " +
                               std::to_string(response.getContentLength64()) + " bytes",
                           std::nullopt};
        }
        try {
            parse(body);
        } catch (const DamagedBodyError& error) {
            _session.reset();
            return Failure{Kind::Malformed, error.what(), std::nullopt};
        }
        return std::nullopt;
    }

    std::string description = describeServerError(status, response.getReason(), body);
    if (isRetryableStatus(status)) {
        std::optional<std::chrono::seconds> retryAfter;
        if (status == 429) retryAfter = parseRetryAfter(response.get("Retry-After", ""));
        return Failure{Kind::Server, description, retryAfter};
    }
    if (status == 401) {
        throw ApiError(Kind::Unauthorized,
                       "the API key was rejected (" + description +
                           "); check apiKey and that the key is active in Lucca");
    }
    if (status == 403) {
        throw ApiError(Kind::Unauthorized,
                       "the API key may not read time entries (" + description +
                           "); give the key's role access to the time entries of the owners "
                           "in scope");
    }
    if (status >= 300 && status < 400) {
        std::string location = response.get("Location", "");
        std::string targetHost = location;
        try {
            Poco::URI uri(Poco::URI(_scheme + "://" + _hostName), location);
            targetHost = uri.getHost();
        } catch (const Poco::Exception&) {
        }
        throw ApiError(Kind::Rejected,
                       "the server redirected the request to host '" +
                           shorten(scrubSecret(targetHost, _apiKey)) +
                           "' (HTTP " + std::to_string(status) +
                           "); redirects are not followed so that the API key stays with " +
                           _hostName + ": set baseUrl to the final address");
    }
    if (status == 404) {
        throw ApiError(Kind::Rejected,
                       "the endpoint was not found (" + description + "); check baseUrl");
    }
    throw ApiError(Kind::Rejected, "the request was rejected (" + description + ")");
}

std::string ApiClient::describeServerError(int status, const std::string& reason,
                                           const std::string& body) const {
    std::string text = "HTTP " + std::to_string(status);
    if (!reason.empty()) text += " " + shorten(reason);
    std::string message = shorten(scrubSecret(serverMessageOf(body), _apiKey));
    if (!message.empty()) text += ": " + message;
    return scrubSecret(text, _apiKey);
}

}  // namespace lucca
