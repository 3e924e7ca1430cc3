// The validated name of the time-entries table.
#pragma once

#include <string>

namespace lucca {

/// A table name that is a plain SQL identifier, optionally qualified by a
/// schema: letters, digits and underscores, not starting with a digit, at most
/// 63 characters per part (PostgreSQL's identifier limit).
class TableName {
public:
    /// Parses `value`, the `table` configuration key. Accepts `schema.table`
    /// only when `allowSchema` is true. When `foldToLowerCase` is true the
    /// name is lower-cased, as PostgreSQL does with unquoted identifiers, so
    /// that users can query the table without quotes. Throws
    /// std::invalid_argument naming the key and the value when it is invalid.
    static TableName parse(const std::string& value, bool allowSchema, bool foldToLowerCase);

    /// Returns the schema, or an empty string when none was given.
    const std::string& schema() const { return _schema; }

    /// Returns the table name without its schema.
    const std::string& name() const { return _name; }

    /// Returns the name as written in messages, such as `sync.time_entries`.
    std::string display() const;

    /// Returns the name quoted for SQL, such as `"sync"."time_entries"`.
    std::string quoted() const;

    /// Returns the quoted, unqualified name of an index of this table:
    /// the table name, an underscore and `suffix`, shortened to 63 characters.
    std::string quotedIndexName(const std::string& suffix) const;

private:
    std::string _schema;
    std::string _name;
};

/// Quotes `identifier` with double quotes, doubling any embedded quote.
std::string quoteIdentifier(const std::string& identifier);

}  // namespace lucca
