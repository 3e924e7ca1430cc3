// bench-postgres-copy-ceiling: the fastest raw libpq can store the rows of a
// sync page by page, as delete-and-replace. The rows are fetched and built
// in memory first. Each timed page is one transaction, written by one of two
// methods:
//   staging  COPY into a temporary staging table, delete the table's rows
//            with the staged ids, insert the staged rows;
//   direct   delete the page's ids given as one array, then COPY the rows
//            into the table.

#include "CommandLineOptions.h"
#include "EntryRows.h"
#include "PhaseTimer.h"
#include "TimeEntriesClient.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <stdexcept>

namespace {

using lucca::bench::EntryRow;

const char* const usage =
    "Usage: bench-postgres-copy-ceiling --url URL --api-key KEY [--connection CONNINFO]\n"
    "                                   [--page-size N] [--repeat N] [--table NAME]\n"
    "                                   [--method staging|direct]...\n"
    "Loads the rows of a full sync into memory, then times writing them page by\n"
    "page with each method (default staging); prints one JSON line per method and\n"
    "repetition. CONNINFO defaults to $LUCCA_TEST_POSTGRES. The table is dropped\n"
    "and created again at each repetition.\n";

// The column list and types of the connector's PostgreSQL table.
const char* const columnDefinitions =
    "id bigint PRIMARY KEY, owner_id bigint, owner_name text, legal_entity_id bigint, "
    "starts_at timestamp(6) without time zone, ends_at timestamp(6) without time zone, "
    "duration_seconds integer, unit integer, layer integer, creation_source integer, "
    "time_type_id bigint, timesheet_id bigint, comment text, author_id bigint, "
    "modifier_id bigint, created_at timestamp(6) without time zone, "
    "modified_at timestamp(6) without time zone, raw_json json NOT NULL, "
    "synced_at timestamp with time zone NOT NULL DEFAULT now()";

const char* const stagedColumns =
    "id, owner_id, owner_name, legal_entity_id, starts_at, ends_at, duration_seconds, unit, "
    "layer, creation_source, time_type_id, timesheet_id, comment, author_id, modifier_id, "
    "created_at, modified_at, raw_json";

/// An open connection. Every failing call throws with the server's message.
class Connection {
public:
    explicit Connection(const std::string& conninfo) : _handle(PQconnectdb(conninfo.c_str())) {
        if (PQstatus(_handle) != CONNECTION_OK) fail("connecting to PostgreSQL");
    }
    ~Connection() { PQfinish(_handle); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void execute(const std::string& sql, ExecStatusType expected = PGRES_COMMAND_OK) {
        PGresult* result = PQexec(_handle, sql.c_str());
        const bool ok = PQresultStatus(result) == expected;
        PQclear(result);
        if (!ok) fail(sql);
    }

    /// Sends one COPY ... FROM STDIN with `data` as its whole input.
    void copy(const std::string& sql, const std::string& data) {
        execute(sql, PGRES_COPY_IN);
        if (PQputCopyData(_handle, data.data(), static_cast<int>(data.size())) != 1 ||
            PQputCopyEnd(_handle, nullptr) != 1) {
            fail("sending COPY data");
        }
        PGresult* result = PQgetResult(_handle);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        while (PGresult* extra = PQgetResult(_handle)) PQclear(extra);
        if (!ok) fail("COPY into the staging table");
    }

    /// Prepares `sql` as the named statement.
    void prepare(const std::string& name, const std::string& sql) {
        PGresult* result = PQprepare(_handle, name.c_str(), sql.c_str(), 0, nullptr);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) fail("preparing " + sql);
    }

    /// Runs the named statement with at most one text parameter.
    void executePrepared(const std::string& name, const char* parameter = nullptr) {
        const int count = parameter != nullptr ? 1 : 0;
        PGresult* result =
            PQexecPrepared(_handle, name.c_str(), count, &parameter, nullptr, nullptr, 0);
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) fail("running statement " + name);
    }

    [[noreturn]] void fail(const std::string& action) const {
        throw std::runtime_error(action + ": " + PQerrorMessage(_handle));
    }

private:
    PGconn* _handle;
};

/// Appends one value in COPY's text format, escaping the characters that
/// format reserves.
void appendText(std::string& out, const std::string& value) {
    for (const char c : value) {
        switch (c) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += c;
        }
    }
}

void appendField(std::string& out, const std::optional<std::string>& value) {
    if (value) {
        appendText(out, *value);
    } else {
        out += "\\N";
    }
    out += '\t';
}

void appendField(std::string& out, const std::optional<std::int64_t>& value) {
    out += value ? std::to_string(*value) : "\\N";
    out += '\t';
}

void appendRow(std::string& out, const EntryRow& row) {
    appendField(out, std::optional<std::int64_t>(row.id));
    appendField(out, row.ownerId);
    appendField(out, row.ownerName);
    appendField(out, row.legalEntityId);
    appendField(out, row.startsAt);
    appendField(out, row.endsAt);
    appendField(out, row.durationSeconds);
    appendField(out, row.unit);
    appendField(out, row.layer);
    appendField(out, row.creationSource);
    appendField(out, row.timeTypeId);
    appendField(out, row.timesheetId);
    appendField(out, row.comment);
    appendField(out, row.authorId);
    appendField(out, row.modifierId);
    appendField(out, row.createdAt);
    appendField(out, row.modifiedAt);
    appendText(out, row.json);
    out += '\n';
}

/// Writes every page with one method, on a table created again by reset().
class PageWriter {
public:
    PageWriter(Connection& connection, const std::string& table, const std::string& method)
        : _connection(connection), _table(table), _method(method) {
        if (method != "staging" && method != "direct") {
            throw std::invalid_argument("--method: expected staging or direct, got '" + method + "'");
        }
    }

    /// Drops and creates the table, its indexes and the method's statements.
    void reset() {
        const std::string staging = _table + "_staging";
        _connection.execute("DROP TABLE IF EXISTS pg_temp." + staging);
        _connection.execute("DROP TABLE IF EXISTS " + _table);
        _connection.execute("CREATE TABLE " + _table + " (" + columnDefinitions + ")");
        _connection.execute("CREATE INDEX ON " + _table + " (modified_at)");
        _connection.execute("CREATE INDEX ON " + _table + " (owner_id)");
        _connection.execute("DEALLOCATE ALL");
        if (_method == "staging") {
            _connection.execute("CREATE TEMPORARY TABLE " + staging +
                                " ON COMMIT DELETE ROWS AS SELECT " + stagedColumns + " FROM " +
                                _table + " WITH NO DATA");
            _copySql = "COPY pg_temp." + staging + " FROM STDIN";
            // ARRAY(SELECT ...) makes the delete an index lookup per id even
            // while the new table has no statistics.
            _connection.prepare("delete_page", "DELETE FROM " + _table +
                                                   " WHERE id = ANY (ARRAY(SELECT id FROM pg_temp." +
                                                   staging + "))");
            _connection.prepare("insert_page", "INSERT INTO " + _table + " (" + stagedColumns +
                                                   ") SELECT " + stagedColumns +
                                                   " FROM pg_temp." + staging);
        } else {
            _copySql = "COPY " + _table + " (" + stagedColumns + ") FROM STDIN";
            _connection.prepare("delete_page",
                                "DELETE FROM " + _table + " WHERE id = ANY ($1::bigint[])");
        }
    }

    /// Writes one page in one transaction, encoding its COPY text first.
    void write(const std::vector<EntryRow>& page) {
        _data.clear();
        for (const EntryRow& row : page) appendRow(_data, row);
        _connection.execute("BEGIN");
        if (_method == "staging") {
            _connection.copy(_copySql, _data);
            _connection.executePrepared("delete_page");
            _connection.executePrepared("insert_page");
        } else {
            _ids = "{";
            for (const EntryRow& row : page) {
                if (_ids.size() > 1) _ids += ',';
                _ids += std::to_string(row.id);
            }
            _ids += '}';
            _connection.executePrepared("delete_page", _ids.c_str());
            _connection.copy(_copySql, _data);
        }
        _connection.execute("COMMIT");
    }

private:
    Connection& _connection;
    std::string _table;
    std::string _method;
    std::string _copySql;
    std::string _data;
    std::string _ids;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace lucca::bench;
    try {
        CommandLineOptions options = CommandLineOptions::parse(argc, argv, usage);
        if (options.connection.empty()) {
            const char* fromEnvironment = std::getenv("LUCCA_TEST_POSTGRES");
            if (fromEnvironment == nullptr) {
                throw std::invalid_argument(
                    std::string("--connection or LUCCA_TEST_POSTGRES is required\n") + usage);
            }
            options.connection = fromEnvironment;
        }
        if (options.methods.empty()) options.methods.push_back("staging");

        // 1. Untimed: every row of the sync, built in memory.
        TimeEntriesClient client(options.baseUrl, options.apiKey);
        const auto pages = loadRows(client, options.filters, options.pageSize);

        Connection connection(options.connection);
        connection.execute("SET client_min_messages = warning");
        for (const std::string& method : options.methods) {
            PageWriter writer(connection, options.table, method);
            for (int run = 1; run <= options.repeat; ++run) {
                // 2. Untimed: a new table with the connector's columns and indexes.
                writer.reset();

                // 3. Timed: one transaction per page.
                PhaseTimer timer;
                timer.start();
                for (const auto& page : pages) {
                    if (!page.empty()) writer.write(page);
                }
                CeilingReport report;
                report.phase = timer.stop();
                report.ceiling = "postgres-copy-" + method;
                report.run = run;
                report.entries = countRows(pages);
                report.pages = static_cast<std::int64_t>(pages.size());
                printReport(report);
            }
        }
        connection.execute("DROP TABLE IF EXISTS " + options.table);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench-postgres-copy-ceiling: %s\n", error.what());
        return 1;
    }
}
