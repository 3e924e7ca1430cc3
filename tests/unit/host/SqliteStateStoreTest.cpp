#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "FileStepLock.h"
#include "SqliteStateStore.h"

using host::SqliteStateStore;
using host::StepId;

namespace {

/// A fresh folder under the system temp folder, removed at scope exit.
class TemporaryFolder {
public:
    TemporaryFolder() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "host-unit-XXXXXX").string();
        _path = mkdtemp(pattern.data());
    }
    ~TemporaryFolder() { std::filesystem::remove_all(_path); }
    std::string file(const std::string& name) const { return (_path / name).string(); }

private:
    std::filesystem::path _path;
};

const StepId kStep{"pipe", "step"};

}  // namespace

TEST_CASE("store puts gets and removes", "[state]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    CHECK_FALSE(store.get(kStep, "k").has_value());
    store.put(kStep, "k", "v1");
    CHECK(store.get(kStep, "k") == std::optional<std::string>("v1"));
    store.put(kStep, "k", "v2");
    CHECK(store.get(kStep, "k") == std::optional<std::string>("v2"));
    store.remove(kStep, "k");
    CHECK_FALSE(store.get(kStep, "k").has_value());
    store.remove(kStep, "k");
}

TEST_CASE("store keeps binary values", "[state]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    std::string value("a\0b\xff", 4);
    store.put(kStep, "bin", value);
    CHECK(store.get(kStep, "bin") == std::optional<std::string>(value));
}

TEST_CASE("store namespaces by pipeline and step", "[state]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    store.put({"pipe", "a"}, "k", "1");
    store.put({"pipe", "b"}, "k", "2");
    store.put({"other", "a"}, "k", "3");
    CHECK(store.get({"pipe", "a"}, "k") == std::optional<std::string>("1"));
    CHECK(store.get({"pipe", "b"}, "k") == std::optional<std::string>("2"));
    CHECK(store.get({"other", "a"}, "k") == std::optional<std::string>("3"));
    CHECK(store.list("pipe", "").size() == 2);
    CHECK(store.list("pipe", "b").size() == 1);
    CHECK(store.list("pipe", "b")[0].value == "2");
}

TEST_CASE("compare-and-set follows its contract", "[state]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    CHECK(store.compareAndSet(kStep, "k", std::nullopt, "v1"));
    CHECK_FALSE(store.compareAndSet(kStep, "k", std::nullopt, "v2"));
    CHECK_FALSE(store.compareAndSet(kStep, "k", std::string("wrong"), "v2"));
    CHECK(store.get(kStep, "k") == std::optional<std::string>("v1"));
    CHECK(store.compareAndSet(kStep, "k", std::string("v1"), "v2"));
    CHECK(store.get(kStep, "k") == std::optional<std::string>("v2"));
    CHECK_FALSE(store.compareAndSet(kStep, "absent", std::string("v1"), "v2"));
    CHECK_FALSE(store.get(kStep, "absent").has_value());
}

TEST_CASE("store survives reopening", "[state]") {
    TemporaryFolder folder;
    {
        SqliteStateStore store(folder.file("state.db"));
        store.put(kStep, "k", "kept");
    }
    SqliteStateStore store(folder.file("state.db"));
    CHECK(store.get(kStep, "k") == std::optional<std::string>("kept"));
}

TEST_CASE("state file is private", "[state]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    store.put(kStep, "k", "v");
    struct stat info {};
    REQUIRE(stat(folder.file("state.db").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("store in missing folder fails clearly", "[state]") {
    TemporaryFolder folder;
    CHECK_THROWS_WITH(SqliteStateStore(folder.file("missing/state.db")),
                      Catch::Contains("does not exist"));
}

TEST_CASE("store rejects a non-database file", "[state]") {
    TemporaryFolder folder;
    FILE* file = std::fopen(folder.file("text.db").c_str(), "w");
    std::fputs("this is not a SQLite database, only some text that fills a header", file);
    std::fclose(file);
    CHECK_THROWS_AS(SqliteStateStore(folder.file("text.db")), host::StateStoreError);
}

TEST_CASE("step lock records and frees holder", "[state]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    CHECK_FALSE(store.lockHolder(kStep).has_value());
    {
        auto lock = store.tryLockStep(kStep);
        auto holder = store.lockHolder(kStep);
        REQUIRE(holder.has_value());
        CHECK(holder->pid == getpid());
        CHECK_FALSE(holder->since.empty());
        try {
            store.tryLockStep(kStep);
            FAIL("second lock succeeded");
        } catch (const host::StepLockedError& error) {
            CHECK_THAT(error.what(), Catch::Contains("pid " + std::to_string(getpid())));
            CHECK(error.code() == host::ExitCode::RetryableFailure);
        }
        CHECK_NOTHROW(store.tryLockStep({"pipe", "other"}));
    }
    CHECK_FALSE(store.lockHolder(kStep).has_value());
    CHECK_NOTHROW(store.tryLockStep(kStep));
}
