#include "WallTime.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <chrono>

namespace Lucca {
namespace Simulator {

namespace {

using TickDuration = std::chrono::duration<Ticks, std::ratio<1, 10'000'000>>;

char* writeDigits(char* out, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return out + width;
}

Ticks floorDiv(Ticks value, Ticks divisor) {
    Ticks quotient = value / divisor;
    if (value % divisor != 0 && ((value < 0) != (divisor < 0))) --quotient;
    return quotient;
}

const date::time_zone* parisZone() {
    static const date::time_zone* zone = date::locate_zone("Europe/Paris");
    return zone;
}

bool readNumber(std::string_view text, std::size_t& position, int digits, int& value) {
    if (position + static_cast<std::size_t>(digits) > text.size()) return false;
    value = 0;
    for (int i = 0; i < digits; ++i) {
        const char c = text[position++];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

bool readOffset(std::string_view text, std::size_t position, Ticks& offset) {
    const char sign = text[position++];
    if (sign != '+' && sign != '-' && sign != ' ') return false;
    int hours = 0;
    int minutes = 0;
    if (!readNumber(text, position, 2, hours)) return false;
    if (position < text.size() && text[position] == ':') ++position;
    if (!readNumber(text, position, 2, minutes)) return false;
    if (position != text.size() || hours > 14 || minutes > 59) return false;
    offset = (hours * 60 + minutes) * TicksPerMinute;
    if (sign == '-') offset = -offset;
    return true;
}

}  // namespace

char* writeDateTime(char* out, Ticks ticks) {
    const Ticks days = floorDiv(ticks, TicksPerDay);
    const Ticks rest = ticks - days * TicksPerDay;
    const date::year_month_day ymd{date::sys_days{date::days{days}}};
    out = writeDigits(out, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
    *out++ = '-';
    out = writeDigits(out, static_cast<unsigned>(ymd.month()), 2);
    *out++ = '-';
    out = writeDigits(out, static_cast<unsigned>(ymd.day()), 2);
    *out++ = 'T';

    const auto seconds = static_cast<unsigned>(rest / TicksPerSecond);
    auto fraction = static_cast<unsigned>(rest % TicksPerSecond);
    out = writeDigits(out, seconds / 3600, 2);
    *out++ = ':';
    out = writeDigits(out, seconds / 60 % 60, 2);
    *out++ = ':';
    out = writeDigits(out, seconds % 60, 2);
    if (fraction == 0) return out;

    int width = 7;
    while (fraction % 10 == 0) {
        fraction /= 10;
        --width;
    }
    *out++ = '.';
    return writeDigits(out, fraction, width);
}

void appendDateTime(std::string& out, Ticks ticks) {
    char buffer[MaxDateTimeLength];
    out.append(buffer, static_cast<std::size_t>(writeDateTime(buffer, ticks) - buffer));
}

std::string formatDateTime(Ticks ticks) {
    std::string text;
    appendDateTime(text, ticks);
    return text;
}

bool parseDateTime(std::string_view text, ParsedDateTime& result) {
    std::size_t position = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readNumber(text, position, 4, year) || position >= text.size() ||
        text[position++] != '-' || !readNumber(text, position, 2, month) ||
        position >= text.size() || text[position++] != '-' ||
        !readNumber(text, position, 2, day)) {
        return false;
    }
    const date::year_month_day ymd{date::year{year}, date::month{static_cast<unsigned>(month)},
                                   date::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return false;

    Ticks fraction = 0;
    if (position < text.size() && (text[position] == 'T' || text[position] == 't')) {
        ++position;
        if (!readNumber(text, position, 2, hour) || position >= text.size() ||
            text[position++] != ':' || !readNumber(text, position, 2, minute)) {
            return false;
        }
        if (position < text.size() && text[position] == ':') {
            ++position;
            if (!readNumber(text, position, 2, second)) return false;
            if (position < text.size() && text[position] == '.') {
                ++position;
                int digits = 0;
                while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
                    if (digits == 7) return false;
                    fraction = fraction * 10 + (text[position++] - '0');
                    ++digits;
                }
                if (digits == 0) return false;
                for (; digits < 7; ++digits) fraction *= 10;
            }
        }
        if (hour > 23 || minute > 59 || second > 59) return false;
    }

    result.hasOffset = false;
    result.offset = 0;
    if (position < text.size()) {
        if (text[position] == 'Z' || text[position] == 'z') {
            if (position + 1 != text.size()) return false;
            result.hasOffset = true;
        } else {
            if (!readOffset(text, position, result.offset)) return false;
            result.hasOffset = true;
        }
    }
    const Ticks days = date::sys_days{ymd}.time_since_epoch().count();
    result.ticks = days * TicksPerDay + (hour * 3600 + minute * 60 + second) * TicksPerSecond +
                   fraction;
    return true;
}

Ticks parisWallTimeFromUtc(Ticks utc) {
    const date::sys_time<TickDuration> instant{TickDuration{utc}};
    return parisZone()->to_local(instant).time_since_epoch().count();
}

Ticks utcFromParisWallTime(Ticks wall) {
    const date::local_time<TickDuration> local{TickDuration{wall}};
    return parisZone()->to_sys(local, date::choose::earliest).time_since_epoch().count();
}

Ticks toParisWallTime(const ParsedDateTime& value) {
    if (!value.hasOffset) return value.ticks;
    return parisWallTimeFromUtc(value.ticks - value.offset);
}

Ticks systemUtcNow() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<TickDuration>(now).count();
}

char* writeDuration(char* out, std::int32_t seconds) {
    auto magnitude = static_cast<std::uint32_t>(seconds);
    if (seconds < 0) {
        *out++ = '-';
        magnitude = 0u - magnitude;
    }
    const std::uint32_t days = magnitude / 86400;
    magnitude %= 86400;
    if (days > 0) {
        const std::string text = std::to_string(days);
        out = std::copy(text.begin(), text.end(), out);
        *out++ = '.';
    }
    out = writeDigits(out, magnitude / 3600, 2);
    *out++ = ':';
    out = writeDigits(out, magnitude / 60 % 60, 2);
    *out++ = ':';
    return writeDigits(out, magnitude % 60, 2);
}

void appendDuration(std::string& out, std::int32_t seconds) {
    char buffer[MaxDurationLength];
    out.append(buffer, static_cast<std::size_t>(writeDuration(buffer, seconds) - buffer));
}

bool parseDuration(std::string_view text, std::int32_t& seconds) {
    bool negative = false;
    if (!text.empty() && text[0] == '-') {
        negative = true;
        text.remove_prefix(1);
    }
    int days = 0;
    const std::size_t dot = text.find('.');
    const std::size_t colon = text.find(':');
    if (dot != std::string_view::npos && dot < colon) {
        if (dot == 0 || dot > 6) return false;
        for (std::size_t i = 0; i < dot; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            days = days * 10 + (text[i] - '0');
        }
        text.remove_prefix(dot + 1);
    }
    std::size_t position = 0;
    int hours = 0, minutes = 0, secs = 0;
    if (!readNumber(text, position, 2, hours) || position >= text.size() ||
        text[position++] != ':' || !readNumber(text, position, 2, minutes)) {
        return false;
    }
    if (position < text.size()) {
        if (text[position++] != ':' || !readNumber(text, position, 2, secs)) return false;
        if (position < text.size()) {
            if (text[position++] != '.' || position >= text.size()) return false;
            for (; position < text.size(); ++position) {
                if (text[position] < '0' || text[position] > '9') return false;
            }
        }
    }
    if (hours > 23 || minutes > 59 || secs > 59) return false;
    seconds = days * 86400 + hours * 3600 + minutes * 60 + secs;
    if (negative) seconds = -seconds;
    return true;
}

Ticks ticksFromDate(int year, unsigned month, unsigned day) {
    const date::sys_days days{date::year{year} / date::month{month} / date::day{day}};
    return days.time_since_epoch().count() * TicksPerDay;
}

int weekday(Ticks ticks) {
    const date::sys_days days{date::days{floorDiv(ticks, TicksPerDay)}};
    return static_cast<int>(date::weekday{days}.c_encoding());
}

}  // namespace Simulator
}  // namespace Lucca
