#include "SyncTestSupport.h"

#include <Poco/JSON/Parser.h>
#include <date/date.h>
#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <sstream>

#include "TruthComparison.h"

namespace lucca::test {
namespace {

using Poco::JSON::Object;

/// Splits "password=..." out of a libpq conninfo of space-separated
/// key=value pairs without quotes, as scripts/postgres.sh prints it.
void splitPassword(const std::string& conninfo, std::string& rest, std::string& password) {
    std::istringstream words(conninfo);
    std::string word;
    while (words >> word) {
        if (word.rfind("password=", 0) == 0) {
            password = word.substr(9);
        } else {
            rest += (rest.empty() ? "" : " ") + word;
        }
    }
}

void dropTable(const std::string& conninfo, const std::string& table) {
    PGconn* connection = PQconnectdb(conninfo.c_str());
    INFO("PostgreSQL: " << PQerrorMessage(connection));
    REQUIRE(PQstatus(connection) == CONNECTION_OK);
    PQsetNoticeProcessor(
        connection, [](void*, const char*) {}, nullptr);
    PGresult* result = PQexec(connection, ("DROP TABLE IF EXISTS " + table).c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    PQclear(result);
    PQfinish(connection);
    REQUIRE(ok);
}

std::string jsonString(const std::string& text) {
    std::ostringstream out;
    Poco::JSON::Stringifier::formatString(text, out);
    return out.str();
}

}  // namespace

TestDestination makeDestination(Backend backend, const Lucca::Test::TempDir& directory,
                                const std::string& table) {
    TestDestination destination;
    destination.config.table = table;
    if (backend == Backend::SQLite) {
        destination.config.kind = DestinationConfig::Kind::SQLite;
        destination.config.path = directory.file("entries.db");
        destination.json = R"({"type": "sqlite", "path": )" + jsonString(destination.config.path) +
                           R"(, "table": ")" + table + R"("})";
        return destination;
    }
    const char* conninfo = std::getenv("LUCCA_TEST_POSTGRES");
    if (conninfo == nullptr || *conninfo == '\0') {
        FAIL(
            "LUCCA_TEST_POSTGRES is not set: run scripts/test.sh, which starts a PostgreSQL "
            "server, or export LUCCA_TEST_POSTGRES from scripts/postgres.sh start");
    }
    dropTable(conninfo, table);
    destination.config.kind = DestinationConfig::Kind::PostgreSQL;
    splitPassword(conninfo, destination.config.connection, destination.config.password);
    destination.json = R"({"type": "postgresql", "connection": )" +
                       jsonString(destination.config.connection) + R"(, "password": )" +
                       jsonString(destination.config.password) + R"(, "table": ")" + table +
                       R"("})";
    return destination;
}

std::vector<std::string> simulatorArguments(const std::vector<std::string>& extra) {
    std::vector<std::string> arguments{"--api-key", kApiKey, "--rate-limit", "0"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
}

std::string connectorConfig(const std::string& baseUrl, const TestDestination& destination,
                            const std::string& extra) {
    std::string json = R"({"baseUrl": ")" + baseUrl + R"(", "apiKey": ")" + kApiKey +
                       R"(", "rateLimitPerMinute": 1000000, "requestTimeoutSeconds": 5,
        "retry": {"maxAttempts": 4, "initialBackoffMs": 20, "maxBackoffMs": 100},
        "destination": )" +
                       destination.json;
    if (!extra.empty()) json += ", " + extra;
    return json + "}";
}

void requireTableMatchesTruth(const Lucca::Test::SimulatorProcess& simulator,
                              const TestDestination& destination, const std::string& scopeQuery) {
    std::string truth = Lucca::Test::fetchTruth(simulator.httpUrl(), scopeQuery);
    std::vector<TimeEntryRow> rows = openDestination(destination.config)->readAll();
    std::vector<std::string> differences = Lucca::Test::compareRowsWithTruth(rows, truth);
    for (const std::string& difference : differences) {
        FAIL_CHECK(difference);
    }
    REQUIRE(differences.empty());
}

void requireNoApiKeyLeak(const PluginHost& host, const std::vector<std::string>& texts) {
    for (const std::string& line : host.logLines()) {
        INFO("log line: " << line);
        CHECK(line.find(kApiKey) == std::string::npos);
    }
    for (const std::string& text : texts) {
        INFO("text: " << text);
        CHECK(text.find(kApiKey) == std::string::npos);
    }
    for (const char* key : {"watermark/all", "lastRun/all"}) {
        CHECK(host.stateValue(key).find(kApiKey) == std::string::npos);
    }
}

long long lastRunNumber(const PluginHost& host, const std::string& partition,
                        const std::string& field) {
    std::string text = host.stateValue("lastRun/" + partition);
    REQUIRE_FALSE(text.empty());
    Object::Ptr record = Poco::JSON::Parser().parse(text).extract<Object::Ptr>();
    return record->getValue<long long>(field);
}

long long clockOffsetTo(const Lucca::Test::SimulatorProcess& simulator) {
    Object::Ptr clock = simulator.get("/_sim/clock");
    std::string utc = clock->getValue<std::string>("utc");
    std::istringstream in(utc.substr(0, 19));
    date::sys_seconds simulatorNow;
    in >> date::parse("%Y-%m-%dT%H:%M:%S", simulatorNow);
    REQUIRE_FALSE(in.fail());
    auto hostNow = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return (simulatorNow - hostNow).count();
}

}  // namespace lucca::test
