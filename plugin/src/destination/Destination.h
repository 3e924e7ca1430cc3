// The destination of a sync: one table of time entries in SQLite or
// PostgreSQL, written page by page as delete-and-replace keyed by id.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lucca {

/// One time entry as stored: the modelled columns and the entry's JSON
/// object exactly as received, so no upstream field is lost. Date-times are
/// the naive Europe/Paris wall-time text Lucca sends.
struct TimeEntryRow {
    std::int64_t id = 0;
    std::optional<std::int64_t> ownerId;
    std::optional<std::string> ownerName;
    std::optional<std::int64_t> legalEntityId;
    std::optional<std::string> startsAt;
    std::optional<std::string> endsAt;
    std::optional<std::int64_t> durationSeconds;
    std::optional<std::int64_t> unit;
    std::optional<std::int64_t> layer;
    std::optional<std::int64_t> creationSource;
    std::optional<std::int64_t> timeTypeId;
    std::optional<std::int64_t> timesheetId;
    std::optional<std::string> comment;  ///< comment.content
    std::optional<std::int64_t> authorId;
    std::optional<std::int64_t> modifierId;
    std::optional<std::string> createdAt;
    std::optional<std::string> modifiedAt;
    std::string json;
};

/// A destination error that repeats on every retry until a person acts: a
/// change to the configuration, the file system, the database's grants or
/// the table, or to the data Lucca sends. Examples: a missing directory, a
/// reserved table name, a denied privilege, a value the column type rejects.
class PermanentDestinationError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The changes one page brings: rows to delete by id, then rows to insert.
/// An id may appear in both lists only if the caller wants it replaced.
struct PageChanges {
    std::vector<TimeEntryRow> upserts;
    std::vector<std::int64_t> deletes;
};

/// Connection settings of a destination. Holds the password separately, so that
/// describe() and errors never show it.
struct DestinationConfig {
    enum class Kind { SQLite, PostgreSQL };
    Kind kind = Kind::SQLite;
    std::string path;        ///< SQLite database file
    std::string connection;  ///< PostgreSQL conninfo or URI, without the password
    std::string password;    ///< secret, PostgreSQL only
    std::string table = "lucca_time_entries";
};

/// A table of time entries. Not thread-safe: one thread at a time uses an
/// instance. Destroying it rolls back an open transaction.
/// Every method throws std::runtime_error (or a subclass, such as
/// PermanentDestinationError) with a message that names the destination and
/// never contains the password.
class Destination {
public:
    virtual ~Destination() = default;

    /// Creates the table and its indexes when missing.
    virtual void prepare() = 0;

    /// Writes one page into the open transaction, and opens one when none is
    /// open: every id in `deletes` and in `upserts` is removed, then every row
    /// of `upserts` is inserted. When an id appears more than once in
    /// `upserts`, the last of those rows is kept. Nothing is visible to other
    /// connections before commit(). When write() throws, the whole open
    /// transaction is rolled back, with the pages written before this one.
    virtual void write(const PageChanges& page) = 0;

    /// Commits the open transaction, if any. When it throws, the transaction
    /// is rolled back.
    virtual void commit() = 0;

    /// Rolls the open transaction back, if any. Never throws: a connection
    /// that is already broken has lost the transaction anyway.
    virtual void rollback() noexcept = 0;

    /// Writes one page and commits: write(), then commit(). Pages written
    /// before it in the open transaction are committed with it.
    void apply(const PageChanges& page) {
        write(page);
        commit();
    }

    /// Returns the number of rows in the table.
    virtual std::int64_t rowCount() = 0;

    /// Reads every row ordered by id. Loads the whole table in memory, so it
    /// suits tests and checks of small tables. PostgreSQL returns date-times
    /// as it stores them: at most 6 fractional digits, trailing zeros removed.
    virtual std::vector<TimeEntryRow> readAll() = 0;

    /// Returns a one-line description without secrets, such as
    /// "sqlite /var/lib/sync/lucca.db, table lucca_time_entries".
    virtual std::string describe() const = 0;
};

/// Opens the destination named by `config`. Throws when the table name is
/// not a plain SQL identifier or the database cannot be opened.
std::unique_ptr<Destination> openDestination(const DestinationConfig& config);

}  // namespace lucca
