#include "RateLimiter.h"

namespace Lucca {
namespace Simulator {

int RateLimiter::admit(const std::string& key) {
    if (_perMinute <= 0) return 0;
    const auto now = Clock::now();
    const auto window = std::chrono::seconds(60);
    auto& accepted = _accepted[key];
    while (!accepted.empty() && now - accepted.front() >= window) accepted.pop_front();

    if (accepted.size() < static_cast<std::size_t>(_perMinute)) {
        accepted.push_back(now);
        return 0;
    }
    const auto wait = window - (now - accepted.front());
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait).count() + 1;
    return static_cast<int>(seconds);
}

void RateLimiter::setPerMinute(int perMinute) {
    _perMinute = perMinute;
    _accepted.clear();
}

}  // namespace Simulator
}  // namespace Lucca
