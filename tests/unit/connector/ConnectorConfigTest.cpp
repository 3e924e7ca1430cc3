#include <catch2/catch.hpp>
#include <connector/connector.hpp>
#include <string>

#include "config/ConnectorConfig.h"

namespace {

const std::string kDestination = R"("destination": {"type": "sqlite", "path": "lucca.db"})";

std::string withBase(const std::string& extra) {
    std::string json =
        R"({"baseUrl": "https://example.ilucca.net/", "apiKey": "k", )" + kDestination;
    if (!extra.empty()) json += ", " + extra;
    return json + "}";
}

/// Returns the message configure() throws for `json`, or "" if it succeeds.
std::string errorOf(const std::string& json) {
    try {
        lucca::parseConnectorConfig(json);
    } catch (const connector::PermanentError& error) {
        return error.what();
    }
    return "";
}

}  // namespace

TEST_CASE("config defaults", "[config]") {
    lucca::ConnectorConfig config = lucca::parseConnectorConfig(withBase(""));
    CHECK(config.baseUrl == "https://example.ilucca.net");
    CHECK(config.apiKey == "k");
    CHECK(config.pageSize == 1000);
    CHECK(config.rateLimitPerMinute == 50);
    CHECK(config.overlapMinutes == 0);
    CHECK(config.tls.verify);
    CHECK(config.tls.caFile.empty());
    CHECK(config.scope.kind == lucca::ScopeConfig::Kind::Tenant);
    CHECK(config.destination.kind == lucca::DestinationConfig::Kind::SQLite);
    CHECK(config.destination.path == "lucca.db");
    CHECK(config.destination.table == "lucca_time_entries");
    CHECK(config.clockOffsetSeconds == 0);
    CHECK(config.partitionConcurrency == 2);
}

TEST_CASE("config full object", "[config]") {
    lucca::ConnectorConfig config = lucca::parseConnectorConfig(R"({
        "baseUrl": "http://127.0.0.1:8080",
        "apiKey": "secret",
        "pageSize": 10000,
        "requestTimeoutSeconds": 5,
        "retry": {"maxAttempts": 3, "initialBackoffMs": 10, "maxBackoffMs": 100},
        "rateLimitPerMinute": 600,
        "tls": {"verify": false, "caFile": "/tmp/ca.pem"},
        "scope": {"legalEntityIds": [1, 3]},
        "destination": {"type": "postgresql", "connection": "host=127.0.0.1", "password": "p",
                        "table": "entries"},
        "overlapMinutes": 5,
        "extraFields": ["owner[department]"],
        "clockOffsetSeconds": -30
    })");
    CHECK(config.baseUrl == "http://127.0.0.1:8080");
    CHECK(config.pageSize == 10000);
    CHECK(config.retry.maxAttempts == 3);
    CHECK(config.retry.maxBackoffMs == 100);
    CHECK_FALSE(config.tls.verify);
    CHECK(config.scope.kind == lucca::ScopeConfig::Kind::LegalEntities);
    CHECK(config.scope.ids == std::vector<std::int64_t>{1, 3});
    CHECK(config.destination.kind == lucca::DestinationConfig::Kind::PostgreSQL);
    CHECK(config.destination.password == "p");
    CHECK(config.destination.table == "entries");
    CHECK(config.extraFields == std::vector<std::string>{"owner[department]"});
    CHECK(config.clockOffsetSeconds == -30);
}

TEST_CASE("config errors name the key", "[config]") {
    CHECK(errorOf(withBase(R"("retry": {"maxAttempts": "3"})")) ==
          "retry.maxAttempts: expected an integer");
    CHECK(errorOf(withBase(R"("retry": {"maxAttempts": 2.5})")) ==
          "retry.maxAttempts: expected an integer");
    CHECK(errorOf(withBase(R"("retry": {"attempts": 3})")) == "retry.attempts: unknown key");
    CHECK(errorOf(withBase(R"("pagesize": 3)")) == "pagesize: unknown key");
    CHECK(errorOf(withBase(R"("partitionConcurrency": 0)"))
              .rfind("partitionConcurrency: must be between 1 and 16", 0) == 0);
    CHECK(errorOf(withBase(R"("pageSize": 0)")).rfind("pageSize: must be between 1 and 10000", 0) ==
          0);
    CHECK(errorOf(withBase(R"("pageSize": 10001)")).rfind("pageSize: must be between", 0) == 0);
    CHECK(errorOf(withBase(R"("tls": {"verify": "yes"})")) == "tls.verify: expected true or false");
    CHECK(errorOf(withBase(R"("tls": [])")) == "tls: expected an object");
    CHECK(errorOf(withBase(R"("scope": {"ownerIds": [1, "2"]})")) ==
          "scope.ownerIds[1]: expected an integer");
    CHECK(errorOf(withBase(R"("scope": {"ownerIds": []})")) ==
          "scope.ownerIds: must list at least one id");
    CHECK(errorOf(withBase(R"("scope": {"ownerIds": [1], "legalEntityIds": [2]})"))
              .rfind("scope: set either", 0) == 0);
    CHECK(errorOf(withBase(R"("extraFields": ["a b"])"))
              .rfind("extraFields[0]: invalid character", 0) == 0);
    CHECK(errorOf(R"({"apiKey": "k", )" + kDestination + "}") == "baseUrl: missing required value");
    CHECK(errorOf(R"({"baseUrl": "https://x.ilucca.net", )" + kDestination + "}") ==
          "apiKey: missing required value");
    CHECK(errorOf(R"({"baseUrl": "https://x.ilucca.net", "apiKey": "k"})") ==
          "destination: missing required value");
    CHECK(errorOf(withBase("").substr(0, 20)).rfind("configuration: invalid JSON", 0) == 0);
    CHECK(errorOf("[1]") == "configuration: expected a JSON object");
}

TEST_CASE("config destination errors", "[config]") {
    auto json = [](const std::string& destination) {
        return R"({"baseUrl": "https://x.ilucca.net", "apiKey": "k", "destination": )" +
               destination + "}";
    };
    CHECK(errorOf(json(R"({"type": "mysql"})")).rfind("destination.type: expected", 0) == 0);
    CHECK(errorOf(json(R"({"type": "sqlite"})")) == "destination.path: missing required value");
    CHECK(errorOf(json(R"({"type": "postgresql"})")) ==
          "destination.connection: missing required value");
    CHECK(errorOf(json(R"({"type": "sqlite", "path": "a.db", "table": "x; drop"})"))
              .rfind("destination.table: expected a plain SQL identifier", 0) == 0);
    CHECK(errorOf(json(R"({"type": "sqlite", "path": "a.db", "port": 5})")) ==
          "destination.port: unknown key");
    CHECK(errorOf(json(R"({"type": "sqlite", "path": "a.db", "password": "p"})"))
              .rfind("destination.password: only a postgresql", 0) == 0);
    CHECK(errorOf(json(R"({"type": "sqlite", "path": "a.db", "table": "SQLite_master"})"))
              .rfind("destination.table: names starting with sqlite_ are reserved", 0) == 0);
    CHECK(errorOf(json(R"({"type": "sqlite", "path": ":memory:"})"))
              .rfind("destination.path: ':memory:' is a database in memory", 0) == 0);
}

TEST_CASE("config base URL rules", "[config]") {
    auto json = [](const std::string& url, const std::string& extra = "") {
        return R"({"baseUrl": ")" + url + R"(", "apiKey": "k", )" + kDestination + extra + "}";
    };
    CHECK(lucca::parseConnectorConfig(json("http://127.0.0.1:9000/")).baseUrl ==
          "http://127.0.0.1:9000");
    CHECK(lucca::parseConnectorConfig(json("http://localhost:9000")).baseUrl ==
          "http://localhost:9000");
    CHECK(lucca::parseConnectorConfig(json("http://[::1]:9000")).baseUrl == "http://[::1]:9000");
    CHECK(lucca::parseConnectorConfig(json("https://x.ilucca.net/prefix//")).baseUrl ==
          "https://x.ilucca.net/prefix");
    CHECK(errorOf(json("http://x.ilucca.net")).rfind("baseUrl: plain http://", 0) == 0);
    CHECK(lucca::parseConnectorConfig(json("http://x.ilucca.net", R"(, "allowInsecureHttp": true)"))
              .baseUrl == "http://x.ilucca.net");
    CHECK(errorOf(json("ftp://x.ilucca.net")).rfind("baseUrl: expected an http", 0) == 0);
    CHECK(errorOf(json("https://user:pw@x.ilucca.net")).rfind("baseUrl: credentials", 0) == 0);
    CHECK(errorOf(json("https://x.ilucca.net/?a=1")).rfind("baseUrl: the URL must not", 0) == 0);
    CHECK(errorOf(json("x.ilucca.net")).rfind("baseUrl: ", 0) == 0);
}

TEST_CASE("loopback host names", "[config]") {
    CHECK(lucca::isLoopbackHost("127.0.0.1"));
    CHECK(lucca::isLoopbackHost("127.1.2.3"));
    CHECK(lucca::isLoopbackHost("::1"));
    CHECK(lucca::isLoopbackHost("localhost"));
    CHECK_FALSE(lucca::isLoopbackHost("10.0.0.1"));
    CHECK_FALSE(lucca::isLoopbackHost("example.ilucca.net"));
    CHECK_FALSE(lucca::isLoopbackHost("localhost.example.net"));
}

TEST_CASE("config rejects a password in the connection", "[config]") {
    auto json = [](const std::string& connection) {
        return R"({"baseUrl": "https://x.ilucca.net", "apiKey": "k", "destination": {"type": "postgresql", "connection": ")" +
               connection + R"("}})";
    };
    const std::string prefix = "destination.connection: contains a password";
    CHECK(errorOf(json("host=127.0.0.1 password=secret")).rfind(prefix, 0) == 0);
    CHECK(errorOf(json("host=127.0.0.1 PASSWORD = secret")).rfind(prefix, 0) == 0);
    CHECK(errorOf(json("postgresql://user:secret@127.0.0.1/db")).rfind(prefix, 0) == 0);
    CHECK(errorOf(json("postgresql://127.0.0.1/db?password=secret")).rfind(prefix, 0) == 0);
    CHECK(errorOf(json("host=127.0.0.1 user=lucca dbname=passwords")).empty());
    CHECK(errorOf(json("postgresql://user@127.0.0.1/db")).empty());
}
