#include "CopyTextEncoder.h"

#include <charconv>

namespace lucca {

void CopyTextEncoder::clear() {
    _buffer.clear();
    _rowHasField = false;
}

void CopyTextEncoder::startField() {
    if (_rowHasField) _buffer += '\t';
    _rowHasField = true;
}

void CopyTextEncoder::appendInteger(std::int64_t value) {
    startField();
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    _buffer.append(digits, result.ptr);
}

void CopyTextEncoder::appendInteger(const std::optional<std::int64_t>& value) {
    if (value) {
        appendInteger(*value);
    } else {
        appendNull();
    }
}

void CopyTextEncoder::appendText(std::string_view value) {
    startField();
    // Copies runs of plain bytes at once and escapes the four special ones.
    // PostgreSQL text cannot contain a NUL byte, so NUL bytes are dropped:
    // failing the page instead would stop the sync on that entry for good,
    // and raw_json still keeps the original text.
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char escaped = 0;
        switch (value[i]) {
            case '\0':
                _buffer.append(value.data() + runStart, i - runStart);
                runStart = i + 1;
                continue;
            case '\\':
                escaped = '\\';
                break;
            case '\t':
                escaped = 't';
                break;
            case '\n':
                escaped = 'n';
                break;
            case '\r':
                escaped = 'r';
                break;
            default:
                continue;
        }
        _buffer.append(value.data() + runStart, i - runStart);
        _buffer += '\\';
        _buffer += escaped;
        runStart = i + 1;
    }
    _buffer.append(value.data() + runStart, value.size() - runStart);
}

void CopyTextEncoder::appendText(const std::optional<std::string>& value) {
    if (value) {
        appendText(std::string_view(*value));
    } else {
        appendNull();
    }
}

void CopyTextEncoder::appendNull() {
    startField();
    _buffer += "\\N";
}

void CopyTextEncoder::endRow() {
    _buffer += '\n';
    _rowHasField = false;
}

}  // namespace lucca
