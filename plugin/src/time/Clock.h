// The source of the sync start time, replaceable in tests.
#pragma once

#include <chrono>
#include <memory>

namespace lucca {

/// Source of the current UTC time. Implementations are thread-safe.
class Clock {
public:
    virtual ~Clock() = default;

    /// Returns the current time.
    virtual std::chrono::system_clock::time_point now() const = 0;
};

/// The host's system clock.
class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

/// Another clock shifted by a fixed number of seconds. Lets a sync run against
/// an upstream whose clock differs from the host's, such as a simulator with a
/// settable clock (configuration key `clockOffsetSeconds`).
class OffsetClock final : public Clock {
public:
    /// Shares ownership of `base`.
    OffsetClock(std::shared_ptr<const Clock> base, std::chrono::seconds offset)
        : _base(std::move(base)), _offset(offset) {}

    std::chrono::system_clock::time_point now() const override { return _base->now() + _offset; }

private:
    std::shared_ptr<const Clock> _base;
    std::chrono::seconds _offset;
};

}  // namespace lucca
