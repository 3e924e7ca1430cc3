// The columns of the time-entries table, shared by both writers.
#pragma once

#include <array>
#include <string>

namespace lucca {

/// The kind of value a column contains. Each writer maps it to its own SQL type.
enum class ColumnKind {
    Key,       ///< the entry id, primary key
    BigInt,    ///< an id of another object
    Integer,   ///< a small number: duration in seconds or an enumeration
    Text,      ///< any Unicode text
    DateTime,  ///< naive wall time as Lucca sends it
    Json,      ///< the entry's JSON object exactly as received
    SyncedAt,  ///< UTC time the row was written
};

/// One column of the table.
struct ColumnDefinition {
    const char* name;
    ColumnKind kind;
};

/// Every column, in the order of TimeEntryRow's fields, then synced_at.
inline constexpr std::array<ColumnDefinition, 19> timeEntryColumns{{
    {"id", ColumnKind::Key},
    {"owner_id", ColumnKind::BigInt},
    {"owner_name", ColumnKind::Text},
    {"legal_entity_id", ColumnKind::BigInt},
    {"starts_at", ColumnKind::DateTime},
    {"ends_at", ColumnKind::DateTime},
    {"duration_seconds", ColumnKind::Integer},
    {"unit", ColumnKind::Integer},
    {"layer", ColumnKind::Integer},
    {"creation_source", ColumnKind::Integer},
    {"time_type_id", ColumnKind::BigInt},
    {"timesheet_id", ColumnKind::BigInt},
    {"comment", ColumnKind::Text},
    {"author_id", ColumnKind::BigInt},
    {"modifier_id", ColumnKind::BigInt},
    {"created_at", ColumnKind::DateTime},
    {"modified_at", ColumnKind::DateTime},
    {"raw_json", ColumnKind::Json},
    {"synced_at", ColumnKind::SyncedAt},
}};

/// Returns the quoted column names separated by commas. When `withSyncedAt`
/// is false, synced_at, the last column, is left out.
std::string quotedColumnList(bool withSyncedAt);

}  // namespace lucca
