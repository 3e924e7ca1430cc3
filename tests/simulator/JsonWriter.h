#pragma once

#include "WallTime.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace Lucca {
namespace Simulator {

/// Appends JSON text to a std::string through a raw cursor, for the pages
/// that must be written fast. The caller reserves an upper bound of the
/// bytes it will write with reserve(), writes without further checks, and
/// calls finish() to trim the string to what was written.
///
/// Not copyable. The string must not be used directly between reserve()
/// and finish().
class JsonWriter {
public:
    /// Starts writing at the end of `out`.
    explicit JsonWriter(std::string& out) : _out(out), _written(out.size()) {}

    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    /// Makes room for at least `bytes` more characters. The string's own
    /// capacity grows geometrically, so only the new room is zero-filled.
    void reserve(std::size_t bytes) {
        const std::size_t written = position();
        if (_out.size() - written < bytes) _out.resize(written + bytes);
        _cursor = _out.data() + written;
    }

    /// Trims the string to the characters written so far.
    void finish() { _out.resize(position()); }

    /// Writes text that needs no escaping, such as `,"ownerId":`.
    template <std::size_t N>
    void literal(const char (&text)[N]) {
        std::memcpy(_cursor, text, N - 1);
        _cursor += N - 1;
    }

    /// Writes text that needs no escaping; the length is not a constant.
    void raw(std::string_view text) {
        std::memcpy(_cursor, text.data(), text.size());
        _cursor += text.size();
    }

    void character(char c) { *_cursor++ = c; }

    /// Writes a decimal integer (at most 20 characters).
    void integer(std::int64_t value) {
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
        raw(std::string_view(start, static_cast<std::size_t>(end - start)));
    }

    /// Writes a quoted, escaped string: at most 6 characters per input byte plus 2.
    void string(std::string_view text) {
        static const char* hex = "0123456789abcdef";
        *_cursor++ = '"';
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte >= 0x20 && c != '"' && c != '\\') {
                *_cursor++ = c;
                continue;
            }
            *_cursor++ = '\\';
            switch (c) {
                case '"': *_cursor++ = '"'; break;
                case '\\': *_cursor++ = '\\'; break;
                case '\n': *_cursor++ = 'n'; break;
                case '\r': *_cursor++ = 'r'; break;
                case '\t': *_cursor++ = 't'; break;
                case '\b': *_cursor++ = 'b'; break;
                case '\f': *_cursor++ = 'f'; break;
                default:
                    literal("u00");
                    *_cursor++ = hex[byte >> 4];
                    *_cursor++ = hex[byte & 0xf];
            }
        }
        *_cursor++ = '"';
    }

    /// Writes a quoted date-time, or null (at most MaxDateTimeLength + 2 characters).
    void dateTime(Ticks ticks) {
        if (ticks == NullTicks) {
            literal("null");
            return;
        }
        *_cursor++ = '"';
        _cursor = writeDateTime(_cursor, ticks);
        *_cursor++ = '"';
    }

    /// Writes a quoted TimeSpan (at most MaxDurationLength + 2 characters).
    void duration(std::int32_t seconds) {
        *_cursor++ = '"';
        _cursor = writeDuration(_cursor, seconds);
        *_cursor++ = '"';
    }

private:
    std::size_t position() const {
        return _cursor == nullptr ? _written : static_cast<std::size_t>(_cursor - _out.data());
    }

    std::string& _out;
    std::size_t _written;
    char* _cursor = nullptr;
};

}  // namespace Simulator
}  // namespace Lucca
