// Faults the simulator injects: each is retried or fails as it should, the
// watermark stays put on failure, and the next run converges.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "SyncTestSupport.h"

using Lucca::Test::SimulatorProcess;
using Lucca::Test::TempDir;
using namespace lucca::test;

namespace {

const char* kOldWatermark = "2020-01-01T00:00:00";

/// A simulator and a connector that already ran once, with the watermark
/// then set back so that the next run has work to do.
struct FaultFixture {
    SimulatorProcess simulator{simulatorArguments()};
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "lucca_time_entries");
    PluginHost host;

    explicit FaultFixture(const std::string& extra = R"("pageSize": 200)") {
        CallResult configured =
            host.configure(connectorConfig(simulator.httpUrl(), destination, extra));
        INFO(configured.message);
        REQUIRE(configured.code == CONNECTOR_OK);
        CallResult first = host.run();
        INFO(first.message);
        REQUIRE(first.code == CONNECTOR_OK);
        host.setState("watermark/all", kOldWatermark);
        simulator.mutate(R"({"changeShare": 0.1, "archiveShare": 0.02, "create": 8, "seed": 21})");
    }

    /// Runs again without faults and checks that the table converged.
    void requireConverges() {
        simulator.clearFaults();
        CallResult result = host.run();
        INFO(result.message);
        REQUIRE(result.code == CONNECTOR_OK);
        CHECK(host.stateValue("watermark/all") != kOldWatermark);
        requireTableMatchesTruth(simulator, destination);
    }
};

}  // namespace

TEST_CASE("transient faults are retried", "[fault]") {
    const std::vector<std::string> faults = {
        R"({"kind": "status", "status": 429, "retryAfter": 1})",
        R"({"kind": "status", "status": 408})",
        R"({"kind": "status", "status": 500, "body": "json", "message": "boom"})",
        R"({"kind": "status", "status": 502, "body": "text"})",
        R"({"kind": "status", "status": 503, "body": "empty"})",
        R"({"kind": "status", "status": 504})",
        R"({"kind": "delay", "delayMs": 2500})",
        R"({"kind": "truncate"})",
        R"({"kind": "malformed"})",
        R"({"kind": "close"})",
        R"({"kind": "close", "reset": true})",
    };
    for (const std::string& fault : faults) {
        DYNAMIC_SECTION("fault " << fault) {
            FaultFixture fixture(R"("pageSize": 200, "requestTimeoutSeconds": 1)");
            // The first fault hits the count, the second a page request.
            std::string armed = fault.substr(0, fault.size() - 1) + R"(, "times": 1})";
            std::string onPage = fault.substr(0, fault.size() - 1) +
                                 R"(, "query": "paging", "skip": 1, "times": 1})";
            fixture.simulator.armFault(armed);
            fixture.simulator.armFault(onPage);
            CallResult result = fixture.host.run();
            INFO(result.message);
            REQUIRE(result.code == CONNECTOR_OK);
            CHECK(lastRunNumber(fixture.host, "all", "retries") >= 2);
            CHECK(fixture.host.stateValue("watermark/all") != kOldWatermark);
            requireTableMatchesTruth(fixture.simulator, fixture.destination);
            // Each retry is logged as a warning with its delay; after a 429
            // the delay is the Retry-After of 1 s.
            std::vector<std::string> warnings;
            for (const std::string& line : fixture.host.logLines()) {
                if (line.rfind("WARNING ", 0) == 0) warnings.push_back(line);
            }
            REQUIRE(warnings.size() >= 2);
            CHECK(warnings[0].find("; retrying in ") != std::string::npos);
            if (fault.find("429") != std::string::npos) {
                CHECK(warnings[0].find("HTTP 429") != std::string::npos);
                CHECK(warnings[0].find("retrying in 1000 ms") != std::string::npos);
                CHECK(fixture.host.stateValue("lastRun/all").find("\"rateLimitedUntil\":\"") !=
                      std::string::npos);
            }
            requireNoApiKeyLeak(fixture.host, {result.message});
        }
    }
}

TEST_CASE("persistent faults keep the watermark", "[fault]") {
    for (const char* fault :
         {R"({"kind": "status", "status": 503, "times": 100})",
          R"({"kind": "malformed", "query": "paging", "skip": 2, "times": 100})",
          R"({"kind": "close", "query": "paging", "skip": 1, "times": 100})"}) {
        DYNAMIC_SECTION("fault " << fault) {
            FaultFixture fixture;
            fixture.simulator.armFault(fault);
            CallResult result = fixture.host.run();
            CHECK(result.code == CONNECTOR_RETRYABLE);
            CHECK(result.message.find("after 4 attempts") != std::string::npos);
            CHECK(fixture.host.stateValue("watermark/all") == kOldWatermark);
            CHECK(fixture.host.stateValue("lastRun/all").find("\"result\":\"failed\"") !=
                  std::string::npos);
            requireNoApiKeyLeak(fixture.host, {result.message});
            fixture.requireConverges();
        }
    }
}

TEST_CASE("permanent errors fail at once", "[fault]") {
    struct Case {
        const char* fault;
        const char* expected;
    };
    const Case cases[] = {
        {R"({"kind": "status", "status": 401, "times": 100})", "API key was rejected"},
        {R"({"kind": "status", "status": 403, "times": 100})", "role"},
        {R"({"kind": "status", "status": 400, "message": "Invalid paging", "query": "paging", "times": 100})",
         "Invalid paging"},
        {R"({"kind": "status", "status": 400, "body": "text", "times": 100})", "HTTP 400"},
    };
    for (const Case& item : cases) {
        DYNAMIC_SECTION("fault " << item.fault) {
            FaultFixture fixture;
            fixture.simulator.armFault(item.fault);
            CallResult result = fixture.host.run();
            INFO(result.message);
            CHECK(result.code == CONNECTOR_PERMANENT);
            CHECK(result.message.find(item.expected) != std::string::npos);
            CHECK(lastRunNumber(fixture.host, "all", "retries") == 0);
            CHECK(fixture.host.stateValue("watermark/all") == kOldWatermark);
            requireNoApiKeyLeak(fixture.host, {result.message});
            fixture.requireConverges();
        }
    }
}

TEST_CASE("wrong count neither loops nor fails", "[fault]") {
    for (const char* fault : {R"({"kind": "wrongCount", "countDelta": 500, "times": 10})",
                              R"({"kind": "wrongCount", "countDelta": -150, "times": 10})"}) {
        DYNAMIC_SECTION("fault " << fault) {
            FaultFixture fixture;
            fixture.simulator.armFault(fault);
            CallResult result = fixture.host.run();
            INFO(result.message);
            REQUIRE(result.code == CONNECTOR_OK);
            requireTableMatchesTruth(fixture.simulator, fixture.destination);
        }
    }
}

TEST_CASE("wrong API key is not echoed", "[fault]") {
    SimulatorProcess simulator(simulatorArguments());
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "entries");
    PluginHost host;
    std::string config = connectorConfig(simulator.httpUrl(), destination);
    std::string wrongKey = "itest-wrong-key-77";
    config.replace(config.find(kApiKey), std::string(kApiKey).size(), wrongKey);
    REQUIRE(host.configure(config).code == CONNECTOR_OK);
    CallResult run = host.run();
    CHECK(run.code == CONNECTOR_PERMANENT);
    CHECK(run.message.find("API key") != std::string::npos);
    CHECK(run.message.find(wrongKey) == std::string::npos);
    CallResult check = host.check();
    CHECK(check.code == CONNECTOR_PERMANENT);
    CHECK(check.message.rfind("unauthorized", 0) == 0);
    for (const std::string& line : host.logLines()) CHECK(line.find(wrongKey) == std::string::npos);
    CHECK(host.stateValue("watermark/all").empty());
}

TEST_CASE("cancellation keeps the watermark", "[fault]") {
    FaultFixture fixture(R"("pageSize": 50)");
    fixture.host.setState("watermark/all", kOldWatermark);
    fixture.host.cancelAfterProgressCalls(3);
    CallResult result = fixture.host.run();
    CHECK(result.code == CONNECTOR_RETRYABLE);
    CHECK(result.message == "cancelled");
    CHECK(fixture.host.stateValue("watermark/all") == kOldWatermark);
    CHECK(fixture.host.stateValue("lastRun/all").find("\"result\":\"cancelled\"") !=
          std::string::npos);
    fixture.requireConverges();
}

TEST_CASE("check reports partitions and rows", "[check]") {
    FaultFixture fixture;
    CallResult check = fixture.host.check();
    INFO(check.message);
    REQUIRE(check.code == CONNECTOR_OK);
    CHECK(check.output.find("partition all: ") != std::string::npos);
    CHECK(check.output.find("entries in scope") != std::string::npos);
    CHECK(check.output.find(" rows") != std::string::npos);

    fixture.simulator.armFault(R"({"kind": "close", "times": 10})");
    CallResult unreachable = fixture.host.check();
    CHECK(unreachable.code == CONNECTOR_RETRYABLE);
    CHECK(unreachable.message.rfind("unreachable", 0) == 0);
}

TEST_CASE("configure rejects bad keys through the ABI", "[config]") {
    PluginHost host;
    CallResult result = host.configure(R"({"baseUrl": "https://x.ilucca.net", "apiKey": "k",
        "destination": {"type": "sqlite", "path": "x.db"}, "retry": {"maxAttempts": "many"}})");
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message == "retry.maxAttempts: expected an integer");
    CHECK(host.configSchema().find("\"secret\": true") != std::string::npos);
    CHECK(host.run().code == CONNECTOR_PERMANENT);
}

TEST_CASE("slow page does not hold the SQLite write lock", "[fault]") {
    SimulatorProcess simulator{simulatorArguments()};
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "lucca_time_entries");
    PluginHost host;
    CallResult configured = host.configure(connectorConfig(
        simulator.httpUrl(), destination, R"("pageSize": 50, "requestTimeoutSeconds": 20)"));
    INFO(configured.message);
    REQUIRE(configured.code == CONNECTOR_OK);

    // The third page arrives after 6 s. The two pages before it are in an
    // open transaction, which must be committed within about 2 s anyway.
    simulator.armFault(
        R"({"kind": "delay", "delayMs": 6000, "query": "paging", "skip": 2, "times": 1})");
    CallResult result;
    std::thread run([&] { result = host.run(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(4000));

    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(destination.config.path.c_str(), &other) == SQLITE_OK);
    const int begin = sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_int64 rows = -1;
    if (begin == SQLITE_OK) {
        sqlite3_stmt* count = nullptr;
        sqlite3_prepare_v2(other, "SELECT count(*) FROM lucca_time_entries", -1, &count, nullptr);
        if (sqlite3_step(count) == SQLITE_ROW) rows = sqlite3_column_int64(count, 0);
        sqlite3_finalize(count);
        sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    sqlite3_close(other);
    run.join();

    // Another writer got the lock, and saw the two committed pages.
    CHECK(begin == SQLITE_OK);
    CHECK(rows == 100);
    INFO(result.message);
    REQUIRE(result.code == CONNECTOR_OK);
    requireTableMatchesTruth(simulator, destination);
}
