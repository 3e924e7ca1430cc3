#include "PostgreSQLDestination.h"

#include <libpq-fe.h>

#include <algorithm>
#include <charconv>
#include <stdexcept>

#include "TimeEntryColumns.h"

namespace lucca {

namespace {

constexpr const char* applicationName = "lucca-timeentries-connector";
constexpr const char* connectTimeoutSeconds = "10";
constexpr const char* deleteIdsStatement = "lucca_delete_ids";

// libpq accepts any size, but smaller pieces keep its output buffer small.
constexpr std::size_t copyChunkBytes = 1 << 20;

std::string sqlType(ColumnKind kind) {
    switch (kind) {
        case ColumnKind::Key:
            return "bigint PRIMARY KEY";
        case ColumnKind::BigInt:
            return "bigint";
        case ColumnKind::Integer:
            return "integer";
        case ColumnKind::Text:
            return "text";
        case ColumnKind::DateTime:
            // Lucca sends up to 7 fractional digits. The text is passed as it
            // is and PostgreSQL rounds it to microseconds when it parses it.
            // raw_json keeps the exact text.
            return "timestamp(6) without time zone";
        case ColumnKind::Json:
            // json, not jsonb, because jsonb reorders keys and drops
            // duplicates, and raw_json must be the entry exactly as received.
            return "json NOT NULL";
        case ColumnKind::SyncedAt:
            // COPY leaves the column out, so the default fills it with the
            // transaction's start time.
            return "timestamp with time zone NOT NULL DEFAULT now()";
    }
    return "text";
}

// Joins a multi-line libpq message into one line.
std::string toOneLine(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    return text;
}

// Frees a PGresult when it leaves scope, also on exceptions.
class ResultGuard {
public:
    explicit ResultGuard(PGresult* result) : _result(result) {}
    ~ResultGuard() { PQclear(_result); }
    ResultGuard(const ResultGuard&) = delete;
    ResultGuard& operator=(const ResultGuard&) = delete;
    PGresult* get() const { return _result; }

private:
    PGresult* _result;
};

void encodeRow(CopyTextEncoder& encoder, const TimeEntryRow& row) {
    encoder.appendInteger(row.id);
    encoder.appendInteger(row.ownerId);
    encoder.appendText(row.ownerName);
    encoder.appendInteger(row.legalEntityId);
    encoder.appendText(row.startsAt);
    encoder.appendText(row.endsAt);
    encoder.appendInteger(row.durationSeconds);
    encoder.appendInteger(row.unit);
    encoder.appendInteger(row.layer);
    encoder.appendInteger(row.creationSource);
    encoder.appendInteger(row.timeTypeId);
    encoder.appendInteger(row.timesheetId);
    encoder.appendText(row.comment);
    encoder.appendInteger(row.authorId);
    encoder.appendInteger(row.modifierId);
    encoder.appendText(row.createdAt);
    encoder.appendText(row.modifiedAt);
    encoder.appendText(std::string_view(row.json));
    encoder.endRow();
}

std::optional<std::string> readText(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) return std::nullopt;
    return std::string(PQgetvalue(result, row, column),
                       static_cast<std::size_t>(PQgetlength(result, row, column)));
}

std::optional<std::int64_t> readInteger(const PGresult* result, int row, int column) {
    if (PQgetisnull(result, row, column)) return std::nullopt;
    const char* text = PQgetvalue(result, row, column);
    std::int64_t value = 0;
    std::from_chars(text, text + PQgetlength(result, row, column), value);
    return value;
}

TimeEntryRow readRow(const PGresult* result, int row) {
    TimeEntryRow entry;
    entry.id = readInteger(result, row, 0).value_or(0);
    entry.ownerId = readInteger(result, row, 1);
    entry.ownerName = readText(result, row, 2);
    entry.legalEntityId = readInteger(result, row, 3);
    entry.startsAt = readText(result, row, 4);
    entry.endsAt = readText(result, row, 5);
    entry.durationSeconds = readInteger(result, row, 6);
    entry.unit = readInteger(result, row, 7);
    entry.layer = readInteger(result, row, 8);
    entry.creationSource = readInteger(result, row, 9);
    entry.timeTypeId = readInteger(result, row, 10);
    entry.timesheetId = readInteger(result, row, 11);
    entry.comment = readText(result, row, 12);
    entry.authorId = readInteger(result, row, 13);
    entry.modifierId = readInteger(result, row, 14);
    entry.createdAt = readText(result, row, 15);
    entry.modifiedAt = readText(result, row, 16);
    entry.json = readText(result, row, 17).value_or(std::string());
    return entry;
}

}  // namespace

PostgreSQLDestination::PostgreSQLDestination(const DestinationConfig& config)
    : _table(TableName::parse(config.table, true, true)) {
    try {
        connect(config);
    } catch (...) {
        // The destructor does not run when the constructor throws.
        PQfinish(_connection);
        throw;
    }
}

PostgreSQLDestination::~PostgreSQLDestination() { PQfinish(_connection); }

void PostgreSQLDestination::connect(const DestinationConfig& config) {
    if (config.connection.empty()) {
        throw std::invalid_argument("PostgreSQL destination: missing value for 'connection'");
    }
    if (!config.password.empty()) _secrets.push_back(config.password);

    // 1. Parse the connection string for the names shown in messages. The
    // parser's own message is not shown, because it may quote a fragment of
    // the string, which could contain a password.
    char* parseError = nullptr;
    PQconninfoOption* options = PQconninfoParse(config.connection.c_str(), &parseError);
    PQfreemem(parseError);
    if (options == nullptr) {
        throw std::invalid_argument(
            "PostgreSQL destination: invalid value for 'connection': it is neither a libpq "
            "connection string (host=... port=... dbname=... user=...) nor a postgresql:// URI");
    }
    for (const char* shown : {"host", "hostaddr", "port", "dbname", "user"}) {
        for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
            if (option->val == nullptr || option->val[0] == '\0') continue;
            if (std::string(option->keyword) != shown) continue;
            if (!_server.empty()) _server += ' ';
            _server += std::string(shown) + "=" + option->val;
        }
    }
    for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
        const bool hasValue = option->val != nullptr && option->val[0] != '\0';
        if (hasValue && std::string(option->keyword) == "password") _secrets.push_back(option->val);
    }
    PQconninfoFree(options);
    if (_server.empty()) _server = "(libpq defaults)";

    // 2. Connect. Later keywords override earlier ones, so the connection
    // string may override the application name and timeout, and a separate
    // password overrides one in the string.
    std::vector<const char*> keywords = {"application_name", "connect_timeout", "dbname",
                                         "client_encoding"};
    std::vector<const char*> values = {applicationName, connectTimeoutSeconds,
                                       config.connection.c_str(), "UTF8"};
    if (!config.password.empty()) {
        keywords.push_back("password");
        values.push_back(config.password.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    _connection = PQconnectdbParams(keywords.data(), values.data(), 1);
    if (_connection == nullptr || PQstatus(_connection) != CONNECTION_OK) {
        const std::string detail = _connection != nullptr
                                       ? redact(toOneLine(PQerrorMessage(_connection)))
                                       : "out of memory";
        throw std::runtime_error("PostgreSQL destination " + _server + ": connecting failed (" +
                                 detail +
                                 "). Check that the server runs and accepts connections at this "
                                 "host and port, and that the user, password and database in "
                                 "'connection' and 'password' are right");
    }

    // 3. Settings the writer relies on: ISO date-time output for readAll(),
    // and no NOTICE text on stderr for tables that already exist.
    execute("SET datestyle = 'ISO, YMD'; SET client_min_messages = warning",
            "configuring the session");
}

void PostgreSQLDestination::prepare() {
    execute("BEGIN", "starting the table creation");
    try {
        createTable();
        checkColumns();
        createIndexes();
        execute("COMMIT", "committing the table creation");
    } catch (...) {
        rollback();
        throw;
    }
    prepareWriteStatements();
}

void PostgreSQLDestination::createTable() {
    // Hosts that share a database may prepare the same table at once, and
    // concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog's unique
    // index, so creation is serialized per table name.
    const std::string lockKey = "lucca_destination:" + _table.display();
    const char* parameters[] = {lockKey.c_str()};
    checkResult(PQexecParams(_connection, "SELECT pg_advisory_xact_lock(hashtext($1))", 1, nullptr,
                             parameters, nullptr, nullptr, 0),
                PGRES_TUPLES_OK, "locking the table creation");

    std::string createTable = "CREATE TABLE IF NOT EXISTS " + _table.quoted() + " (";
    for (std::size_t i = 0; i < timeEntryColumns.size(); ++i) {
        if (i > 0) createTable += ", ";
        createTable += quoteIdentifier(timeEntryColumns[i].name);
        createTable += ' ';
        createTable += sqlType(timeEntryColumns[i].kind);
    }
    createTable += ")";
    execute(createTable, "creating the table");
}

void PostgreSQLDestination::createIndexes() {
    execute("CREATE INDEX IF NOT EXISTS " + _table.quotedIndexName("modified_at_idx") + " ON " +
                _table.quoted() + " (\"modified_at\")",
            "creating the modified_at index");
    execute("CREATE INDEX IF NOT EXISTS " + _table.quotedIndexName("owner_id_idx") + " ON " +
                _table.quoted() + " (\"owner_id\")",
            "creating the owner_id index");
}

void PostgreSQLDestination::checkColumns() {
    const std::string table = _table.quoted();
    const char* parameters[] = {table.c_str()};
    ResultGuard result(PQexecParams(_connection,
                                    "SELECT attname FROM pg_attribute WHERE attrelid = "
                                    "$1::regclass AND attnum > 0 AND NOT attisdropped",
                                    1, nullptr, parameters, nullptr, nullptr, 0));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
        raise("reading the table's columns", result.get());
    }
    for (const ColumnDefinition& column : timeEntryColumns) {
        bool found = false;
        for (int row = 0; row < PQntuples(result.get()) && !found; ++row) {
            found = std::string(PQgetvalue(result.get(), row, 0)) == column.name;
        }
        if (!found) {
            throw PermanentDestinationError(describe() + ": the existing table has no column " +
                                     column.name + "; add it or choose another 'table'");
        }
    }
}

void PostgreSQLDestination::prepareWriteStatements() {
    if (_statementsPrepared) return;

    const std::string deleteIds =
        "DELETE FROM " + _table.quoted() + " WHERE \"id\" = ANY ($1::bigint[])";
    checkResult(PQprepare(_connection, deleteIdsStatement, deleteIds.c_str(), 0, nullptr),
                PGRES_COMMAND_OK, "preparing the delete");
    _copyStatement = "COPY " + _table.quoted() + " (" + quotedColumnList(false) + ") FROM STDIN";
    _statementsPrepared = true;
}

void PostgreSQLDestination::write(const PageChanges& page) {
    if (!_inTransaction) {
        // A broken connection, after a network error on a previous
        // transaction, is opened again, and the session's prepared statement
        // with it. Within a transaction a broken connection is an error,
        // because the pages written before are lost with it.
        if (PQstatus(_connection) != CONNECTION_OK) {
            PQreset(_connection);
            if (PQstatus(_connection) != CONNECTION_OK) raise("connecting again", nullptr);
            _statementsPrepared = false;
            execute("SET datestyle = 'ISO, YMD'; SET client_min_messages = warning",
                    "configuring the session");
        }
        if (!_statementsPrepared) prepare();
        execute("BEGIN", "starting the transaction");
        _inTransaction = true;
    }
    try {
        writePage(page);
    } catch (...) {
        rollback();
        throw;
    }
}

void PostgreSQLDestination::commit() {
    if (!_inTransaction) return;
    try {
        ResultGuard result(PQexec(_connection, "COMMIT"));
        // COMMIT of a failed transaction reports success with the tag ROLLBACK.
        if (PQresultStatus(result.get()) != PGRES_COMMAND_OK ||
            std::string(PQcmdStatus(result.get())) != "COMMIT") {
            raise("committing", result.get());
        }
    } catch (...) {
        rollback();
        throw;
    }
    _inTransaction = false;
}

void PostgreSQLDestination::writePage(const PageChanges& page) {
    // 1. Delete every id of the page with one statement. The id array keeps
    // the plan an index lookup per id, whatever the table's statistics are.
    if (!page.deletes.empty() || !page.upserts.empty()) {
        _deleteIdsParameter = "{";
        char digits[24];
        const auto appendId = [&](std::int64_t id) {
            if (_deleteIdsParameter.size() > 1) _deleteIdsParameter += ',';
            const auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
            _deleteIdsParameter.append(digits, end);
        };
        for (std::int64_t id : page.deletes) appendId(id);
        for (const TimeEntryRow& row : page.upserts) appendId(row.id);
        _deleteIdsParameter += '}';
        executePrepared(deleteIdsStatement, _deleteIdsParameter.c_str(),
                        "deleting the page's entries");
    }

    // 2. Insert the new rows with COPY, straight into the table: after the
    // delete no row conflicts, so no staging table is needed.
    if (!page.upserts.empty()) copyRows(page.upserts);
}

void PostgreSQLDestination::selectRowsToWrite(const std::vector<TimeEntryRow>& rows) {
    _rowsToWrite.clear();
    bool strictlyIncreasing = true;
    for (std::size_t i = 1; i < rows.size() && strictlyIncreasing; ++i) {
        strictlyIncreasing = rows[i - 1].id < rows[i].id;
    }
    if (strictlyIncreasing) {
        for (std::size_t i = 0; i < rows.size(); ++i) _rowsToWrite.push_back(i);
        return;
    }

    // An id repeated in the page would violate the primary key on insert, so
    // only its last row is kept, as the interface specifies.
    _idOrder.clear();
    for (std::size_t i = 0; i < rows.size(); ++i) _idOrder.emplace_back(rows[i].id, i);
    std::sort(_idOrder.begin(), _idOrder.end());
    for (std::size_t i = 0; i < _idOrder.size(); ++i) {
        const bool lastOfId =
            i + 1 == _idOrder.size() || _idOrder[i + 1].first != _idOrder[i].first;
        if (lastOfId) _rowsToWrite.push_back(_idOrder[i].second);
    }
}

void PostgreSQLDestination::copyRows(const std::vector<TimeEntryRow>& rows) {
    selectRowsToWrite(rows);
    _encoder.clear();
    for (std::size_t index : _rowsToWrite) encodeRow(_encoder, rows[index]);

    checkResult(PQexec(_connection, _copyStatement.c_str()), PGRES_COPY_IN, "starting COPY");

    const std::string& data = _encoder.data();
    for (std::size_t offset = 0; offset < data.size(); offset += copyChunkBytes) {
        const std::size_t size = std::min(copyChunkBytes, data.size() - offset);
        if (PQputCopyData(_connection, data.data() + offset, static_cast<int>(size)) != 1) {
            PQputCopyEnd(_connection, "sending the rows failed");
            while (PGresult* result = PQgetResult(_connection)) PQclear(result);
            raise("sending rows with COPY", nullptr);
        }
    }
    if (PQputCopyEnd(_connection, nullptr) != 1) raise("ending COPY", nullptr);

    PGresult* result = PQgetResult(_connection);
    while (PGresult* extra = PQgetResult(_connection)) PQclear(extra);
    checkResult(result, PGRES_COMMAND_OK, "copying the page's entries");
}

void PostgreSQLDestination::rollback() noexcept {
    _inTransaction = false;
    if (PQstatus(_connection) != CONNECTION_OK) return;
    if (PQtransactionStatus(_connection) == PQTRANS_IDLE) return;
    PQclear(PQexec(_connection, "ROLLBACK"));
}

std::int64_t PostgreSQLDestination::rowCount() {
    ResultGuard result(PQexec(_connection, ("SELECT count(*) FROM " + _table.quoted()).c_str()));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) raise("counting the rows", result.get());
    return readInteger(result.get(), 0, 0).value_or(0);
}

std::vector<TimeEntryRow> PostgreSQLDestination::readAll() {
    // With datestyle ISO, timestamps print as "2024-04-22 09:30:00.5", so
    // the T separator is put back to restore the form Lucca sends.
    std::string columns;
    for (const ColumnDefinition& column : timeEntryColumns) {
        if (column.kind == ColumnKind::SyncedAt) continue;
        if (!columns.empty()) columns += ", ";
        const std::string name = quoteIdentifier(column.name);
        if (column.kind == ColumnKind::DateTime) {
            columns += "replace(" + name + "::text, ' ', 'T')";
        } else if (column.kind == ColumnKind::Json) {
            columns += name + "::text";
        } else {
            columns += name;
        }
    }
    const std::string query = "SELECT " + columns + " FROM " + _table.quoted() + " ORDER BY \"id\"";
    ResultGuard result(PQexec(_connection, query.c_str()));
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) raise("reading the rows", result.get());

    std::vector<TimeEntryRow> rows;
    rows.reserve(static_cast<std::size_t>(PQntuples(result.get())));
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        rows.push_back(readRow(result.get(), row));
    }
    return rows;
}

std::string PostgreSQLDestination::describe() const {
    return "postgresql " + _server + ", table " + _table.display();
}

void PostgreSQLDestination::execute(const std::string& sql, const char* action) {
    checkResult(PQexec(_connection, sql.c_str()), PGRES_COMMAND_OK, action);
}

void PostgreSQLDestination::executePrepared(const char* name, const char* parameter,
                                            const char* action) {
    const char* parameters[] = {parameter};
    const int count = parameter != nullptr ? 1 : 0;
    checkResult(PQexecPrepared(_connection, name, count, parameters, nullptr, nullptr, 0),
                PGRES_COMMAND_OK, action);
}

void PostgreSQLDestination::checkResult(PGresult* result, int expectedStatus,
                                        const std::string& action) {
    ResultGuard guard(result);
    if (PQresultStatus(result) != expectedStatus) raise(action, result);
}

void PostgreSQLDestination::raise(const std::string& action, const PGresult* result) const {
    // The server's primary message and detail name the failing value without
    // the COPY context, which would repeat a whole row.
    std::string detail;
    const char* primary =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (primary != nullptr) {
        detail = primary;
        const char* serverDetail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL);
        if (serverDetail != nullptr) detail += std::string(" (") + serverDetail + ")";
    } else if (_connection != nullptr) {
        detail = PQerrorMessage(_connection);
    }
    if (detail.empty()) detail = "unknown error";
    const std::string message = describe() + ": " + action + " failed: " + redact(toOneLine(detail));

    // A denied privilege (42501) or a missing schema (3F000) stays until an
    // administrator changes the database. A value a column rejects (class
    // 22) or a broken constraint (class 23) stays until the entry or the
    // table changes.
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlState = state != nullptr ? state : "";
    if (sqlState == "42501" || sqlState == "3F000" || sqlState.rfind("22", 0) == 0 ||
        sqlState.rfind("23", 0) == 0) {
        throw PermanentDestinationError(message);
    }
    throw std::runtime_error(message);
}

std::string PostgreSQLDestination::redact(std::string message) const {
    // The tests check that libpq 15's connection errors omit the password.
    // This also covers a future message that quotes the connection string.
    for (const std::string& secret : _secrets) {
        for (std::size_t at = message.find(secret); at != std::string::npos;
             at = message.find(secret, at)) {
            message.replace(at, secret.size(), "***");
        }
    }
    return message;
}

}  // namespace lucca
