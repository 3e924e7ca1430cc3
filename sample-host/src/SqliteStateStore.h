#ifndef HOST_SQLITE_STATE_STORE_H
#define HOST_SQLITE_STATE_STORE_H

#include <mutex>
#include <string>

#include "StateStore.h"

struct sqlite3;

namespace host {

/// StateStore in one SQLite file, with step locks in lock files beside it.
///
/// The file is created with mode 0600 and opened in WAL mode with
/// `synchronous=FULL`, so a write is on disk when the call returns and a
/// crash, SIGKILL included, leaves either the old or the new value. Other
/// processes may use the file at the same time: a busy database is retried
/// for up to 10 seconds before the call fails. One connection serves all
/// threads, serialised by a mutex.
class SqliteStateStore : public StateStore {
public:
    /// Opens or creates the store at `path`. Throws StateStoreError when the
    /// folder does not exist or the file is not a usable SQLite database.
    explicit SqliteStateStore(const std::string& path);
    ~SqliteStateStore() override;

    SqliteStateStore(const SqliteStateStore&) = delete;
    SqliteStateStore& operator=(const SqliteStateStore&) = delete;

    std::optional<std::string> get(const StepId& step, const std::string& key) override;
    void put(const StepId& step, const std::string& key, const std::string& value) override;
    bool compareAndSet(const StepId& step, const std::string& key,
                       const std::optional<std::string>& expected,
                       const std::string& value) override;
    void remove(const StepId& step, const std::string& key) override;
    std::vector<StateEntry> list(const std::string& pipeline, const std::string& stepName) override;
    std::unique_ptr<StepLock> tryLockStep(const StepId& step) override;
    std::optional<LockHolder> lockHolder(const StepId& step) override;
    std::string location() const override { return _path; }

    /// Returns the lock file of `step`: `<state file>.<pipeline>@<step>.lock`.
    /// Pipeline and step names cannot contain '@', so paths never collide.
    std::string lockPath(const StepId& step) const;

private:
    void execute(const char* sql, const std::string& action);
    [[noreturn]] void fail(const std::string& action, const std::string& key) const;

    std::string _path;
    sqlite3* _database = nullptr;
    std::mutex _mutex;
};

}  // namespace host

#endif
