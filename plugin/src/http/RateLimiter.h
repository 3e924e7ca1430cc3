// Client-side limit on the request rate to one tenant.
#pragma once

#include <chrono>
#include <mutex>

namespace lucca {

/// Token bucket that admits `perMinute` requests a minute on average, with
/// bursts of at most `burst` requests. Thread-safe.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(int perMinute, int burst);

    /// Takes one token and returns how long the caller must wait before
    /// sending: zero when a token was available. Never blocks.
    Clock::duration reserve();

private:
    std::mutex _mutex;
    double _tokensPerSecond;
    double _capacity;
    double _tokens;
    Clock::time_point _updated;
};

}  // namespace lucca
