#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace Lucca {
namespace Simulator {

/// A point in time counted in 100-nanosecond ticks since 1970-01-01T00:00:00,
/// the resolution of .NET's DateTime. Depending on context it is either a UTC
/// instant or a Europe/Paris wall time without offset, as the API writes them.
using Ticks = std::int64_t;

/// The value of a date-time that is null, for example `archivedAt` of a live entry.
constexpr Ticks NullTicks = INT64_MIN;

constexpr Ticks TicksPerSecond = 10'000'000;
constexpr Ticks TicksPerMinute = 60 * TicksPerSecond;
constexpr Ticks TicksPerDay = 86'400 * TicksPerSecond;

/// The maximum number of characters writeDateTime() writes (years 0 to 9999).
constexpr std::size_t MaxDateTimeLength = 27;

/// The maximum number of characters writeDuration() writes.
constexpr std::size_t MaxDurationLength = 24;

/// Writes `ticks` as `YYYY-MM-DDTHH:MM:SS` followed by the fraction of a
/// second with trailing zeros removed, so 0 to 7 fractional digits, the way
/// .NET writes a DateTime of kind Unspecified. `out` must have room for
/// MaxDateTimeLength characters. Returns the end of the written text.
char* writeDateTime(char* out, Ticks ticks);

/// Appends `ticks` as writeDateTime() writes it.
void appendDateTime(std::string& out, Ticks ticks);

/// Returns `ticks` formatted as appendDateTime() does.
std::string formatDateTime(Ticks ticks);

/// A date-time value read from a query or a request body.
struct ParsedDateTime {
    /// The value as written, without its offset.
    Ticks ticks = 0;

    /// True when the text ended with `Z` or a `+HH:MM`/`-HH:MM` offset.
    bool hasOffset = false;

    /// The offset east of UTC, in ticks, when hasOffset is true.
    Ticks offset = 0;
};

/// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `YYYY-MM-DDTHH:MM:SS` with 0 to 7
/// fractional digits, optionally followed by `Z`, `+HH:MM`, `-HH:MM`, `+HHMM`
/// or `-HHMM`. A space in place of the `+` of an offset is accepted, because
/// an unencoded `+` in a URL query decodes to a space. Returns false on any
/// other text.
bool parseDateTime(std::string_view text, ParsedDateTime& result);

/// Converts a UTC instant to Europe/Paris wall time, using the tz database.
Ticks parisWallTimeFromUtc(Ticks utc);

/// Converts a Europe/Paris wall time to a UTC instant. A wall time inside the
/// spring-forward gap maps to the instant of the change, and a wall time in
/// the repeated autumn hour maps to its first (summer time) occurrence.
Ticks utcFromParisWallTime(Ticks wall);

/// Returns a parsed value as Europe/Paris wall time: values without offset
/// are taken as Paris wall time already, the others are converted.
Ticks toParisWallTime(const ParsedDateTime& value);

/// Returns the current UTC time from the system clock.
Ticks systemUtcNow();

/// Writes a duration in seconds as .NET TimeSpan text `[-][d.]hh:mm:ss`, for
/// example `07:30:00` or `1.00:00:00`. `out` must have room for
/// MaxDurationLength characters. Returns the end of the written text.
char* writeDuration(char* out, std::int32_t seconds);

/// Appends a duration as writeDuration() writes it.
void appendDuration(std::string& out, std::int32_t seconds);

/// Parses TimeSpan text `[-][d.]hh:mm[:ss[.fffffff]]` into whole seconds
/// (fractions are dropped). Returns false on any other text.
bool parseDuration(std::string_view text, std::int32_t& seconds);

/// Returns the Ticks of midnight at the start of a civil date.
Ticks ticksFromDate(int year, unsigned month, unsigned day);

/// Returns the day of the week of a wall time, 0 for Sunday to 6 for Saturday.
int weekday(Ticks ticks);

}  // namespace Simulator
}  // namespace Lucca
