#include "TableName.h"

#include <cctype>
#include <stdexcept>

namespace lucca {

namespace {

constexpr std::size_t maxIdentifierLength = 63;

bool isPlainIdentifier(const std::string& part) {
    if (part.empty() || part.size() > maxIdentifierLength) return false;
    if (std::isdigit(static_cast<unsigned char>(part[0]))) return false;
    for (char c : part) {
        const bool isAsciiLetter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool isAsciiDigit = c >= '0' && c <= '9';
        if (!isAsciiLetter && !isAsciiDigit && c != '_') return false;
    }
    return true;
}

std::string toLowerAscii(std::string text) {
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

[[noreturn]] void rejectTableName(const std::string& value, bool allowSchema) {
    std::string message = "invalid value for 'table': \"" + value +
                          "\"; expected letters, digits and underscores, not starting with a "
                          "digit, at most 63 characters";
    if (allowSchema) message += ", optionally preceded by a schema and a dot";
    throw std::invalid_argument(message);
}

}  // namespace

TableName TableName::parse(const std::string& value, bool allowSchema, bool foldToLowerCase) {
    TableName table;
    const std::size_t dot = value.find('.');
    if (dot == std::string::npos) {
        table._name = value;
    } else {
        if (!allowSchema) rejectTableName(value, allowSchema);
        table._schema = value.substr(0, dot);
        table._name = value.substr(dot + 1);
        if (!isPlainIdentifier(table._schema)) rejectTableName(value, allowSchema);
    }
    if (!isPlainIdentifier(table._name)) rejectTableName(value, allowSchema);

    if (foldToLowerCase) {
        table._schema = toLowerAscii(table._schema);
        table._name = toLowerAscii(table._name);
    }
    return table;
}

std::string TableName::display() const { return _schema.empty() ? _name : _schema + "." + _name; }

std::string TableName::quoted() const {
    if (_schema.empty()) return quoteIdentifier(_name);
    return quoteIdentifier(_schema) + "." + quoteIdentifier(_name);
}

std::string TableName::quotedIndexName(const std::string& suffix) const {
    // PostgreSQL silently truncates longer names, which could give both
    // indexes the same name, so the table part is shortened instead.
    // NOTE: two tables whose names share their first 50 or so characters get
    // the same index names, and the second table is then left without indexes.
    const std::size_t tableLength = maxIdentifierLength - suffix.size() - 1;
    return quoteIdentifier(_name.substr(0, tableLength) + "_" + suffix);
}

std::string quoteIdentifier(const std::string& identifier) {
    std::string quoted = "\"";
    for (char c : identifier) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

}  // namespace lucca
