// The watermark of a partition: the Europe/Paris wall time, at minute
// precision, at which the last successful sync started.
#pragma once

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace lucca {

/// Returns the watermark of a sync that starts at `start`: its Europe/Paris
/// wall time (CET or CEST from the tz database, whatever the process time
/// zone), rounded down to the minute, as "YYYY-MM-DDTHH:MM:SS". Throws
/// std::runtime_error when the tz database has no Europe/Paris.
std::string watermarkAt(std::chrono::system_clock::time_point start);

/// Returns the watermark of a sync that started at `start` and whose first
/// response carried the server time `serverTime` (a naive Europe/Paris
/// date-time with 0 to 7 fractional digits, as in the response header's
/// `generated`): watermarkAt() of the earlier of the two instants. A server
/// time in the repeated autumn hour counts as the earlier of its two
/// instants.
///
/// Lucca stamps `modifiedAt` with its own clock. When that clock is behind
/// the host's, a watermark from the host clock alone lies in the server's
/// future, and entries changed in between would never be fetched. The host
/// side is compared as an instant, not as wall-time text, because the text
/// of a start in the repeated hour does not tell which occurrence it was.
/// Returns watermarkAt(start) when `serverTime` does not parse.
std::string earlierWatermark(std::chrono::system_clock::time_point start,
                             std::string_view serverTime);

/// Parses "YYYY-MM-DDTHH:MM:SS" (no fraction, no offset) into a naive wall
/// time. Returns nothing for any other text.
std::optional<date::local_seconds> parseWallTime(std::string_view text);

/// Formats a naive wall time as "YYYY-MM-DDTHH:MM:SS".
std::string formatWallTime(date::local_seconds time);

/// Returns whether `time` is a wall time that Europe/Paris shows twice, in the
/// hour repeated when summer time ends (for example 02:00 to 02:59 on
/// 2026-10-25).
bool isRepeatedParisHour(date::local_seconds time);

/// Returns the lower bound of the `modifiedAt`/`archivedAt` filters for a
/// stored watermark: the Paris wall time `overlapMinutes` of real time before
/// the watermark, and one more hour earlier when the watermark or that time
/// lies in the repeated autumn hour.
///
/// Lucca compares naive wall times. A watermark taken at 02:50 CEST is later,
/// as text, than an entry modified at 02:10 CET half an hour afterwards, so a
/// plain `since` would skip that entry. Starting one hour earlier covers the
/// whole repeated hour. The extra entries are rewritten by id, which is
/// harmless. Throws std::invalid_argument when `watermark` does not parse.
std::string querySince(std::string_view watermark, int overlapMinutes);

}  // namespace lucca
