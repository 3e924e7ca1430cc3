#include "http/RetryPolicy.h"

#include <algorithm>

namespace lucca {

RetryPolicy::RetryPolicy(const RetryConfig& config)
    : _config(config), _random(std::random_device{}()) {}

std::chrono::milliseconds RetryPolicy::delayAfter(int attempt,
                                                  std::optional<std::chrono::seconds> retryAfter) {
    if (retryAfter) {
        std::chrono::seconds cap(_config.maxRetryAfterSeconds);
        return std::chrono::milliseconds(std::clamp(*retryAfter, std::chrono::seconds(0), cap));
    }
    double ceiling = static_cast<double>(_config.initialBackoffMs);
    for (int i = 1; i < attempt && ceiling < _config.maxBackoffMs; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, static_cast<double>(_config.maxBackoffMs));
    std::uniform_real_distribution<double> jitter(0.0, ceiling);
    return std::chrono::milliseconds(static_cast<std::int64_t>(jitter(_random)));
}

}  // namespace lucca
