#include "SqliteStateStore.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "FileStepLock.h"
#include "UtcTime.h"

namespace host {

namespace {

constexpr int kBusyTimeoutMilliseconds = 10000;

const char* const kSchema =
    "CREATE TABLE IF NOT EXISTS connector_state ("
    " pipeline TEXT NOT NULL,"
    " step TEXT NOT NULL,"
    " key BLOB NOT NULL,"
    " value BLOB NOT NULL,"
    " updated_at TEXT NOT NULL,"
    " PRIMARY KEY (pipeline, step, key)"
    ") WITHOUT ROWID";

/// A prepared statement, finalised on scope exit.
class Statement {
public:
    Statement(sqlite3* database, const char* sql) {
        _ok = sqlite3_prepare_v2(database, sql, -1, &_statement, nullptr) == SQLITE_OK;
    }
    ~Statement() { sqlite3_finalize(_statement); }

    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool prepared() const { return _ok; }

    Statement& bind(int index, const std::string& text) {
        sqlite3_bind_blob(_statement, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT);
        return *this;
    }

    Statement& bindText(int index, const std::string& text) {
        sqlite3_bind_text(_statement, index, text.c_str(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT);
        return *this;
    }

    /// Returns SQLITE_ROW, SQLITE_DONE or an error code.
    int step() { return sqlite3_step(_statement); }

    std::string column(int index) const {
        const void* data = sqlite3_column_blob(_statement, index);
        int size = sqlite3_column_bytes(_statement, index);
        if (data == nullptr) return {};
        return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
    }

private:
    sqlite3_stmt* _statement = nullptr;
    bool _ok = false;
};

// Creates the file with mode 0600 before SQLite opens it; SQLite gives the
// -wal and -shm files the same mode.
void createPrivateFile(const std::string& path) {
    int descriptor = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (descriptor < 0) {
        throw StateStoreError("cannot create state file '" + path + "': " + std::strerror(errno));
    }
    close(descriptor);
}

}  // namespace

SqliteStateStore::SqliteStateStore(const std::string& path) : _path(path) {
    // 1. Check the folder, so the error names it instead of a generic open failure.
    std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder)) {
        throw StateStoreError("cannot open state file '" + path + "': folder '" + folder.string() +
                              "' does not exist");
    }
    createPrivateFile(path);

    // 2. Open the connection; SQLite itself keeps one connection thread-safe.
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &_database, flags, nullptr) != SQLITE_OK) {
        std::string reason = _database ? sqlite3_errmsg(_database) : "out of memory";
        sqlite3_close(_database);
        _database = nullptr;
        throw StateStoreError("cannot open state file '" + path + "': " + reason);
    }
    sqlite3_busy_timeout(_database, kBusyTimeoutMilliseconds);

    // 3. WAL with FULL sync makes each commit durable before it returns.
    try {
        execute("PRAGMA journal_mode=WAL", "enable WAL");
        execute("PRAGMA synchronous=FULL", "set synchronous=FULL");
        execute(kSchema, "create the state table");
    } catch (...) {
        sqlite3_close(_database);
        _database = nullptr;
        throw;
    }
}

SqliteStateStore::~SqliteStateStore() { sqlite3_close(_database); }

void SqliteStateStore::execute(const char* sql, const std::string& action) {
    char* message = nullptr;
    if (sqlite3_exec(_database, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        std::string reason = message ? message : sqlite3_errmsg(_database);
        sqlite3_free(message);
        throw StateStoreError("state file '" + _path + "': failed to " + action + ": " + reason);
    }
}

void SqliteStateStore::fail(const std::string& action, const std::string& key) const {
    throw StateStoreError("state file '" + _path + "': failed to " + action + " key '" + key +
                          "': " + sqlite3_errmsg(_database));
}

std::optional<std::string> SqliteStateStore::get(const StepId& step, const std::string& key) {
    std::lock_guard<std::mutex> lock(_mutex);
    Statement select(_database,
                     "SELECT value FROM connector_state WHERE pipeline=?1 AND step=?2 AND key=?3");
    if (!select.prepared()) fail("read", key);
    select.bindText(1, step.pipeline).bindText(2, step.step).bind(3, key);
    int result = select.step();
    if (result == SQLITE_DONE) return std::nullopt;
    if (result != SQLITE_ROW) fail("read", key);
    return select.column(0);
}

void SqliteStateStore::put(const StepId& step, const std::string& key, const std::string& value) {
    std::lock_guard<std::mutex> lock(_mutex);
    Statement upsert(_database,
                     "INSERT INTO connector_state (pipeline, step, key, value, updated_at)"
                     " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (pipeline, step, key)"
                     " DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at");
    if (!upsert.prepared()) fail("write", key);
    upsert.bindText(1, step.pipeline).bindText(2, step.step).bind(3, key).bind(4, value);
    upsert.bindText(5, formatUtcTime(std::chrono::system_clock::now()));
    if (upsert.step() != SQLITE_DONE) fail("write", key);
}

bool SqliteStateStore::compareAndSet(const StepId& step, const std::string& key,
                                     const std::optional<std::string>& expected,
                                     const std::string& value) {
    std::lock_guard<std::mutex> lock(_mutex);

    // 1. BEGIN IMMEDIATE takes the write lock before the read, so no other
    //    writer can slip in between the comparison and the update.
    if (sqlite3_exec(_database, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK) {
        fail("begin a transaction to update", key);
    }
    auto rollbackAndFail = [&](const std::string& action) {
        std::string reason = sqlite3_errmsg(_database);
        sqlite3_exec(_database, "ROLLBACK", nullptr, nullptr, nullptr);
        throw StateStoreError("state file '" + _path + "': failed to " + action + " key '" + key +
                              "': " + reason);
    };

    // 2. Compare the stored value with the expected one.
    std::optional<std::string> current;
    {
        Statement select(
            _database,
            "SELECT value FROM connector_state WHERE pipeline=?1 AND step=?2 AND key=?3");
        if (!select.prepared()) rollbackAndFail("read");
        select.bindText(1, step.pipeline).bindText(2, step.step).bind(3, key);
        int result = select.step();
        if (result == SQLITE_ROW) current = select.column(0);
        if (result != SQLITE_ROW && result != SQLITE_DONE) rollbackAndFail("read");
    }
    if (current != expected) {
        sqlite3_exec(_database, "ROLLBACK", nullptr, nullptr, nullptr);
        return false;
    }

    // 3. Write the new value and commit.
    {
        Statement upsert(_database,
                         "INSERT INTO connector_state (pipeline, step, key, value, updated_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (pipeline, step, key)"
                         " DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at");
        if (!upsert.prepared()) rollbackAndFail("write");
        upsert.bindText(1, step.pipeline).bindText(2, step.step).bind(3, key).bind(4, value);
        upsert.bindText(5, formatUtcTime(std::chrono::system_clock::now()));
        if (upsert.step() != SQLITE_DONE) rollbackAndFail("write");
    }
    if (sqlite3_exec(_database, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
        rollbackAndFail("commit");
    }
    return true;
}

void SqliteStateStore::remove(const StepId& step, const std::string& key) {
    std::lock_guard<std::mutex> lock(_mutex);
    Statement remove(_database,
                     "DELETE FROM connector_state WHERE pipeline=?1 AND step=?2 AND key=?3");
    if (!remove.prepared()) fail("delete", key);
    remove.bindText(1, step.pipeline).bindText(2, step.step).bind(3, key);
    if (remove.step() != SQLITE_DONE) fail("delete", key);
}

std::vector<StateEntry> SqliteStateStore::list(const std::string& pipeline,
                                               const std::string& stepName) {
    std::lock_guard<std::mutex> lock(_mutex);
    Statement select(_database,
                     "SELECT step, key, value, updated_at FROM connector_state"
                     " WHERE pipeline=?1 AND (?2 = '' OR step=?2) ORDER BY step, key");
    if (!select.prepared()) fail("list", "*");
    select.bindText(1, pipeline).bindText(2, stepName);

    std::vector<StateEntry> entries;
    int result;
    while ((result = select.step()) == SQLITE_ROW) {
        entries.push_back({select.column(0), select.column(1), select.column(2), select.column(3)});
    }
    if (result != SQLITE_DONE) fail("list", "*");
    return entries;
}

std::string SqliteStateStore::lockPath(const StepId& step) const {
    return _path + "." + step.pipeline + "@" + step.step + ".lock";
}

std::unique_ptr<StepLock> SqliteStateStore::tryLockStep(const StepId& step) {
    return FileStepLock::acquire(lockPath(step), step);
}

std::optional<LockHolder> SqliteStateStore::lockHolder(const StepId& step) {
    return FileStepLock::currentHolder(lockPath(step));
}

}  // namespace host
