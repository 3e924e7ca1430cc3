#include "http/RateLimiter.h"

#include <algorithm>

namespace lucca {

RateLimiter::RateLimiter(int perMinute, int burst)
    : _tokensPerSecond(perMinute / 60.0),
      _capacity(std::max(1, burst)),
      _tokens(_capacity),
      _updated(Clock::now()) {}

RateLimiter::Clock::duration RateLimiter::reserve() {
    std::lock_guard<std::mutex> lock(_mutex);
    Clock::time_point now = Clock::now();
    double elapsed = std::chrono::duration<double>(now - _updated).count();
    _tokens = std::min(_capacity, _tokens + elapsed * _tokensPerSecond);
    _updated = now;

    // The token may go negative: later callers then queue behind this one.
    _tokens -= 1.0;
    if (_tokens >= 0.0) return Clock::duration::zero();
    double waitSeconds = -_tokens / _tokensPerSecond;
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(waitSeconds));
}

}  // namespace lucca
