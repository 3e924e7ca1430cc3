// Behaviour both writers share, run once per backend.
#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "BackendFixture.h"
#include "Destination.h"
#include "TestRows.h"

using lucca::Destination;
using lucca::PageChanges;
using lucca::TimeEntryRow;
using lucca::test::BackendFixture;
using lucca::test::checkRowEquals;
using lucca::test::makeFullRow;
using lucca::test::makeSparseRow;

namespace {

std::vector<std::int64_t> idsOf(const std::vector<TimeEntryRow>& rows) {
    std::vector<std::int64_t> ids;
    for (const TimeEntryRow& row : rows) ids.push_back(row.id);
    return ids;
}

std::string quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

}  // namespace

TEST_CASE("prepare creates missing table", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    destination->prepare();
    destination->prepare();

    CHECK(destination->rowCount() == 0);
    CHECK(destination->readAll().empty());
    CHECK(fixture.queryInteger("SELECT count(*) FROM " + quoted(fixture.table())) == 0);
}

TEST_CASE("apply inserts every field", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    destination->prepare();

    PageChanges page;
    page.upserts = {makeFullRow(3), makeFullRow(1), makeFullRow(2)};
    destination->apply(page);

    CHECK(destination->rowCount() == 3);
    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 3);
    checkRowEquals(rows[0], makeFullRow(1));
    checkRowEquals(rows[1], makeFullRow(2));
    checkRowEquals(rows[2], makeFullRow(3));
}

TEST_CASE("apply prepares the table when needed", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    PageChanges page;
    page.upserts = {makeFullRow(1)};
    destination->apply(page);

    CHECK(destination->rowCount() == 1);
}

TEST_CASE("apply replaces row seen again", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    destination->prepare();

    PageChanges first;
    first.upserts = {makeFullRow(1, 0), makeFullRow(2, 0)};
    destination->apply(first);
    PageChanges second;
    second.upserts = {makeFullRow(2, 1)};
    destination->apply(second);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 2);
    checkRowEquals(rows[0], makeFullRow(1, 0));
    checkRowEquals(rows[1], makeFullRow(2, 1));
}

TEST_CASE("apply replaces full row with sparse row", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    PageChanges first;
    first.upserts = {makeFullRow(5)};
    destination->apply(first);
    PageChanges second;
    second.upserts = {makeSparseRow(5)};
    destination->apply(second);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    checkRowEquals(rows[0], makeSparseRow(5));
}

TEST_CASE("apply keeps last of repeated id in page", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    PageChanges page;
    page.upserts = {makeFullRow(7, 0), makeFullRow(8, 0), makeFullRow(7, 2)};
    destination->apply(page);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 2);
    checkRowEquals(rows[0], makeFullRow(7, 2));
    checkRowEquals(rows[1], makeFullRow(8, 0));
}

TEST_CASE("apply deletes archived ids", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    PageChanges first;
    first.upserts = {makeFullRow(1), makeFullRow(2), makeFullRow(3), makeFullRow(4)};
    destination->apply(first);
    PageChanges second;
    second.deletes = {2, 4, 99};
    destination->apply(second);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    CHECK(idsOf(rows) == std::vector<std::int64_t>{1, 3});
    CHECK(destination->rowCount() == 2);
}

TEST_CASE("apply replaces id both deleted and upserted", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    PageChanges first;
    first.upserts = {makeFullRow(1, 0)};
    destination->apply(first);
    PageChanges second;
    second.deletes = {1};
    second.upserts = {makeFullRow(1, 3)};
    destination->apply(second);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    checkRowEquals(rows[0], makeFullRow(1, 3));
}

TEST_CASE("apply of empty page changes nothing", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    PageChanges first;
    first.upserts = {makeFullRow(1)};
    destination->apply(first);

    destination->apply(PageChanges{});

    CHECK(destination->rowCount() == 1);
}

TEST_CASE("failed page leaves nothing of that page", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    PageChanges first;
    first.upserts = {makeFullRow(1, 0), makeFullRow(2, 0)};
    destination->apply(first);
    fixture.failInsertsOfId(5);

    PageChanges failing;
    failing.deletes = {1};
    failing.upserts = {makeFullRow(2, 1), makeFullRow(3, 1), makeFullRow(5, 1), makeFullRow(6, 1)};
    CHECK_THROWS_AS(destination->apply(failing), std::runtime_error);

    std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 2);
    checkRowEquals(rows[0], makeFullRow(1, 0));
    checkRowEquals(rows[1], makeFullRow(2, 0));

    // The destination stays usable after a failed page.
    PageChanges next;
    next.deletes = {1};
    next.upserts = {makeFullRow(3, 2)};
    destination->apply(next);
    rows = destination->readAll();
    CHECK(idsOf(rows) == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("failed page error names table and cause", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    destination->prepare();
    fixture.failInsertsOfId(5);

    PageChanges failing;
    failing.upserts = {makeFullRow(5)};
    try {
        destination->apply(failing);
        FAIL("apply did not throw");
    } catch (const std::runtime_error& error) {
        const std::string message = error.what();
        CHECK_THAT(message, Catch::Contains(fixture.table()));
        CHECK_THAT(message, Catch::Contains("injected failure"));
    }
}

TEST_CASE("pages of one transaction appear together at commit", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    destination->prepare();
    const std::string count = "SELECT count(*) FROM " + quoted(fixture.table());

    PageChanges first;
    first.upserts = {makeFullRow(1, 0), makeFullRow(2, 0)};
    PageChanges second;
    second.deletes = {1};
    second.upserts = {makeFullRow(3, 0), makeFullRow(2, 1)};
    destination->write(first);
    destination->write(second);
    CHECK(fixture.queryInteger(count) == 0);

    destination->commit();
    CHECK(fixture.queryInteger(count) == 2);
    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 2);
    checkRowEquals(rows[0], makeFullRow(2, 1));
    checkRowEquals(rows[1], makeFullRow(3, 0));

    // A commit without an open transaction does nothing.
    destination->commit();
    CHECK(fixture.queryInteger(count) == 2);
}

TEST_CASE("rollback drops every page since the last commit", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    PageChanges kept;
    kept.upserts = {makeFullRow(1, 0)};
    destination->apply(kept);

    PageChanges first;
    first.deletes = {1};
    first.upserts = {makeFullRow(2, 0)};
    PageChanges second;
    second.upserts = {makeFullRow(3, 0)};
    destination->write(first);
    destination->write(second);
    destination->rollback();
    destination->rollback();

    std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    checkRowEquals(rows[0], makeFullRow(1, 0));

    // The next transaction starts clean.
    destination->write(second);
    destination->commit();
    CHECK(idsOf(destination->readAll()) == std::vector<std::int64_t>{1, 3});
}

TEST_CASE("failed page rolls back the pages before it in its transaction", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    PageChanges kept;
    kept.upserts = {makeFullRow(1, 0)};
    destination->apply(kept);
    fixture.failInsertsOfId(5);

    PageChanges first;
    first.upserts = {makeFullRow(2, 0)};
    PageChanges failing;
    failing.deletes = {1};
    failing.upserts = {makeFullRow(5, 0)};
    destination->write(first);
    CHECK_THROWS_AS(destination->write(failing), std::runtime_error);
    destination->commit();

    std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    checkRowEquals(rows[0], makeFullRow(1, 0));
}

TEST_CASE("destroying a writer rolls back its open transaction", "[destination]") {
    BackendFixture fixture;
    {
        auto destination = fixture.open();
        destination->prepare();
        PageChanges page;
        page.upserts = {makeFullRow(1, 0)};
        destination->write(page);
    }
    CHECK(fixture.queryInteger("SELECT count(*) FROM " + quoted(fixture.table())) == 0);
}

TEST_CASE("null fields are stored as NULL", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    PageChanges page;
    page.upserts = {makeSparseRow(9)};
    destination->apply(page);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    checkRowEquals(rows[0], makeSparseRow(9));

    const char* nullableColumns[] = {
        "owner_id",         "owner_name", "legal_entity_id", "starts_at",       "ends_at",
        "duration_seconds", "unit",       "layer",           "creation_source", "time_type_id",
        "timesheet_id",     "comment",    "author_id",       "modifier_id",     "created_at",
        "modified_at"};
    for (const char* column : nullableColumns) {
        INFO("column " << column);
        CHECK(fixture.queryInteger("SELECT count(*) FROM " + quoted(fixture.table()) + " WHERE " +
                                   quoted(column) + " IS NULL") == 1);
    }
}

TEST_CASE("empty strings stay distinct from NULL", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    TimeEntryRow row = makeSparseRow(4);
    row.comment = "";
    row.ownerName = "";
    PageChanges page;
    page.upserts = {row};
    destination->apply(page);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    checkRowEquals(rows[0], row);
    CHECK(fixture.queryInteger("SELECT count(*) FROM " + quoted(fixture.table()) +
                               " WHERE \"comment\" = ''") == 1);
}

TEST_CASE("text is stored byte for byte", "[destination]") {
    const std::vector<std::string> samples = {
        "Réunion équipe à Marseille, ça coûte 10 €",
        "会议记录 東京 회의",
        "done 🎉👩‍💻 ok",
        "tab\there",
        "line one\nline two\r\nline three\r",
        "back\\slash \\N \\t \\\\ trailing\\",
        "quotes ' \" '' \"\" `",
        "\\.\nafter end-of-copy marker",
        "semicolon; DROP TABLE x; --",
        "   leading and trailing spaces   ",
        "\x7f"
        " control "
        "\x01"
        "\x1f",
    };
    BackendFixture fixture;
    auto destination = fixture.open();

    PageChanges page;
    std::int64_t id = 1;
    for (const std::string& text : samples) {
        TimeEntryRow row = makeFullRow(id++);
        row.comment = text;
        row.ownerName = text;
        page.upserts.push_back(row);
    }
    destination->apply(page);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == samples.size());
    for (std::size_t i = 0; i < samples.size(); ++i) {
        INFO("sample " << i);
        CHECK(rows[i].comment == samples[i]);
        CHECK(rows[i].ownerName == samples[i]);
    }
}

TEST_CASE("raw JSON is stored exactly", "[destination]") {
    const std::vector<std::string> documents = {
        "{\"id\":1,\"zeta\":1,\"alpha\":2,\"alpha\":3}",
        "{ \"id\" : 2 ,\n\t\"comment\" : { \"content\" : \"a\\tb\\nc \\\\ \\\" \\u00e9\" } }",
        "{\"id\":3,\"name\":\"Zoë 東京 🎉\",\"duration\":\"1.00:00:00\",\"x\":1.50}",
        "{\"id\":4,\"archivedAt\":null,\"axisSections\":[],\"big\":12345678901234567890}",
    };
    BackendFixture fixture;
    auto destination = fixture.open();

    PageChanges page;
    std::int64_t id = 1;
    for (const std::string& document : documents) {
        TimeEntryRow row = makeSparseRow(id++);
        row.json = document;
        page.upserts.push_back(row);
    }
    destination->apply(page);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == documents.size());
    for (std::size_t i = 0; i < documents.size(); ++i) {
        CHECK(rows[i].json == documents[i]);
    }
}

TEST_CASE("extreme integers round-trip", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    TimeEntryRow row = makeFullRow(9007199254740993);
    row.ownerId = INT64_MAX;
    row.timesheetId = INT64_MIN;
    row.durationSeconds = 0;
    PageChanges page;
    page.upserts = {row};
    destination->apply(page);

    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    checkRowEquals(rows[0], row);
}

TEST_CASE("synced_at is set on every row", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    PageChanges page;
    page.upserts = {makeFullRow(1), makeSparseRow(2)};
    destination->apply(page);

    CHECK(fixture.queryInteger("SELECT count(*) FROM " + quoted(fixture.table()) +
                               " WHERE \"synced_at\" IS NOT NULL") == 2);
}

TEST_CASE("many pages of many rows", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    constexpr int pageCount = 5;
    constexpr int pageSize = 2000;
    for (int pageIndex = 0; pageIndex < pageCount; ++pageIndex) {
        PageChanges page;
        for (int i = 0; i < pageSize; ++i) {
            page.upserts.push_back(makeFullRow(pageIndex * pageSize + i + 1, pageIndex));
        }
        destination->apply(page);
    }

    CHECK(destination->rowCount() == pageCount * pageSize);
    const std::vector<TimeEntryRow> rows = destination->readAll();
    REQUIRE(rows.size() == pageCount * pageSize);
    checkRowEquals(rows.front(), makeFullRow(1, 0));
    checkRowEquals(rows.back(), makeFullRow(pageCount * pageSize, pageCount - 1));
}

TEST_CASE("unsafe table names are rejected", "[destination]") {
    const std::vector<std::string> names = {
        "",
        "time entries",
        "t; DROP TABLE users; --",
        "t\"x",
        "\"quoted\"",
        "t'x",
        "1entries",
        "entrées",
        "a.b.c",
        ".table",
        "schema.",
        "t\n",
        std::string(64, 'a'),
    };
    BackendFixture fixture;
    for (const std::string& name : names) {
        INFO("table name \"" << name << "\"");
        try {
            lucca::openDestination(fixture.configForTable(name));
            FAIL("the table name was accepted");
        } catch (const std::invalid_argument& error) {
            const std::string message = error.what();
            CHECK_THAT(message, Catch::Contains("'table'"));
            CHECK_THAT(message, Catch::Contains("\"" + name + "\""));
        }
    }
}

TEST_CASE("63-character table name works", "[destination]") {
    BackendFixture fixture;
    std::string name = fixture.tablePrefix() + "_long";
    name.resize(63, 'x');
    auto destination = lucca::openDestination(fixture.configForTable(name));

    PageChanges page;
    page.upserts = {makeFullRow(1)};
    destination->apply(page);

    CHECK(destination->rowCount() == 1);
    CHECK(fixture.queryInteger("SELECT count(*) FROM " + quoted(name)) == 1);
}

TEST_CASE("existing table without a column is rejected", "[destination]") {
    BackendFixture fixture;
    fixture.execute("CREATE TABLE " + quoted(fixture.table()) +
                    " (\"id\" bigint PRIMARY KEY, \"owner_id\" bigint)");
    auto destination = fixture.open();

    try {
        destination->prepare();
        FAIL("prepare accepted a table without the owner_name column");
    } catch (const lucca::PermanentDestinationError& error) {
        const std::string message = error.what();
        CHECK_THAT(message, Catch::Contains("owner_name"));
        CHECK_THAT(message, Catch::Contains(fixture.table()));
    }
}

TEST_CASE("describe names backend and table", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    const std::string description = destination->describe();

    CHECK_THAT(description, Catch::StartsWith(fixture.backendName()));
    CHECK_THAT(description, Catch::Contains("table " + fixture.table()));
}

TEST_CASE("indexes on modified_at and owner_id exist", "[destination]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    destination->prepare();

    CHECK(fixture.hasIndex(fixture.table() + "_modified_at_idx"));
    CHECK(fixture.hasIndex(fixture.table() + "_owner_id_idx"));
}
