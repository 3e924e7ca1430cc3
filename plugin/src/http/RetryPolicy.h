// Delays between attempts of a failed request.
#pragma once

#include <chrono>
#include <optional>
#include <random>

#include "config/ConnectorConfig.h"

namespace lucca {

/// Computes retry delays: exponential backoff with full jitter, or the
/// server's Retry-After when it sent one. Not thread-safe.
class RetryPolicy {
public:
    explicit RetryPolicy(const RetryConfig& config);

    /// Returns whether a request that failed on attempt `attempt` (1-based)
    /// may be sent again.
    bool mayRetry(int attempt) const { return attempt < _config.maxAttempts; }

    /// Returns the delay before the attempt after `attempt`: a random value
    /// between 0 and min(maxBackoffMs, initialBackoffMs * 2^(attempt-1)), or
    /// `retryAfter` capped at maxRetryAfterSeconds when given.
    std::chrono::milliseconds delayAfter(int attempt,
                                         std::optional<std::chrono::seconds> retryAfter);

private:
    RetryConfig _config;
    std::mt19937_64 _random;
};

}  // namespace lucca
