// The self-checking state value that the test connector's "counter" mode
// writes, shared with the tests that verify it after a SIGKILL.
#ifndef TEST_PLUGINS_COUNTER_VALUE_H
#define TEST_PLUGINS_COUNTER_VALUE_H

#include <cstdint>
#include <optional>
#include <string>

namespace test_plugins {

/// Length of the pseudo-random filler, large enough to span several
/// SQLite pages so that a torn write would show.
constexpr std::size_t kCounterFillerLength = 12000;

/// Returns the value for counter `number`: "counter:N:", then filler bytes
/// derived from N, then ":end:N". Because the filler differs for each N, a
/// value mixed from two writes fails parseCounterValue.
inline std::string counterValue(std::uint64_t number) {
    std::string value = "counter:" + std::to_string(number) + ":";
    std::uint64_t generator = number * 6364136223846793005ULL + 1442695040888963407ULL;
    for (std::size_t i = 0; i < kCounterFillerLength; ++i) {
        generator = generator * 6364136223846793005ULL + 1442695040888963407ULL;
        value += static_cast<char>('a' + (generator >> 59) % 26);
    }
    return value + ":end:" + std::to_string(number);
}

/// Returns N when `value` is exactly counterValue(N), or nothing when the
/// value is damaged.
inline std::optional<std::uint64_t> parseCounterValue(const std::string& value) {
    const std::string prefix = "counter:";
    if (value.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
    std::size_t end = value.find(':', prefix.size());
    if (end == std::string::npos || end == prefix.size()) return std::nullopt;
    std::uint64_t number = 0;
    for (std::size_t i = prefix.size(); i < end; ++i) {
        if (value[i] < '0' || value[i] > '9') return std::nullopt;
        number = number * 10 + static_cast<std::uint64_t>(value[i] - '0');
    }
    if (value != counterValue(number)) return std::nullopt;
    return number;
}

}  // namespace test_plugins

#endif
