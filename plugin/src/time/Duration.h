// Lucca's duration text, the .NET TimeSpan format "[-][d.]hh:mm:ss[.fffffff]".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lucca {

/// Parses a TimeSpan text such as "08:00:00", "1.00:00:00" or "00:30:00.5"
/// into whole seconds; a fraction is truncated toward zero. Hours must be 0 to
/// 23, minutes and seconds 0 to 59, a fraction 1 to 7 digits. Returns nothing
/// for any other text.
std::optional<std::int64_t> parseDurationSeconds(std::string_view text);

}  // namespace lucca
