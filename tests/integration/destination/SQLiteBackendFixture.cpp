// The BackendFixture of the SQLite test executable: a database file in a
// temporary directory.
#include <sqlite3.h>

#include <stdexcept>

#include "BackendFixture.h"
#include "TemporaryDirectory.h"

namespace lucca::test {

struct BackendFixture::Impl {
    TemporaryDirectory directory;
    std::string path = (directory.path() / "entries.db").string();
    sqlite3* database = nullptr;

    sqlite3* connection() {
        if (database == nullptr &&
            sqlite3_open_v2(path.c_str(), &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK) {
            throw std::runtime_error("opening " + path + " failed: " + sqlite3_errmsg(database));
        }
        sqlite3_busy_timeout(database, 5000);
        return database;
    }
    ~Impl() { sqlite3_close_v2(database); }
};

BackendFixture::BackendFixture() : _impl(std::make_unique<Impl>()) {}

BackendFixture::~BackendFixture() = default;

std::string BackendFixture::backendName() const { return "sqlite"; }

DestinationConfig BackendFixture::config() const { return configForTable(table()); }

DestinationConfig BackendFixture::configForTable(const std::string& table) const {
    DestinationConfig config;
    config.kind = DestinationConfig::Kind::SQLite;
    config.path = _impl->path;
    config.table = table;
    return config;
}

std::string BackendFixture::tablePrefix() const { return "entries"; }

std::string BackendFixture::table() const { return "entries"; }

void BackendFixture::execute(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(_impl->connection(), sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error != nullptr ? error : "unknown error";
        sqlite3_free(error);
        throw std::runtime_error("executing " + sql + " failed: " + message);
    }
}

namespace {

sqlite3_stmt* runQuery(sqlite3* database, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(database, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK ||
        sqlite3_step(statement) != SQLITE_ROW) {
        const std::string message = sqlite3_errmsg(database);
        sqlite3_finalize(statement);
        throw std::runtime_error("query " + sql + " returned no row: " + message);
    }
    return statement;
}

}  // namespace

std::int64_t BackendFixture::queryInteger(const std::string& sql) {
    sqlite3_stmt* statement = runQuery(_impl->connection(), sql);
    const std::int64_t value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
}

std::string BackendFixture::queryText(const std::string& sql) {
    sqlite3_stmt* statement = runQuery(_impl->connection(), sql);
    std::string value = "<null>";
    if (sqlite3_column_type(statement, 0) != SQLITE_NULL) {
        value.assign(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)),
                     static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
    }
    sqlite3_finalize(statement);
    return value;
}

bool BackendFixture::hasIndex(const std::string& name) {
    return queryInteger("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '" +
                        name + "'") == 1;
}

void BackendFixture::failInsertsOfId(std::int64_t id) {
    const std::string condition = "NEW.\"id\" = " + std::to_string(id);
    const std::string body = " BEGIN SELECT RAISE(ABORT, 'injected failure'); END";
    execute("CREATE TRIGGER \"fail_insert\" BEFORE INSERT ON \"" + table() + "\" WHEN " +
            condition + body);
    execute("CREATE TRIGGER \"fail_update\" BEFORE UPDATE ON \"" + table() + "\" WHEN " +
            condition + body);
}

}  // namespace lucca::test
