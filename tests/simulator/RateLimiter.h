#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <string>

namespace Lucca {
namespace Simulator {

/// A sliding one-minute window of accepted requests per API key, measured
/// on the monotonic system clock (the simulated clock does not affect it).
/// Not thread-safe: the Simulator's lock guards it.
class RateLimiter {
public:
    /// `perMinute` is the number of requests a key may send in any 60
    /// seconds; 0 turns the limit off.
    explicit RateLimiter(int perMinute = 50) : _perMinute(perMinute) {}

    /// Records a request from `key` and returns 0 when it is allowed, or the
    /// number of seconds (at least 1) to send in `Retry-After` when it is over
    /// the limit. Rejected requests are not recorded.
    int admit(const std::string& key);

    /// Changes the limit and clears the recorded requests.
    void setPerMinute(int perMinute);

    int perMinute() const { return _perMinute; }

private:
    using Clock = std::chrono::steady_clock;

    int _perMinute;
    std::map<std::string, std::deque<Clock::time_point>> _accepted;
};

}  // namespace Simulator
}  // namespace Lucca
