// Behaviour specific to the PostgreSQL writer: connection, secrets, types.
#include <catch2/catch.hpp>
#include <stdexcept>

#include "BackendFixture.h"
#include "Destination.h"
#include "PostgreSQLTestServer.h"
#include "TestRows.h"

using lucca::DestinationConfig;
using lucca::PageChanges;
using lucca::TimeEntryRow;
using lucca::test::BackendFixture;
using lucca::test::makeFullRow;
using lucca::test::makeSparseRow;
using lucca::test::PostgreSQLTestServer;

namespace {

std::string openError(const DestinationConfig& config) {
    try {
        lucca::openDestination(config);
    } catch (const std::exception& error) {
        return error.what();
    }
    return "<no error>";
}

}  // namespace

TEST_CASE("describe shows server but no password", "[destination][postgres]") {
    BackendFixture fixture;
    PostgreSQLTestServer server;
    REQUIRE_FALSE(server.config().password.empty());
    auto destination = fixture.open();

    const std::string description = destination->describe();

    CHECK_THAT(description, Catch::Contains("host=" + server.option("host")));
    CHECK_THAT(description, Catch::Contains("port=" + server.option("port")));
    CHECK_THAT(description, Catch::Contains("dbname=" + server.option("dbname")));
    CHECK_THAT(description, !Catch::Contains(server.config().password));
}

TEST_CASE("password in connection string stays hidden", "[destination][postgres]") {
    BackendFixture fixture;
    PostgreSQLTestServer server;
    DestinationConfig config = fixture.config();
    config.connection += " password='" + server.config().password + "'";
    config.password.clear();

    auto destination = lucca::openDestination(config);
    destination->prepare();

    CHECK(destination->rowCount() == 0);
    CHECK_THAT(destination->describe(), !Catch::Contains(server.config().password));
}

TEST_CASE("wrong password error hides the password", "[destination][postgres]") {
    BackendFixture fixture;
    PostgreSQLTestServer server;
    DestinationConfig config = fixture.config();
    config.password = "wrong-Secret-4711";

    const std::string message = openError(config);

    CHECK_THAT(message, Catch::Contains("connecting failed"));
    CHECK_THAT(message, Catch::Contains("host=" + server.option("host")));
    CHECK_THAT(message, Catch::Contains("port=" + server.option("port")));
    CHECK_THAT(message, Catch::Contains("password authentication failed"));
    CHECK_THAT(message, !Catch::Contains("wrong-Secret-4711"));
    CHECK_THAT(message, !Catch::Contains(server.config().password));
}

TEST_CASE("closed port error says what to check", "[destination][postgres]") {
    DestinationConfig config;
    config.kind = DestinationConfig::Kind::PostgreSQL;
    config.connection = "host=127.0.0.1 port=1 dbname=nowhere user=nobody";
    config.password = "Secret-closed-port";

    const std::string message = openError(config);

    CHECK_THAT(message, Catch::Contains("host=127.0.0.1 port=1 dbname=nowhere user=nobody"));
    CHECK_THAT(message, Catch::Contains("Check that the server runs"));
    CHECK_THAT(message, !Catch::Contains("Secret-closed-port"));
}

TEST_CASE("invalid connection string hides its text", "[destination][postgres]") {
    DestinationConfig config;
    config.kind = DestinationConfig::Kind::PostgreSQL;
    config.connection = "host=127.0.0.1 password=Hidden-9931 port";

    const std::string message = openError(config);

    CHECK_THAT(message, Catch::Contains("'connection'"));
    CHECK_THAT(message, !Catch::Contains("Hidden-9931"));
}

TEST_CASE("empty connection string is rejected", "[destination][postgres]") {
    DestinationConfig config;
    config.kind = DestinationConfig::Kind::PostgreSQL;

    const std::string message = openError(config);

    CHECK_THAT(message, Catch::Contains("missing value for 'connection'"));
}

TEST_CASE("session sets application_name", "[destination][postgres]") {
    BackendFixture fixture;
    auto destination = fixture.open();

    CHECK(fixture.queryInteger("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                               "'lucca-timeentries-connector'") >= 1);
}

TEST_CASE("PostgreSQL columns have the documented types", "[destination][postgres]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    destination->prepare();
    const auto typeOf = [&](const std::string& column) {
        return fixture.queryText(
            "SELECT data_type FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = '" +
            fixture.table() + "' AND column_name = '" + column + "'");
    };

    CHECK(typeOf("id") == "bigint");
    CHECK(typeOf("owner_id") == "bigint");
    CHECK(typeOf("owner_name") == "text");
    CHECK(typeOf("duration_seconds") == "integer");
    CHECK(typeOf("unit") == "integer");
    CHECK(typeOf("starts_at") == "timestamp without time zone");
    CHECK(typeOf("modified_at") == "timestamp without time zone");
    CHECK(typeOf("comment") == "text");
    CHECK(typeOf("raw_json") == "json");
    CHECK(typeOf("synced_at") == "timestamp with time zone");
    CHECK(fixture.queryInteger("SELECT datetime_precision FROM information_schema.columns WHERE "
                               "table_schema = current_schema() AND table_name = '" +
                               fixture.table() + "' AND column_name = 'created_at'") == 6);
}

TEST_CASE("seven fractional digits round to microseconds", "[destination][postgres]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    TimeEntryRow row = makeFullRow(1);
    row.modifiedAt = "2024-07-05T09:12:33.1234567";
    row.createdAt = "2024-07-05T09:12:33";
    row.startsAt = "2024-07-05T09:12:33.5";
    row.json = "{\"id\":1,\"modifiedAt\":\"2024-07-05T09:12:33.1234567\"}";
    PageChanges page;
    page.upserts = {row};
    destination->apply(page);

    const auto rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].modifiedAt == "2024-07-05T09:12:33.123457");
    CHECK(rows[0].createdAt == "2024-07-05T09:12:33");
    CHECK(rows[0].startsAt == "2024-07-05T09:12:33.5");
    CHECK(rows[0].json == row.json);
}

TEST_CASE("invalid date-time fails the whole page", "[destination][postgres]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    TimeEntryRow bad = makeFullRow(2);
    bad.startsAt = "not a date";
    PageChanges page;
    page.upserts = {makeFullRow(1), bad};

    try {
        destination->apply(page);
        FAIL("apply accepted an invalid date-time");
    } catch (const lucca::PermanentDestinationError& error) {
        CHECK_THAT(error.what(), Catch::Contains("not a date"));
    }
    CHECK(destination->rowCount() == 0);
}

TEST_CASE("NUL bytes are dropped from text columns", "[destination][postgres]") {
    BackendFixture fixture;
    auto destination = fixture.open();
    TimeEntryRow row = makeSparseRow(1);
    row.comment = std::string("before\0after", 12);
    row.json = "{\"id\":1,\"comment\":{\"content\":\"before\\u0000after\"}}";
    PageChanges page;
    page.upserts = {row};
    destination->apply(page);

    const auto rows = destination->readAll();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].comment == "beforeafter");
    CHECK(rows[0].json == row.json);
}

TEST_CASE("schema-qualified mixed-case name works", "[destination][postgres]") {
    BackendFixture fixture;
    const std::string schema = fixture.tablePrefix() + "_schema";
    fixture.execute("CREATE SCHEMA \"" + schema + "\"");
    try {
        DestinationConfig config = fixture.configForTable(schema + ".Time_Entries");
        auto destination = lucca::openDestination(config);
        PageChanges page;
        page.upserts = {makeFullRow(1), makeFullRow(2)};
        destination->apply(page);

        CHECK(destination->rowCount() == 2);
        CHECK(fixture.queryInteger("SELECT count(*) FROM " + schema + ".time_entries") == 2);
        CHECK_THAT(destination->describe(), Catch::Contains("table " + schema + ".time_entries"));
    } catch (...) {
        fixture.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
        throw;
    }
    fixture.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
}

TEST_CASE("lost connection is opened again on next page", "[destination][postgres]") {
    BackendFixture fixture;
    DestinationConfig config = fixture.config();
    const std::string applicationName = fixture.tablePrefix();
    config.connection += " application_name=" + applicationName;
    auto destination = lucca::openDestination(config);
    PageChanges first;
    first.upserts = {makeFullRow(1)};
    destination->apply(first);

    CHECK(fixture.queryInteger("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE application_name = '" +
                               applicationName + "'") == 1);
    PageChanges second;
    second.upserts = {makeFullRow(2)};
    CHECK_THROWS_AS(destination->apply(second), std::runtime_error);
    destination->apply(second);

    CHECK(destination->rowCount() == 2);
}
