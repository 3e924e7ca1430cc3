// bench-sqlite-write-ceiling: the fastest the connector's SQLite table can
// take the rows of a sync. The rows are fetched and built in memory first,
// and only the inserts are timed: raw sqlite3 prepared statements in one
// transaction (or one per page with --method page-commits), with the
// connector's schema and its settings (16 KiB pages, WAL journal,
// synchronous=FULL, 16 MiB page cache, checkpoints every 4,096 WAL pages).

#include "CommandLineOptions.h"
#include "EntryRows.h"
#include "PhaseTimer.h"
#include "TimeEntriesClient.h"

#include <sqlite3.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>

using namespace lucca::bench;

namespace {

const char* const usage =
    "Usage: bench-sqlite-write-ceiling --url URL --api-key KEY --database PATH\n"
    "                                  [--page-size N] [--repeat N] [--table NAME]\n"
    "                                  [--method indexed|index-after|page-commits]\n"
    "Loads the rows of a full sync into memory, then times their insertion into\n"
    "a new SQLite file at PATH (replaced at each repetition); prints one JSON\n"
    "line per method and repetition. The default method is indexed. With index-after, the two secondary indexes are created\n"
    "after the inserts, inside the timed phase, instead of before them. With\n"
    "page-commits, each page is its own transaction, as the connector commits.\n";

// The table the connector creates in SQLite, and its two secondary indexes.
const char* const createTableSql =
    "CREATE TABLE %1$s (id INTEGER PRIMARY KEY, owner_id INTEGER, owner_name TEXT, "
    "legal_entity_id INTEGER, starts_at TEXT, ends_at TEXT, duration_seconds INTEGER, "
    "unit INTEGER, layer INTEGER, creation_source INTEGER, time_type_id INTEGER, "
    "timesheet_id INTEGER, comment TEXT, author_id INTEGER, modifier_id INTEGER, "
    "created_at TEXT, modified_at TEXT, raw_json TEXT NOT NULL, synced_at TEXT NOT NULL)";

const char* const createIndexesSql =
    "CREATE INDEX %1$s_modified_at_idx ON %1$s (modified_at);"
    "CREATE INDEX %1$s_owner_id_idx ON %1$s (owner_id);";

const char* const insertSql =
    "INSERT INTO %s VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
    "?16, ?17, ?18, ?19)";

std::string format(const char* pattern, const std::string& table) {
    char text[2048];
    std::snprintf(text, sizeof text, pattern, table.c_str());
    return text;
}

/// An open database. Every failing call throws with SQLite's message.
class Database {
public:
    explicit Database(const std::string& path) {
        if (sqlite3_open(path.c_str(), &_handle) != SQLITE_OK) fail("opening " + path);
    }
    ~Database() { sqlite3_close_v2(_handle); }
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void execute(const std::string& sql) {
        if (sqlite3_exec(_handle, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
    }

    sqlite3_stmt* prepare(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(_handle, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            fail(sql);
        }
        return statement;
    }

    [[noreturn]] void fail(const std::string& action) const {
        throw std::runtime_error(action + ": " + sqlite3_errmsg(_handle));
    }

private:
    sqlite3* _handle = nullptr;
};

void bindInteger(sqlite3_stmt* statement, int index, const std::optional<std::int64_t>& value) {
    if (value) {
        sqlite3_bind_int64(statement, index, *value);
    } else {
        sqlite3_bind_null(statement, index);
    }
}

void bindText(sqlite3_stmt* statement, int index, const std::string& value) {
    sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_STATIC);
}

void bindText(sqlite3_stmt* statement, int index, const std::optional<std::string>& value) {
    if (value) {
        bindText(statement, index, *value);
    } else {
        sqlite3_bind_null(statement, index);
    }
}

void bindRow(sqlite3_stmt* statement, const EntryRow& row, const std::string& syncedAt) {
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

void removeDatabase(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::filesystem::remove(path + suffix);
    }
}


/// Inserts every row into a new database at `path` with one method and
/// returns the timed phase.
PhaseResult writeRows(const CommandLineOptions& options, const std::string& method,
                      const std::vector<std::vector<EntryRow>>& pages) {
    const bool indexAfter = method == "index-after";
    const bool pageCommits = method == "page-commits";
    const std::string syncedAt = "2026-01-01T00:00:00.000Z";

    // 1. Untimed: a new file with the connector's table and settings.
    removeDatabase(options.database);
    Database database(options.database);
    database.execute("PRAGMA page_size = 16384");
    database.execute("PRAGMA journal_mode = WAL");
    database.execute("PRAGMA synchronous = FULL");
    database.execute("PRAGMA cache_size = -16384");
    database.execute("PRAGMA wal_autocheckpoint = 4096");
    database.execute(format(createTableSql, options.table));
    if (!indexAfter) database.execute(format(createIndexesSql, options.table));
    sqlite3_stmt* insert = database.prepare(format(insertSql, options.table));

    // 2. Timed: every insert, in one transaction unless each page commits.
    PhaseTimer timer;
    timer.start();
    database.execute("BEGIN");
    for (const auto& page : pages) {
        for (const EntryRow& row : page) {
            bindRow(insert, row, syncedAt);
            if (sqlite3_step(insert) != SQLITE_DONE) {
                database.fail("inserting entry " + std::to_string(row.id));
            }
            sqlite3_reset(insert);
        }
        if (pageCommits) {
            database.execute("COMMIT");
            database.execute("BEGIN");
        }
    }
    if (indexAfter) database.execute(format(createIndexesSql, options.table));
    database.execute("COMMIT");
    const PhaseResult result = timer.stop();
    sqlite3_finalize(insert);
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        CommandLineOptions options = CommandLineOptions::parse(argc, argv, usage);
        if (options.database.empty()) {
            throw std::invalid_argument(std::string("--database is required\n") + usage);
        }
        if (options.methods.empty()) options.methods.push_back("indexed");
        for (const std::string& method : options.methods) {
            if (method != "indexed" && method != "index-after" && method != "page-commits") {
                throw std::invalid_argument(
                    "--method: expected indexed, index-after or page-commits, got '" + method +
                    "'");
            }
        }

        // Untimed: every row of the sync, built in memory.
        TimeEntriesClient client(options.baseUrl, options.apiKey);
        const auto pages = loadRows(client, options.filters, options.pageSize);

        for (const std::string& method : options.methods) {
            for (int run = 1; run <= options.repeat; ++run) {
                CeilingReport report;
                report.phase = writeRows(options, method, pages);
                report.ceiling = "sqlite-write";
                if (method != "indexed") report.ceiling += "-" + method;
                report.run = run;
                report.entries = countRows(pages);
                report.pages = static_cast<std::int64_t>(pages.size());
                printReport(report);
            }
        }
        removeDatabase(options.database);
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench-sqlite-write-ceiling: %s\n", error.what());
        return 1;
    }
}
