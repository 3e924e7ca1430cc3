// Behaviour specific to the SQLite writer: the database file and its directory.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <stdexcept>

#include "BackendFixture.h"
#include "Destination.h"
#include "TemporaryDirectory.h"
#include "TestRows.h"

using lucca::DestinationConfig;
using lucca::PageChanges;
using lucca::TimeEntryRow;
using lucca::test::BackendFixture;
using lucca::test::makeFullRow;
using lucca::test::TemporaryDirectory;

namespace {

DestinationConfig sqliteConfig(const std::string& path) {
    DestinationConfig config;
    config.kind = DestinationConfig::Kind::SQLite;
    config.path = path;
    return config;
}

std::string openError(const DestinationConfig& config) {
    try {
        lucca::openDestination(config);
    } catch (const std::exception& error) {
        return error.what();
    }
    return "<no error>";
}

// Drops root's permission bypass for one scope, so that a directory's mode
// applies to this process as it would to a service account.
class UnprivilegedScope {
public:
    UnprivilegedScope() {
        if (::geteuid() == 0 && ::seteuid(65534) != 0) {
            throw std::runtime_error("seteuid(65534) failed");
        }
    }
    ~UnprivilegedScope() {
        if (::getuid() == 0) (void)::seteuid(0);
    }
    UnprivilegedScope(const UnprivilegedScope&) = delete;
    UnprivilegedScope& operator=(const UnprivilegedScope&) = delete;
};

}  // namespace

TEST_CASE("new database file has mode 0600", "[destination]") {
    TemporaryDirectory directory;
    const std::string path = (directory.path() / "new.db").string();
    const mode_t previousMask = ::umask(0);

    auto destination = lucca::openDestination(sqliteConfig(path));
    destination->prepare();
    ::umask(previousMask);

    struct stat status {};
    REQUIRE(::stat(path.c_str(), &status) == 0);
    CHECK((status.st_mode & 07777) == 0600);
    struct stat walStatus {};
    REQUIRE(::stat((path + "-wal").c_str(), &walStatus) == 0);
    CHECK((walStatus.st_mode & 07777) == 0600);
}

TEST_CASE("missing directory is rejected", "[destination]") {
    TemporaryDirectory directory;
    const std::string missing = (directory.path() / "no-such-dir").string();
    const std::string path = missing + "/entries.db";

    const std::string message = openError(sqliteConfig(path));

    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("directory " + missing + " does not exist"));
    CHECK_THAT(message, Catch::Contains("'path'"));
}

TEST_CASE("unwritable directory is rejected", "[destination]") {
    TemporaryDirectory directory;
    ::chmod(directory.path().c_str(), 0755);
    const std::filesystem::path readOnly = directory.path() / "read-only";
    std::filesystem::create_directory(readOnly);
    ::chmod(readOnly.c_str(), 0555);
    const std::string path = (readOnly / "entries.db").string();

    std::string message;
    {
        UnprivilegedScope unprivileged;
        message = openError(sqliteConfig(path));
    }

    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("directory " + readOnly.string() + " is not writable"));
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("parent that is a file is rejected", "[destination]") {
    TemporaryDirectory directory;
    const std::string file = (directory.path() / "plain-file").string();
    std::ofstream(file) << "x";
    const std::string path = file + "/entries.db";

    const std::string message = openError(sqliteConfig(path));

    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains(file));
}

TEST_CASE("file that is not a database is rejected", "[destination]") {
    TemporaryDirectory directory;
    const std::string path = (directory.path() / "notes.db").string();
    std::ofstream(path) << "these are not the pages of a SQLite database, just some text......"
                           "..........................................................";

    const std::string message = openError(sqliteConfig(path));

    CHECK_THAT(message, Catch::Contains(path));
    CHECK_THAT(message, Catch::Contains("not a database"));
}

TEST_CASE("empty path is rejected", "[destination]") {
    const std::string message = openError(sqliteConfig(""));

    CHECK_THAT(message, Catch::Contains("'path'"));
}

TEST_CASE("schema-qualified name is rejected on SQLite", "[destination]") {
    TemporaryDirectory directory;
    DestinationConfig config = sqliteConfig((directory.path() / "entries.db").string());
    config.table = "main.entries";

    const std::string message = openError(config);

    CHECK_THAT(message, Catch::Contains("'table'"));
    CHECK_THAT(message, Catch::Contains("\"main.entries\""));
}

TEST_CASE("database uses WAL journaling", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    destination->prepare();

    CHECK(fixture.queryText("PRAGMA journal_mode") == "wal");
}

TEST_CASE("SQLite keeps date-time text as received", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    TimeEntryRow row = makeFullRow(1);
    row.modifiedAt = "2024-07-05T09:12:33.1234567";
    row.createdAt = "2024-07-05T09:12:33";
    PageChanges page;
    page.upserts = {row};
    destination->apply(page);

    const auto rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].modifiedAt == "2024-07-05T09:12:33.1234567");
    CHECK(rows[0].createdAt == "2024-07-05T09:12:33");
}

TEST_CASE("rows persist after reopening", "[destination]") {
    BackendFixture fixture;
    {
        auto destination = fixture.open();
        PageChanges page;
        page.upserts = {makeFullRow(1), makeFullRow(2)};
        destination->apply(page);
    }

    auto reopened = fixture.open();

    CHECK(reopened->rowCount() == 2);
}

TEST_CASE("synced_at is UTC ISO text", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    PageChanges page;
    page.upserts = {makeFullRow(1)};
    destination->apply(page);

    const std::string syncedAt =
        fixture.queryText("SELECT \"synced_at\" FROM \"" + fixture.table() + "\"");

    CHECK(syncedAt.size() == 24);
    CHECK(syncedAt[10] == 'T');
    CHECK(syncedAt.back() == 'Z');
}
