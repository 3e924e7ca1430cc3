// Hostile configurations through the C ABI: absurd sizes, wrong types,
// unknown keys, injection attempts, and paths that cannot be used. Each is
// rejected with a message that names the key, by configure() when the JSON
// alone shows it, otherwise by run() before anything is written. The
// connector's unit tests cover the basic type and range errors; these add
// the extremes and the paths.
#include <Poco/JSON/Array.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "HostileFixture.h"

using Lucca::Test::SimulatorProcess;
using Lucca::Test::TempDir;
using namespace lucca::test;

namespace {

/// Returns a configuration against an address nothing listens on, so that a
/// configuration that is wrongly accepted fails visibly without traffic.
std::string configWith(const std::string& members) {
    std::string json = R"({"baseUrl": "http://127.0.0.1:9", "apiKey": "k",
        "destination": {"type": "sqlite", "path": "/nonexistent/entries.db"})";
    if (!members.empty()) json += ", " + members;
    return json + "}";
}

std::string configureError(const std::string& json) {
    PluginHost host;
    CallResult result = host.configure(json);
    CHECK(result.code == CONNECTOR_PERMANENT);
    return result.message;
}

}  // namespace

TEST_CASE("absurd sizes name the key", "[hostile][config]") {
    struct Case {
        const char* member;
        const char* expected;
    };
    const Case cases[] = {
        {R"("pageSize": -1)", "pageSize: must be between 1 and 10000, got -1"},
        {R"("pageSize": 9223372036854775807)", "pageSize: must be between 1 and 10000"},
        {R"("pageSize": 18446744073709551615)", "pageSize: integer out of range"},
        {R"("pageSize": 1e100)", "pageSize: expected an integer"},
        {R"("pageSize": "1000")", "pageSize: expected an integer"},
        {R"("pageSize": true)", "pageSize: expected an integer"},
        {R"("pageSize": [1000])", "pageSize: expected an integer"},
        {R"("requestTimeoutSeconds": 0)", "requestTimeoutSeconds: must be between 1 and 3600"},
        {R"("requestTimeoutSeconds": 86400)", "requestTimeoutSeconds: must be between 1 and 3600"},
        {R"("rateLimitPerMinute": 0)", "rateLimitPerMinute: must be between 1 and"},
        {R"("rateLimitPerMinute": -50)", "rateLimitPerMinute: must be between 1 and"},
        {R"("partitionConcurrency": 100000)", "partitionConcurrency: must be between 1 and 16"},
        {R"("overlapMinutes": -1)", "overlapMinutes: must be between 0 and 10080"},
        {R"("clockOffsetSeconds": 9223372036854775807)", "clockOffsetSeconds: must be between"},
        {R"("clockOffsetSeconds": -9223372036854775808)", "clockOffsetSeconds: must be between"},
        {R"("retry": {"maxAttempts": 0})", "retry.maxAttempts: must be between 1 and 100"},
        {R"("retry": {"maxAttempts": 2147483648})", "retry.maxAttempts: must be between 1 and 100"},
        {R"("retry": {"initialBackoffMs": -1})", "retry.initialBackoffMs: must be between 0 and"},
        {R"("retry": {"maxBackoffMs": 4294967296})", "retry.maxBackoffMs: must be between 0 and"},
        {R"("retry": {"initialBackoffMs": 1000, "maxBackoffMs": 10})",
         "retry.maxBackoffMs: must not be below retry.initialBackoffMs"},
        {R"("retry": {"maxRetryAfterSeconds": -1})", "retry.maxRetryAfterSeconds: must be between"},
        {R"("scope": {"legalEntityIds": [0]})",
         "scope.legalEntityIds[0]: ids are integers of at least 1"},
        {R"("scope": {"ownerIds": [-7]})", "scope.ownerIds[0]: ids are integers of at least 1"},
        {R"("scope": {"ownerIds": [3, 3]})", "scope.ownerIds[1]: duplicate id 3"},
        {R"("scope": {"ownerIds": [1.5]})", "scope.ownerIds[0]: expected an integer"},
        {R"("scope": {"ownerIds": 5})", "scope.ownerIds: expected an array"},
        {R"("scope": [])", "scope: expected an object"},
        {R"("retry": null, "tls": {"caFile": 5})", "tls.caFile: expected a string"},
        {R"("allowInsecureHttp": "true")", "allowInsecureHttp: expected true or false"},
    };
    for (const Case& item : cases) {
        DYNAMIC_SECTION(item.member) {
            std::string message = configureError(configWith(item.member));
            INFO(message);
            CHECK(message.rfind(item.expected, 0) == 0);
        }
    }
}

TEST_CASE("unknown keys at every level", "[hostile][config]") {
    struct Case {
        const char* member;
        const char* expected;
    };
    const Case cases[] = {
        {R"("apikey": "k2")", "apikey: unknown key"},
        {R"("retry": {"maxAttempts": 3, "jitter": true})", "retry.jitter: unknown key"},
        {R"("tls": {"verify": true, "insecure": true})", "tls.insecure: unknown key"},
        {R"("scope": {"legalEntityIds": [1], "all": true})", "scope.all: unknown key"},
        {R"("__proto__": {})", "__proto__: unknown key"},
        {R"("": 1)", ": unknown key"},
    };
    for (const Case& item : cases) {
        DYNAMIC_SECTION(item.member) {
            std::string message = configureError(configWith(item.member));
            INFO(message);
            CHECK(message == item.expected);
        }
    }
}

TEST_CASE("injection attempts are rejected", "[hostile][config]") {
    auto destination = [](const std::string& table) {
        return R"({"baseUrl": "http://127.0.0.1:9", "apiKey": "k", "destination": {"type": "sqlite", "path": "x.db", "table": )" +
               table + "}}";
    };
    for (const char* table :
         {R"("entries; DROP TABLE entries")", R"("entries\"; DROP TABLE x; --")", R"("entries--")",
          R"("main.entries")", R"("pg_catalog.pg_class")", R"("entrées")", R"("a b")", R"("")",
          R"("1entries")", R"("e\u0000x")",
          R"("a2345678901234567890123456789012345678901234567890123456789012345")",
          R"(["entries"])"}) {
        DYNAMIC_SECTION("table " << table) {
            std::string message = configureError(destination(table));
            INFO(message);
            CHECK(message.rfind("destination.table: ", 0) == 0);
        }
    }

    struct Case {
        const char* member;
        const char* expected;
    };
    const Case cases[] = {
        {R"("apiKey": "k\r\nX-Injected: 1")", "apiKey: contains a control character"},
        {R"("apiKey": "k\u0000")", "apiKey: contains a control character"},
        {R"("apiKey": "")", "apiKey: must not be empty"},
        {R"("extraFields": ["id&apiKey=x"])", "extraFields[0]: invalid character '&'"},
        {R"("extraFields": ["owner[name]#"])", "extraFields[0]: invalid character '#'"},
        {R"("extraFields": ["a\r\nb"])", "extraFields[0]: invalid character"},
    };
    for (const Case& item : cases) {
        DYNAMIC_SECTION(item.member) {
            std::string json = configWith(item.member);
            // The member replaces the default apiKey: drop the first one.
            if (std::string(item.member).rfind("\"apiKey\"", 0) == 0) {
                json.replace(json.find(R"("apiKey": "k",)"), 14, "");
            }
            std::string message = configureError(json);
            INFO(message);
            CHECK(message.rfind(item.expected, 0) == 0);
        }
    }
}

TEST_CASE("base URLs that could split the request", "[hostile][config]") {
    // Percent-encoded line breaks or spaces in the path would decode into
    // the request line and add headers of the server's choosing.
    for (const char* url : {"http://127.0.0.1:9/x%0D%0AX-Injected:%201", "http://127.0.0.1:9/a%00b",
                            "https://x.ilucca.net/%0A", "http://127.0.0.1:9/%7F"}) {
        DYNAMIC_SECTION(url) {
            std::string json = configWith("");
            json.replace(json.find("http://127.0.0.1:9"), 18, url);
            std::string message = configureError(json);
            INFO(message);
            CHECK(message.rfind("baseUrl: ", 0) == 0);
        }
    }
}

TEST_CASE("encoded path prefix is sent encoded", "[hostile][config]") {
    SimulatorProcess simulator(simulatorArguments({"--owners", "2", "--days", "2"}));
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "entries");
    PluginHost host;
    REQUIRE(host.configure(connectorConfig(simulator.httpUrl() + "/a%20b%3Fc", destination)).code ==
            CONNECTOR_OK);
    CallResult result = host.run();
    INFO(result.message);
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find("the endpoint was not found") != std::string::npos);
    Poco::JSON::Array::Ptr requests = simulator.requests();
    REQUIRE(requests->size() == 1);
    CHECK(requests->getObject(0)->getValue<std::string>("path") == "/a%20b%3Fc/api/v3/timeentries");
}

TEST_CASE("deeply nested configuration", "[hostile][config]") {
    std::string nested = std::string(100000, '[') + std::string(100000, ']');
    std::string message = configureError(configWith("\"extraFields\": " + nested));
    INFO(message.substr(0, 300));
    CHECK(message.rfind("configuration: invalid JSON", 0) == 0);
}

TEST_CASE("unusable paths fail the run", "[hostile][config]") {
    SimulatorProcess simulator(simulatorArguments({"--owners", "2", "--days", "2"}),
                               SimulatorProcess::Tls::On);
    TempDir directory;
    std::string regularFile = directory.file("file.txt");
    std::ofstream(regularFile) << "not a folder";
    std::string emptyCa = directory.file("empty.pem");
    std::ofstream(emptyCa) << "";
    std::string garbageCa = directory.file("garbage.pem");
    std::ofstream(garbageCa)
        << "-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----\n";

    struct Case {
        std::string name;  ///< stable across the re-runs that Catch makes per section
        std::string destinationPath;
        std::string extra;
        std::string expected;
    };
    const Case cases[] = {
        {"missing folder", directory.file("missing/entries.db"), "", "missing"},
        {"folder is a file", regularFile + "/entries.db", "", "file.txt"},
        {"path is a folder", directory.path(), "", directory.path()},
        {"missing CA file", directory.file("entries.db"),
         R"("tls": {"caFile": "/nonexistent/ca.pem"})", "tls.caFile"},
        {"CA file is a folder", directory.file("entries.db"),
         "\"tls\": {\"caFile\": \"" + directory.path() + "\"}", "tls.caFile"},
        {"empty CA file", directory.file("entries.db"),
         "\"tls\": {\"caFile\": \"" + emptyCa + "\"}", "tls.caFile"},
        {"garbage CA file", directory.file("entries.db"),
         "\"tls\": {\"caFile\": \"" + garbageCa + "\"}", "tls.caFile"},
    };
    for (const Case& item : cases) {
        DYNAMIC_SECTION(item.name) {
            bool tls = item.extra.find("caFile") != std::string::npos;
            PluginHost host;
            std::string json = R"({"baseUrl": ")" +
                               (tls ? simulator.httpsUrl() : simulator.httpUrl()) +
                               R"(", "apiKey": ")" + kApiKey + R"(", "retry": {"maxAttempts": 1},
                "destination": {"type": "sqlite", "path": ")" +
                               item.destinationPath + "\"}";
            if (!item.extra.empty()) json += ", " + item.extra;
            json += "}";
            REQUIRE(host.configure(json).code == CONNECTOR_OK);
            CallResult result = host.run();
            INFO(result.message);
            // Only a change to the set-up helps, so a retry would fail again.
            CHECK(result.code == CONNECTOR_PERMANENT);
            CHECK(result.message.find(item.expected) != std::string::npos);
            CHECK(host.stateValue("watermark/all").empty());
            CallResult check = host.check();
            CHECK(check.code != CONNECTOR_OK);
        }
    }
}

TEST_CASE("unwritable folder fails the run", "[hostile][config]") {
    if (::geteuid() == 0) {
        WARN("skipped: file modes do not restrict root");
        return;
    }
    SimulatorProcess simulator(simulatorArguments({"--owners", "2", "--days", "2"}));
    TempDir directory;
    std::string folder = directory.file("read-only");
    REQUIRE(::mkdir(folder.c_str(), 0500) == 0);
    PluginHost host;
    TestDestination destination;
    destination.json = R"({"type": "sqlite", "path": ")" + folder + R"(/entries.db"})";
    REQUIRE(host.configure(connectorConfig(simulator.httpUrl(), destination)).code == CONNECTOR_OK);
    CallResult result = host.run();
    INFO(result.message);
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find(folder) != std::string::npos);
    CHECK(host.stateValue("watermark/all").empty());
    ::chmod(folder.c_str(), 0700);
}

TEST_CASE("reserved SQLite table name is rejected", "[hostile][config]") {
    SimulatorProcess simulator(simulatorArguments({"--owners", "2", "--days", "2"}));
    TempDir directory;
    for (const std::string table : {"sqlite_sequence", "SQLite_Stat1"}) {
        INFO(table);
        PluginHost host;
        TestDestination destination;
        destination.json = R"({"type": "sqlite", "path": ")" + directory.file(table + ".db") +
                           R"(", "table": ")" + table + R"("})";
        CallResult result = host.configure(connectorConfig(simulator.httpUrl(), destination));
        INFO(result.message);
        CHECK(result.code == CONNECTOR_PERMANENT);
        CHECK(result.message.rfind("destination.table: names starting with sqlite_", 0) == 0);
        CHECK(host.stateValue("watermark/all").empty());
    }
}
