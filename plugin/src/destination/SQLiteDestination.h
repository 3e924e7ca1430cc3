// The time-entries table in a SQLite database file.
#pragma once

#include <string>

#include "Destination.h"
#include "TableName.h"

struct sqlite3;
struct sqlite3_stmt;

namespace lucca {

/// A Destination in a SQLite file, written through the sqlite3 C API with
/// statements prepared once and reused for every page.
class SQLiteDestination final : public Destination {
public:
    /// Opens the database file at `config.path`, creating it with mode 0600
    /// when missing, and switches it to WAL journaling. Throws
    /// std::runtime_error naming the path when its directory is missing or
    /// not writable, or when the file is not a SQLite database.
    explicit SQLiteDestination(const DestinationConfig& config);
    ~SQLiteDestination() override;

    SQLiteDestination(const SQLiteDestination&) = delete;
    SQLiteDestination& operator=(const SQLiteDestination&) = delete;

    void prepare() override;
    void write(const PageChanges& page) override;
    void commit() override;
    void rollback() noexcept override;
    std::int64_t rowCount() override;
    std::vector<TimeEntryRow> readAll() override;
    std::string describe() const override;

private:
    void openDatabase();
    void checkColumns();
    void prepareWriteStatements();
    void writePage(const PageChanges& page, const std::string& syncedAt);
    void resetStatements() noexcept;
    void execute(const char* sql, const char* action);
    sqlite3_stmt* compile(const std::string& sql, const char* action);
    void step(sqlite3_stmt* statement, const char* action);
    [[noreturn]] void raise(const std::string& action) const;

    std::string _path;
    TableName _table;
    sqlite3* _database = nullptr;
    sqlite3_stmt* _beginStatement = nullptr;
    sqlite3_stmt* _commitStatement = nullptr;
    sqlite3_stmt* _deleteStatement = nullptr;
    sqlite3_stmt* _upsertStatement = nullptr;
};

}  // namespace lucca
