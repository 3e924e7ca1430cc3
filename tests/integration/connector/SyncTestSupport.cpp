#include "SyncTestSupport.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <date/date.h>
#include <libpq-fe.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "http/QueryString.h"
#include "sync/EntryQuery.h"
#include "sync/PageParser.h"
#include "time/Duration.h"

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

std::string httpGet(const std::string& baseUrl, const std::string& target) {
    Poco::URI uri(baseUrl);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    INFO("GET " << target << ": " << body.substr(0, 300));
    REQUIRE(response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK);
    return body;
}

/// Returns whether two date-times are the same instant to the microsecond.
/// PostgreSQL keeps microseconds and drops trailing zeros, and its rounding
/// of a seventh digit may differ from ours by one microsecond.
bool sameDateTime(const std::optional<std::string>& stored,
                  const std::optional<std::string>& expected) {
    if (!stored || !expected) return stored.has_value() == expected.has_value();
    auto split = [](std::string value, std::string& seconds) {
        if (value.size() > 10 && value[10] == ' ') value[10] = 'T';
        seconds = value.substr(0, 19);
        double fraction = 0;
        if (value.size() > 20 && value[19] == '.') fraction = std::stod("0" + value.substr(19));
        return std::llround(fraction * 1e7);
    };
    std::string storedSeconds, expectedSeconds;
    long long storedTicks = split(*stored, storedSeconds);
    long long expectedTicks = split(*expected, expectedSeconds);
    return storedSeconds == expectedSeconds && std::llabs(storedTicks - expectedTicks) <= 10;
}

std::optional<std::string> optionalString(const Object::Ptr& object, const std::string& key) {
    if (!object || !object->has(key) || object->isNull(key)) return std::nullopt;
    return object->getValue<std::string>(key);
}

std::optional<std::int64_t> optionalInteger(const Object::Ptr& object, const std::string& key) {
    if (!object || !object->has(key) || object->isNull(key)) return std::nullopt;
    return object->getValue<std::int64_t>(key);
}

void compareRow(const TimeEntryRow& row, const Object::Ptr& truth, const std::string& truthJson) {
    INFO("entry id " << row.id);
    Object::Ptr owner =
        truth->has("owner") && !truth->isNull("owner") ? truth->getObject("owner") : nullptr;
    Object::Ptr comment =
        truth->has("comment") && !truth->isNull("comment") ? truth->getObject("comment") : nullptr;
    std::optional<std::string> duration = optionalString(truth, "duration");

    CHECK(row.id == truth->getValue<std::int64_t>("id"));
    CHECK(row.ownerId == optionalInteger(truth, "ownerId"));
    CHECK(row.ownerName == optionalString(owner, "name"));
    CHECK(row.legalEntityId == optionalInteger(owner, "legalEntityId"));
    CHECK(sameDateTime(row.startsAt, optionalString(truth, "startsAt")));
    CHECK(sameDateTime(row.endsAt, optionalString(truth, "endsAt")));
    CHECK(row.durationSeconds == (duration ? parseDurationSeconds(*duration) : std::nullopt));
    CHECK(row.unit == optionalInteger(truth, "unit"));
    CHECK(row.layer == optionalInteger(truth, "layer"));
    CHECK(row.creationSource == optionalInteger(truth, "creationSource"));
    CHECK(row.timeTypeId == optionalInteger(truth, "timeTypeId"));
    CHECK(row.timesheetId == optionalInteger(truth, "timesheetId"));
    CHECK(row.comment == optionalString(comment, "content"));
    CHECK(row.authorId == optionalInteger(truth, "authorId"));
    CHECK(row.modifierId == optionalInteger(truth, "modifierId"));
    CHECK(sameDateTime(row.createdAt, optionalString(truth, "createdAt")));
    CHECK(sameDateTime(row.modifiedAt, optionalString(truth, "modifiedAt")));
    CHECK(row.json == truthJson);
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
    // 1. The truth with exactly the fields the connector requests, so that
    //    each item's text is what the API would have sent.
    std::string target = "/_sim/truth?fields=" + percentEncode(entryFields({}));
    if (!scopeQuery.empty()) target += "&" + scopeQuery;
    std::string body = httpGet(simulator.httpUrl(), target);
    Object::Ptr truth = Poco::JSON::Parser().parse(body).extract<Object::Ptr>();
    Poco::JSON::Array::Ptr items = truth->getArray("items");
    std::string envelope = "{\"data\":" + body + "}";
    PageParser parser;
    ParsedPage truthPage = parser.parseItems(envelope);
    REQUIRE(truthPage.changes.upserts.size() == items->size());

    // 2. The table, row by row.
    std::vector<TimeEntryRow> rows = openDestination(destination.config)->readAll();
    REQUIRE(rows.size() == items->size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        compareRow(rows[i], items->getObject(static_cast<unsigned>(i)),
                   truthPage.changes.upserts[i].json);
    }
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
