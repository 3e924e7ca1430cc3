// Rows in the text format of PostgreSQL's COPY ... FROM STDIN.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucca {

/// Builds COPY text-format data in one reusable buffer: fields separated by
/// tabs, rows ended by newlines, NULL written as \N, and backslash, tab,
/// newline and carriage return escaped with a backslash. NUL bytes, which
/// PostgreSQL text cannot contain, are dropped. Other bytes, including UTF-8
/// sequences, are copied as they are, so the connection's client_encoding
/// must be UTF8.
class CopyTextEncoder {
public:
    /// Empties the buffer but keeps its capacity.
    void clear();

    /// Appends an integer field.
    void appendInteger(std::int64_t value);

    /// Appends an integer field, or NULL when `value` is empty.
    void appendInteger(const std::optional<std::int64_t>& value);

    /// Appends a text field, escaped.
    void appendText(std::string_view value);

    /// Appends a text field, or NULL when `value` is empty.
    void appendText(const std::optional<std::string>& value);

    /// Appends a NULL field.
    void appendNull();

    /// Ends the current row.
    void endRow();

    /// Returns the encoded rows.
    const std::string& data() const { return _buffer; }

private:
    void startField();

    std::string _buffer;
    bool _rowHasField = false;
};

}  // namespace lucca
