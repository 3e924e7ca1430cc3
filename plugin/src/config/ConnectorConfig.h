// The connector's configuration: the typed form of the JSON object a host
// passes to configure().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "destination/Destination.h"

namespace lucca {

/// Retry policy of HTTP requests: exponential backoff with full jitter.
struct RetryConfig {
    int maxAttempts = 5;             ///< attempts per request, the first one included
    int initialBackoffMs = 500;      ///< upper bound of the first random delay
    int maxBackoffMs = 30000;        ///< cap of every random delay
    int maxRetryAfterSeconds = 120;  ///< cap of a server's Retry-After
};

/// TLS settings of https:// base URLs.
struct TlsConfig {
    bool verify = true;  ///< verify the server certificate and host name
    std::string caFile;  ///< PEM file of extra trusted CAs; empty for the system store
};

/// The entries a sync covers, split into partitions that each keep a watermark.
struct ScopeConfig {
    enum class Kind { Tenant, LegalEntities, Owners };
    Kind kind = Kind::Tenant;
    std::vector<std::int64_t> ids;  ///< legal entity or owner ids, empty for Tenant
};

/// The whole configuration, validated. Holds the API key and the database
/// password: never print it whole.
struct ConnectorConfig {
    std::string baseUrl;  ///< scheme, host, optional port and path, without trailing slash
    std::string apiKey;
    bool allowInsecureHttp = false;
    int pageSize = 1000;
    int requestTimeoutSeconds = 30;
    RetryConfig retry;
    int rateLimitPerMinute = 50;
    int partitionConcurrency = 2;  ///< partitions synced at the same time
    TlsConfig tls;
    ScopeConfig scope;
    DestinationConfig destination;
    int overlapMinutes = 0;
    std::vector<std::string> extraFields;  ///< appended to the requested `fields`
    std::int64_t clockOffsetSeconds = 0;   ///< added to the host clock, see docs
};

/// Parses and validates a JSON configuration object. Performs no network or
/// database access. Throws connector::PermanentError whose message starts with
/// the key path, such as "retry.maxAttempts: expected an integer".
ConnectorConfig parseConnectorConfig(const std::string& json);

/// Returns whether `host` (a name or an IPv4/IPv6 literal, without brackets)
/// is the loopback interface.
bool isLoopbackHost(const std::string& host);

}  // namespace lucca
