#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace Lucca {
namespace Simulator {

/// Appends `text` as a JSON string literal with its quotes. Quotes,
/// backslashes and control characters are escaped; every other byte,
/// including UTF-8 sequences, is copied unchanged.
inline void appendJsonString(std::string& out, std::string_view text) {
    static const char* hex = "0123456789abcdef";
    out.push_back('"');
    std::size_t plainStart = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + plainStart, i - plainStart);
        plainStart = i + 1;
        switch (c) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            default:
                out.append("\\u00");
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xf]);
        }
    }
    out.append(text.data() + plainStart, text.size() - plainStart);
    out.push_back('"');
}

/// Appends a JSON object key with its quotes and colon. `key` must need no escaping.
inline void appendJsonKey(std::string& out, std::string_view key) {
    out.push_back('"');
    out.append(key);
    out.append("\":");
}

/// Appends a decimal integer.
inline void appendJsonInt(std::string& out, std::int64_t value) {
    char buffer[24];
    char* end = buffer + sizeof buffer;
    char* start = end;
    const bool negative = value < 0;
    auto magnitude = negative ? 0 - static_cast<std::uint64_t>(value)
                              : static_cast<std::uint64_t>(value);
    do {
        *--start = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (negative) *--start = '-';
    out.append(start, static_cast<std::size_t>(end - start));
}

}  // namespace Simulator
}  // namespace Lucca
