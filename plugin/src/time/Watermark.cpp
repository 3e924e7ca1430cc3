#include "time/Watermark.h"

#include <date/tz.h>

#include <cstdio>
#include <stdexcept>

namespace lucca {
namespace {

const date::time_zone* parisZone() {
    // locate_zone() throws std::runtime_error when the zone is missing.
    static const date::time_zone* zone = date::locate_zone("Europe/Paris");
    return zone;
}

bool parseDigits(std::string_view text, std::size_t offset, std::size_t count, int& value) {
    value = 0;
    for (std::size_t i = offset; i < offset + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        value = value * 10 + (text[i] - '0');
    }
    return true;
}

}  // namespace

std::string watermarkAt(std::chrono::system_clock::time_point start) {
    date::zoned_time<std::chrono::system_clock::duration> zoned(parisZone(), start);
    auto local = date::floor<std::chrono::minutes>(zoned.get_local_time());
    return formatWallTime(date::local_seconds(local));
}

std::string earlierWatermark(std::chrono::system_clock::time_point start,
                             std::string_view serverTime) {
    // The fraction, if any, is dropped: rounding down to the minute follows.
    std::optional<date::local_seconds> server = parseWallTime(serverTime.substr(0, 19));
    bool fractionValid = serverTime.size() == 19 ||
                         (serverTime.size() > 20 && serverTime.size() <= 27 && serverTime[19] == '.' &&
                          serverTime.find_first_not_of("0123456789", 20) == std::string_view::npos);
    if (!server || !fractionValid) return watermarkAt(start);

    // An ambiguous server time is read as its first occurrence, the earlier
    // instant, so the watermark never lies after the server's clock.
    auto serverInstant = parisZone()->to_sys(*server, date::choose::earliest);
    return watermarkAt(std::min<std::chrono::system_clock::time_point>(start, serverInstant));
}

std::optional<date::local_seconds> parseWallTime(std::string_view text) {
    if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    int year, month, day, hour, minute, second;
    if (!parseDigits(text, 0, 4, year) || !parseDigits(text, 5, 2, month) ||
        !parseDigits(text, 8, 2, day) || !parseDigits(text, 11, 2, hour) ||
        !parseDigits(text, 14, 2, minute) || !parseDigits(text, 17, 2, second)) {
        return std::nullopt;
    }
    date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                             date::day(static_cast<unsigned>(day))};
    if (!ymd.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
    return date::local_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second);
}

std::string formatWallTime(date::local_seconds time) {
    return date::format("%Y-%m-%dT%H:%M:%S", time);
}

bool isRepeatedParisHour(date::local_seconds time) {
    return parisZone()->get_info(time).result == date::local_info::ambiguous;
}

std::string querySince(std::string_view watermark, int overlapMinutes) {
    std::optional<date::local_seconds> time = parseWallTime(watermark);
    if (!time) {
        throw std::invalid_argument("invalid watermark '" + std::string(watermark) +
                                    "': expected YYYY-MM-DDTHH:MM:SS");
    }

    // The overlap is real time, so it is subtracted from the instant: across
    // the spring-forward gap, 03:00 minus 2 minutes is 01:58, and a naive
    // 02:58 would skip the entries modified from 01:58 to 01:59. A repeated
    // wall time is read as its first occurrence and one in the gap as the
    // instant of the change, which can only widen the window.
    std::chrono::system_clock::time_point instant =
        parisZone()->to_sys(*time, date::choose::earliest) - std::chrono::minutes(overlapMinutes);
    date::zoned_time<std::chrono::system_clock::duration> zoned(parisZone(), instant);
    auto since = date::floor<std::chrono::seconds>(zoned.get_local_time());

    // Wall time goes back an hour after the repeated hour's first occurrence,
    // so when the watermark or the bound lies in it, entries modified later
    // may read as early as 02:00. An overlap longer than an hour can put the
    // bound there although the watermark lies after it.
    if (isRepeatedParisHour(*time) || isRepeatedParisHour(since)) since -= std::chrono::hours(1);
    return formatWallTime(since);
}

}  // namespace lucca
