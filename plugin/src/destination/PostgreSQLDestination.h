// The time-entries table in a PostgreSQL database.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "CopyTextEncoder.h"
#include "Destination.h"
#include "TableName.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace lucca {

/// A Destination in PostgreSQL, written through libpq. Each page is one
/// DELETE of every id in the page, then one COPY of the new rows, inside the
/// transaction that commit() ends.
class PostgreSQLDestination final : public Destination {
public:
    /// Connects with `config.connection` (a libpq conninfo string or URI) and
    /// `config.password`. Throws std::runtime_error naming the host, port,
    /// database and user when the connection fails. The password never
    /// appears in messages.
    explicit PostgreSQLDestination(const DestinationConfig& config);
    ~PostgreSQLDestination() override;

    PostgreSQLDestination(const PostgreSQLDestination&) = delete;
    PostgreSQLDestination& operator=(const PostgreSQLDestination&) = delete;

    void prepare() override;
    void write(const PageChanges& page) override;
    void commit() override;
    void rollback() noexcept override;
    std::int64_t rowCount() override;
    std::vector<TimeEntryRow> readAll() override;
    std::string describe() const override;

private:
    void connect(const DestinationConfig& config);
    void createTable();
    void createIndexes();
    void checkColumns();
    void prepareWriteStatements();
    void writePage(const PageChanges& page);
    void selectRowsToWrite(const std::vector<TimeEntryRow>& rows);
    void copyRows(const std::vector<TimeEntryRow>& rows);
    void execute(const std::string& sql, const char* action);
    void executePrepared(const char* name, const char* parameter, const char* action);
    void checkResult(PGresult* result, int expectedStatus, const std::string& action);
    [[noreturn]] void raise(const std::string& action, const PGresult* result) const;
    std::string redact(std::string message) const;

    std::string _server;  ///< host, port, database and user, for messages
    std::vector<std::string> _secrets;
    TableName _table;
    PGconn* _connection = nullptr;
    bool _statementsPrepared = false;
    bool _inTransaction = false;  ///< write() opened a transaction not yet ended

    // Reused by every page, so that steady-state pages allocate little.
    CopyTextEncoder _encoder;
    std::vector<std::pair<std::int64_t, std::size_t>> _idOrder;
    std::vector<std::size_t> _rowsToWrite;
    std::string _deleteIdsParameter;
    std::string _copyStatement;
};

}  // namespace lucca
