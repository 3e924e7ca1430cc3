#include "SQLiteDestination.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "TimeEntryColumns.h"

namespace lucca {

namespace {

// Waits this long for another connection's write lock before a page fails.
constexpr int busyTimeoutMilliseconds = 5000;

// Returns the current UTC time as ISO-8601 text with milliseconds, such as
// 2024-07-05T09:12:33.517Z.
std::string currentUtcTimestamp() {
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t seconds = system_clock::to_time_t(now);
    const auto milliseconds =
        duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
    std::tm utc{};
    ::gmtime_r(&seconds, &utc);
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                  utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                  static_cast<int>(milliseconds.count()));
    return text;
}

std::string directoryOf(const std::string& path) {
    const std::string parent = std::filesystem::path(path).parent_path().string();
    return parent.empty() ? "." : parent;
}

// Checks the directory first, so that errors name the real cause instead of
// SQLite's generic "unable to open database file".
void checkDirectory(const std::string& path) {
    const std::string directory = directoryOf(path);
    struct stat status {};
    if (::stat(directory.c_str(), &status) != 0) {
        throw PermanentDestinationError("SQLite destination " + path + ": directory " + directory +
                                 " does not exist (" + std::strerror(errno) +
                                 "); create it or change 'path'");
    }
    if (!S_ISDIR(status.st_mode)) {
        throw PermanentDestinationError("SQLite destination " + path + ": " + directory +
                                 " is not a directory; change 'path'");
    }
    // The journal files (-wal, -shm) are created next to the database.
    if (::faccessat(AT_FDCWD, directory.c_str(), W_OK | X_OK, AT_EACCESS) != 0) {
        throw PermanentDestinationError("SQLite destination " + path + ": directory " + directory +
                                 " is not writable (" + std::strerror(errno) +
                                 "); SQLite creates the database and its -wal and -shm files "
                                 "there, so grant write access or change 'path'");
    }
}

// Returns whether a failed file operation needs a change to the file system
// (permissions, a path through a file, a read-only mount) rather than a retry.
bool isSetupErrno(int error) {
    switch (error) {
        case EACCES:
        case EPERM:
        case ENOTDIR:
        case EISDIR:
        case EROFS:
        case ELOOP:
        case ENAMETOOLONG:
            return true;
        default:
            return false;
    }
}

// Creates an empty file with mode 0600 when none exists, because the table
// contains personal data. SQLite gives the -wal and -shm files the mode of the
// database file.
void createPrivateFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        const int error = errno;
        if (error == EEXIST) return;
        const std::string message = "SQLite destination " + path + ": creating the file failed (" +
                                    std::strerror(error) + "); check 'path'";
        if (isSetupErrno(error)) throw PermanentDestinationError(message);
        throw std::runtime_error(message);
    }
    // The umask may have removed bits, and the mode must be exactly 0600.
    const int chmodResult = ::fchmod(fd, 0600);
    const int chmodError = errno;
    ::close(fd);
    if (chmodResult != 0) {
        throw PermanentDestinationError("SQLite destination " + path + ": setting mode 0600 failed (" +
                                 std::strerror(chmodError) + ")");
    }
}

std::string sqlType(ColumnKind kind) {
    switch (kind) {
        case ColumnKind::Key:
            return "INTEGER PRIMARY KEY";
        case ColumnKind::BigInt:
        case ColumnKind::Integer:
            return "INTEGER";
        case ColumnKind::Text:
        case ColumnKind::DateTime:
            return "TEXT";
        case ColumnKind::Json:
        case ColumnKind::SyncedAt:
            return "TEXT NOT NULL";
    }
    return "TEXT";
}

void bindInteger(sqlite3_stmt* statement, int index, const std::optional<std::int64_t>& value) {
    if (value) {
        sqlite3_bind_int64(statement, index, *value);
    } else {
        sqlite3_bind_null(statement, index);
    }
}

// SQLITE_STATIC is safe because every bound string outlives the step that
// reads it: the page is borrowed for the whole of write().
void bindText(sqlite3_stmt* statement, int index, const std::string& value) {
    sqlite3_bind_text64(statement, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void bindText(sqlite3_stmt* statement, int index, const std::optional<std::string>& value) {
    if (value) {
        bindText(statement, index, *value);
    } else {
        sqlite3_bind_null(statement, index);
    }
}

void bindRow(sqlite3_stmt* statement, const TimeEntryRow& row, const std::string& syncedAt) {
    sqlite3_bind_int64(statement, 1, row.id);
    bindInteger(statement, 2, row.ownerId);
    bindText(statement, 3, row.ownerName);
    bindInteger(statement, 4, row.legalEntityId);
    bindText(statement, 5, row.startsAt);
    bindText(statement, 6, row.endsAt);
    bindInteger(statement, 7, row.durationSeconds);
    bindInteger(statement, 8, row.unit);
    bindInteger(statement, 9, row.layer);
    bindInteger(statement, 10, row.creationSource);
    bindInteger(statement, 11, row.timeTypeId);
    bindInteger(statement, 12, row.timesheetId);
    bindText(statement, 13, row.comment);
    bindInteger(statement, 14, row.authorId);
    bindInteger(statement, 15, row.modifierId);
    bindText(statement, 16, row.createdAt);
    bindText(statement, 17, row.modifiedAt);
    bindText(statement, 18, row.json);
    bindText(statement, 19, syncedAt);
}

std::optional<std::int64_t> readInteger(sqlite3_stmt* statement, int column) {
    if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(statement, column);
}

std::optional<std::string> readText(sqlite3_stmt* statement, int column) {
    if (sqlite3_column_type(statement, column) == SQLITE_NULL) return std::nullopt;
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    const int size = sqlite3_column_bytes(statement, column);
    return std::string(text, static_cast<std::size_t>(size));
}

TimeEntryRow readRow(sqlite3_stmt* statement) {
    TimeEntryRow row;
    row.id = sqlite3_column_int64(statement, 0);
    row.ownerId = readInteger(statement, 1);
    row.ownerName = readText(statement, 2);
    row.legalEntityId = readInteger(statement, 3);
    row.startsAt = readText(statement, 4);
    row.endsAt = readText(statement, 5);
    row.durationSeconds = readInteger(statement, 6);
    row.unit = readInteger(statement, 7);
    row.layer = readInteger(statement, 8);
    row.creationSource = readInteger(statement, 9);
    row.timeTypeId = readInteger(statement, 10);
    row.timesheetId = readInteger(statement, 11);
    row.comment = readText(statement, 12);
    row.authorId = readInteger(statement, 13);
    row.modifierId = readInteger(statement, 14);
    row.createdAt = readText(statement, 15);
    row.modifiedAt = readText(statement, 16);
    row.json = readText(statement, 17).value_or(std::string());
    return row;
}

// Finalizes a statement when a read leaves its scope, also on exceptions.
class StatementGuard {
public:
    explicit StatementGuard(sqlite3_stmt* statement) : _statement(statement) {}
    ~StatementGuard() { sqlite3_finalize(_statement); }
    StatementGuard(const StatementGuard&) = delete;
    StatementGuard& operator=(const StatementGuard&) = delete;

private:
    sqlite3_stmt* _statement;
};

}  // namespace

SQLiteDestination::SQLiteDestination(const DestinationConfig& config)
    : _path(config.path), _table(TableName::parse(config.table, false, false)) {
    if (_path.empty()) {
        throw std::invalid_argument("SQLite destination: missing value for 'path'");
    }
    // SQLite keeps names that start with sqlite_ for its own tables.
    if (sqlite3_strnicmp(_table.name().c_str(), "sqlite_", 7) == 0) {
        throw PermanentDestinationError("SQLite destination " + _path + ": table name " +
                                    _table.display() +
                                    " is reserved, because SQLite keeps names starting with "
                                    "sqlite_ for itself; choose another 'table'");
    }
    checkDirectory(_path);
    createPrivateFile(_path);
    struct stat status {};
    if (::stat(_path.c_str(), &status) == 0 && !S_ISREG(status.st_mode)) {
        throw PermanentDestinationError("SQLite destination " + _path +
                                    " is not a regular file; change 'path'");
    }
    try {
        openDatabase();
    } catch (...) {
        // The destructor does not run when the constructor throws.
        sqlite3_close_v2(_database);
        throw;
    }
}

SQLiteDestination::~SQLiteDestination() {
    sqlite3_finalize(_beginStatement);
    sqlite3_finalize(_commitStatement);
    sqlite3_finalize(_deleteStatement);
    sqlite3_finalize(_upsertStatement);
    sqlite3_close_v2(_database);
}

void SQLiteDestination::openDatabase() {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(_path.c_str(), &_database, flags, nullptr) != SQLITE_OK) {
        raise("opening the database");
    }
    sqlite3_extended_result_codes(_database, 1);
    // Without this, SQLite reads a quoted name of a missing column as a
    // string literal instead of failing.
    sqlite3_db_config(_database, SQLITE_DBCONFIG_DQS_DDL, 0, nullptr);
    sqlite3_db_config(_database, SQLITE_DBCONFIG_DQS_DML, 0, nullptr);
    sqlite3_busy_timeout(_database, busyTimeoutMilliseconds);

    // A row carries its entry's JSON, about 500 bytes. 16 KiB pages hold
    // about four times as many rows as SQLite's default 4 KiB pages, and a
    // full load of 1,000,000 entries took about a quarter less time with
    // them on the benchmark machine. The size applies only to a new file.
    execute("PRAGMA page_size = 16384", "setting the page size");

    // WAL lets readers query the table while a page is written.
    sqlite3_stmt* journalMode = compile("PRAGMA journal_mode = WAL", "switching to WAL journaling");
    StatementGuard guard(journalMode);
    if (sqlite3_step(journalMode) != SQLITE_ROW) raise("switching to WAL journaling");
    const std::string mode = readText(journalMode, 0).value_or(std::string());
    if (sqlite3_stricmp(mode.c_str(), "wal") != 0) {
        throw PermanentDestinationError(describe() + ": switching to WAL journaling failed, the journal " +
                                 "mode is still " + mode +
                                 ". WAL needs shared memory between processes, which network "
                                 "file systems may not provide, so put the file on a local one");
    }

    // The host stores a partition's new watermark after its pages commit. With
    // synchronous=NORMAL a power loss may undo the last commits while the
    // watermark, kept elsewhere, survives, so the next run would skip those
    // entries for good. FULL syncs the WAL at every commit, which costs one
    // fsync per commit; the sync engine commits several pages at once.
    execute("PRAGMA synchronous = FULL", "setting synchronous=FULL");

    // A 16 MiB page cache (the default is 2 MiB) keeps the upper levels of
    // the indexes in memory when a large table receives pages of scattered
    // owner_id values. It is the largest part of SQLite's memory, so it stays
    // well below the size of a large table.
    execute("PRAGMA cache_size = -16384", "setting the cache size");

    // Checkpoints every 4,096 WAL pages (64 MiB with 16 KiB pages) instead of
    // 1,000, so a hot page is copied into the database less often during an
    // initial load. The WAL file grows to about that size.
    execute("PRAGMA wal_autocheckpoint = 4096", "setting the checkpoint interval");
}

void SQLiteDestination::prepare() {
    std::string createTable = "CREATE TABLE IF NOT EXISTS " + _table.quoted() + " (";
    for (std::size_t i = 0; i < timeEntryColumns.size(); ++i) {
        if (i > 0) createTable += ", ";
        createTable += quoteIdentifier(timeEntryColumns[i].name);
        createTable += ' ';
        createTable += sqlType(timeEntryColumns[i].kind);
    }
    createTable += ")";
    const std::string createModifiedAtIndex = "CREATE INDEX IF NOT EXISTS " +
                                              _table.quotedIndexName("modified_at_idx") + " ON " +
                                              _table.quoted() + " (\"modified_at\")";
    const std::string createOwnerIdIndex = "CREATE INDEX IF NOT EXISTS " +
                                           _table.quotedIndexName("owner_id_idx") + " ON " +
                                           _table.quoted() + " (\"owner_id\")";

    execute("BEGIN IMMEDIATE", "starting the table creation");
    try {
        execute(createTable.c_str(), "creating the table");
        checkColumns();
        execute(createModifiedAtIndex.c_str(), "creating the modified_at index");
        execute(createOwnerIdIndex.c_str(), "creating the owner_id index");
        execute("COMMIT", "committing the table creation");
    } catch (...) {
        sqlite3_exec(_database, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
    prepareWriteStatements();
}

void SQLiteDestination::checkColumns() {
    sqlite3_stmt* statement =
        compile("SELECT name FROM pragma_table_info(?1)", "reading the table's columns");
    StatementGuard guard(statement);
    bindText(statement, 1, _table.name());

    std::vector<std::string> existing;
    int result = SQLITE_ROW;
    while ((result = sqlite3_step(statement)) == SQLITE_ROW) {
        existing.push_back(readText(statement, 0).value_or(std::string()));
    }
    if (result != SQLITE_DONE) raise("reading the table's columns");
    for (const ColumnDefinition& column : timeEntryColumns) {
        bool found = false;
        for (const std::string& name : existing) {
            found = found || sqlite3_stricmp(name.c_str(), column.name) == 0;
        }
        if (!found) {
            throw PermanentDestinationError(describe() + ": the existing table has no column " +
                                     column.name + "; add it or choose another 'table'");
        }
    }
}

void SQLiteDestination::prepareWriteStatements() {
    if (_upsertStatement != nullptr) return;

    std::string placeholders;
    std::string updates;
    for (std::size_t i = 0; i < timeEntryColumns.size(); ++i) {
        if (i > 0) placeholders += ", ";
        placeholders += "?" + std::to_string(i + 1);
        if (timeEntryColumns[i].kind == ColumnKind::Key) continue;
        if (!updates.empty()) updates += ", ";
        const std::string column = quoteIdentifier(timeEntryColumns[i].name);
        updates += column + " = excluded." + column;
    }
    // Every column is written, so the upsert replaces the row as a delete
    // followed by an insert would, with one B-tree search instead of two.
    const std::string upsert = "INSERT INTO " + _table.quoted() + " (" + quotedColumnList(true) +
                               ") VALUES (" + placeholders +
                               ") ON CONFLICT (\"id\") DO UPDATE SET " + updates;

    _beginStatement = compile("BEGIN IMMEDIATE", "preparing BEGIN");
    _commitStatement = compile("COMMIT", "preparing COMMIT");
    _deleteStatement =
        compile("DELETE FROM " + _table.quoted() + " WHERE \"id\" = ?1", "preparing the delete");
    _upsertStatement = compile(upsert, "preparing the insert");
}

void SQLiteDestination::write(const PageChanges& page) {
    if (_upsertStatement == nullptr) prepare();
    const std::string syncedAt = currentUtcTimestamp();
    try {
        if (sqlite3_get_autocommit(_database)) {
            step(_beginStatement, "starting the transaction");
        }
        writePage(page, syncedAt);
    } catch (...) {
        rollback();
        throw;
    }
}

void SQLiteDestination::commit() {
    if (_database == nullptr || sqlite3_get_autocommit(_database)) return;
    try {
        step(_commitStatement, "committing");
    } catch (...) {
        rollback();
        throw;
    }
}

void SQLiteDestination::rollback() noexcept {
    resetStatements();
    if (_database != nullptr && !sqlite3_get_autocommit(_database)) {
        sqlite3_exec(_database, "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void SQLiteDestination::resetStatements() noexcept {
    sqlite3_reset(_deleteStatement);
    sqlite3_reset(_upsertStatement);
    sqlite3_reset(_commitStatement);
    if (_upsertStatement != nullptr) sqlite3_clear_bindings(_upsertStatement);
}

void SQLiteDestination::writePage(const PageChanges& page, const std::string& syncedAt) {
    for (std::int64_t id : page.deletes) {
        sqlite3_bind_int64(_deleteStatement, 1, id);
        step(_deleteStatement, "deleting an archived entry");
    }
    for (const TimeEntryRow& row : page.upserts) {
        bindRow(_upsertStatement, row, syncedAt);
        if (sqlite3_step(_upsertStatement) != SQLITE_DONE) {
            raise("writing entry " + std::to_string(row.id));
        }
        sqlite3_reset(_upsertStatement);
    }
    // Unbinding drops the pointers into the caller's strings.
    sqlite3_clear_bindings(_upsertStatement);
}

std::int64_t SQLiteDestination::rowCount() {
    sqlite3_stmt* statement =
        compile("SELECT count(*) FROM " + _table.quoted(), "counting the rows");
    StatementGuard guard(statement);
    if (sqlite3_step(statement) != SQLITE_ROW) raise("counting the rows");
    return sqlite3_column_int64(statement, 0);
}

std::vector<TimeEntryRow> SQLiteDestination::readAll() {
    const std::string query =
        "SELECT " + quotedColumnList(false) + " FROM " + _table.quoted() + " ORDER BY \"id\"";
    sqlite3_stmt* statement = compile(query, "reading the rows");
    StatementGuard guard(statement);

    std::vector<TimeEntryRow> rows;
    int result = SQLITE_ROW;
    while ((result = sqlite3_step(statement)) == SQLITE_ROW) {
        rows.push_back(readRow(statement));
    }
    if (result != SQLITE_DONE) raise("reading the rows");
    return rows;
}

std::string SQLiteDestination::describe() const {
    return "sqlite " + _path + ", table " + _table.display();
}

void SQLiteDestination::execute(const char* sql, const char* action) {
    if (sqlite3_exec(_database, sql, nullptr, nullptr, nullptr) != SQLITE_OK) raise(action);
}

sqlite3_stmt* SQLiteDestination::compile(const std::string& sql, const char* action) {
    sqlite3_stmt* statement = nullptr;
    const int flags = SQLITE_PREPARE_PERSISTENT;
    if (sqlite3_prepare_v3(_database, sql.c_str(), static_cast<int>(sql.size()), flags, &statement,
                           nullptr) != SQLITE_OK) {
        raise(action);
    }
    return statement;
}

void SQLiteDestination::step(sqlite3_stmt* statement, const char* action) {
    const int result = sqlite3_step(statement);
    sqlite3_reset(statement);
    if (result != SQLITE_DONE && result != SQLITE_ROW) raise(action);
}

void SQLiteDestination::raise(const std::string& action) const {
    const char* detail = _database != nullptr ? sqlite3_errmsg(_database) : "out of memory";
    const std::string message = describe() + ": " + action + " failed: " + detail;
    // A file that is not a database, or that this user may only read, stays
    // so until someone changes it, and so does a NOT NULL or CHECK
    // constraint of a column the connector does not fill.
    const int code = _database != nullptr ? sqlite3_extended_errcode(_database) : SQLITE_NOMEM;
    if ((code & 0xff) == SQLITE_NOTADB || code == SQLITE_READONLY ||
        code == SQLITE_CONSTRAINT_NOTNULL || code == SQLITE_CONSTRAINT_CHECK) {
        throw PermanentDestinationError(message);
    }
    throw std::runtime_error(message);
}

}  // namespace lucca
