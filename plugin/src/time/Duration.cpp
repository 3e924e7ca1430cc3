#include "time/Duration.h"

namespace lucca {
namespace {

/// Reads one or more digits at `pos` into `value`, at most `maxDigits`.
bool readNumber(std::string_view text, std::size_t& pos, std::size_t maxDigits,
                std::int64_t& value) {
    std::size_t start = pos;
    value = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (pos - start == maxDigits) return false;
        value = value * 10 + (text[pos] - '0');
        ++pos;
    }
    return pos > start;
}

bool readTwoDigits(std::string_view text, std::size_t& pos, std::int64_t max, std::int64_t& value) {
    std::size_t start = pos;
    return readNumber(text, pos, 2, value) && pos - start == 2 && value <= max;
}

}  // namespace

std::optional<std::int64_t> parseDurationSeconds(std::string_view text) {
    std::size_t pos = 0;
    bool negative = !text.empty() && text[0] == '-';
    if (negative) ++pos;

    // 1. Optional days, distinguished from hours by the '.' that follows them.
    std::int64_t days = 0;
    std::size_t dot = text.find('.', pos);
    std::size_t colon = text.find(':', pos);
    if (dot != std::string_view::npos && dot < colon) {
        if (!readNumber(text, pos, 8, days) || pos != dot) return std::nullopt;
        ++pos;
    }

    // 2. hh:mm:ss, each exactly two digits.
    std::int64_t hours, minutes, seconds;
    if (!readTwoDigits(text, pos, 23, hours)) return std::nullopt;
    if (pos >= text.size() || text[pos++] != ':') return std::nullopt;
    if (!readTwoDigits(text, pos, 59, minutes)) return std::nullopt;
    if (pos >= text.size() || text[pos++] != ':') return std::nullopt;
    if (!readTwoDigits(text, pos, 59, seconds)) return std::nullopt;

    // 3. Optional fraction of a second, 1 to 7 digits, dropped.
    if (pos < text.size()) {
        if (text[pos++] != '.') return std::nullopt;
        std::int64_t fraction;
        if (!readNumber(text, pos, 7, fraction) || pos != text.size()) return std::nullopt;
    }

    std::int64_t total = ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
    return negative ? -total : total;
}

}  // namespace lucca
