// End-to-end syncs of the plugin against the simulator, on SQLite and
// PostgreSQL, each ending with the table compared to the ground truth.
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <set>

#include "SyncTestSupport.h"
#include "time/Watermark.h"

using Lucca::Test::SimulatorProcess;
using Lucca::Test::TempDir;
using namespace lucca::test;

namespace {

/// Returns a table name unique in this process and run, for PostgreSQL.
std::string uniqueTable(const std::string& stem) {
    static std::atomic<int> counter{0};
    return "it_" + stem + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

void requireOk(const CallResult& result) {
    INFO("message: " << result.message);
    REQUIRE(result.code == CONNECTOR_OK);
}

void initialLoadThenChanges(Backend backend) {
    SimulatorProcess simulator(simulatorArguments());
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("initial"));
    PluginHost host;
    requireOk(
        host.configure(connectorConfig(simulator.httpUrl(), destination, R"("pageSize": 100)")));

    // 1. Initial load.
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);
    std::string watermark = host.stateValue("watermark/all");
    CHECK(lucca::parseWallTime(watermark).has_value());
    CHECK(watermark.substr(17) == "00");
    CHECK(lastRunNumber(host, "all", "pages") >= 2);

    // 2. Changes, archives and creations, then an incremental run.
    simulator.mutate(R"({"changeShare": 0.05, "archiveShare": 0.03, "create": 12, "seed": 5})");
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);

    // 3. Unicode text and null fields, stored byte for byte.
    Poco::JSON::Object::Ptr truth = simulator.truth();
    auto first = truth->getArray("items")->getObject(0)->getValue<std::int64_t>("id");
    auto second = truth->getArray("items")->getObject(1)->getValue<std::int64_t>("id");
    simulator.post(
        "/_sim/entries/change",
        R"({"id": )" + std::to_string(first) +
            R"(, "set": {"comment": "Zoë 日本語 \"quoted\" \\ 🚀 \u00e9\n", "timeTypeId": null}})");
    simulator.post("/_sim/entries/change",
                   R"({"id": )" + std::to_string(second) +
                       R"(, "set": {"comment": null, "timesheetId": null}})");
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);

    // 4. Layer 1 entries are never stored.
    for (const auto& row : lucca::openDestination(destination.config)->readAll()) {
        CHECK(row.layer != 1);
    }

    CallResult status = host.status();
    requireOk(status);
    CHECK(status.output.find("\"watermark/all\"") == std::string::npos);
    CHECK(status.output.find("\"partition\":\"all\"") != std::string::npos);
    CHECK(status.output.find("\"result\":\"success\"") != std::string::npos);
    requireNoApiKeyLeak(host, {status.output});
}

void changeInWatermarkMinute(Backend backend) {
    // The simulator clock is stopped at 10:00:05; the connector's clock is
    // shifted to match, so both runs take the watermark 10:00:00.
    SimulatorProcess simulator(simulatorArguments({"--clock", "2026-06-10T10:00:05"}));
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("minute"));
    PluginHost host;
    auto configure = [&] {
        requireOk(host.configure(connectorConfig(simulator.httpUrl(), destination,
                                                 R"("pageSize": 500, "clockOffsetSeconds": )" +
                                                     std::to_string(clockOffsetTo(simulator)))));
    };
    configure();
    requireOk(host.run());
    CHECK(host.stateValue("watermark/all") == "2026-06-10T10:00:00");

    simulator.advanceClock(20);
    Poco::JSON::Object::Ptr truth = simulator.truth();
    auto id = truth->getArray("items")->getObject(3)->getValue<std::int64_t>("id");
    simulator.post("/_sim/entries/change",
                   R"({"id": )" + std::to_string(id) + R"(, "set": {"duration": "01:23:45"}})");
    configure();
    requireOk(host.run());
    CHECK(host.stateValue("watermark/all") == "2026-06-10T10:00:00");
    requireTableMatchesTruth(simulator, destination);
}

void serverClockBehindHost(Backend backend) {
    // The host's clock runs 150 s ahead of the server's, which is stopped at
    // 10:00:05: the watermark follows the server, not the host's 10:02:00.
    SimulatorProcess simulator(simulatorArguments({"--clock", "2026-06-10T10:00:05"}));
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("skew"));
    PluginHost host;
    auto configure = [&] {
        requireOk(host.configure(connectorConfig(simulator.httpUrl(), destination,
                                                 R"("pageSize": 500, "clockOffsetSeconds": )" +
                                                     std::to_string(clockOffsetTo(simulator) + 150))));
    };
    configure();
    requireOk(host.run());
    CHECK(host.stateValue("watermark/all") == "2026-06-10T10:00:00");

    // A change at 10:00:25 server time is before the host's 10:02:00.
    simulator.advanceClock(20);
    Poco::JSON::Object::Ptr truth = simulator.truth();
    auto id = truth->getArray("items")->getObject(2)->getValue<std::int64_t>("id");
    simulator.post("/_sim/entries/change",
                   R"({"id": )" + std::to_string(id) + R"(, "set": {"duration": "05:00:00"}})");
    configure();
    requireOk(host.run());
    CHECK(host.stateValue("watermark/all") == "2026-06-10T10:00:00");
    requireTableMatchesTruth(simulator, destination);
}

void autumnRepeatedHour(Backend backend) {
    // First 02:50, in summer time (00:50 UTC).
    SimulatorProcess simulator(simulatorArguments({"--clock", "2026-10-25T00:50:00Z"}));
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("autumn"));
    PluginHost host;
    auto configure = [&] {
        requireOk(host.configure(connectorConfig(simulator.httpUrl(), destination,
                                                 R"("pageSize": 500, "clockOffsetSeconds": )" +
                                                     std::to_string(clockOffsetTo(simulator)))));
    };
    configure();
    requireOk(host.run());
    CHECK(host.stateValue("watermark/all") == "2026-10-25T02:50:00");

    // Second 02:10, in winter time (01:10 UTC): later, but earlier as text.
    simulator.setClock("2026-10-25T01:10:00Z");
    Poco::JSON::Object::Ptr truth = simulator.truth();
    auto id = truth->getArray("items")->getObject(5)->getValue<std::int64_t>("id");
    simulator.post("/_sim/entries/change",
                   R"({"id": )" + std::to_string(id) + R"(, "set": {"duration": "02:10:00"}})");
    auto archived = truth->getArray("items")->getObject(6)->getValue<std::int64_t>("id");
    simulator.post("/_sim/entries/archive", R"({"id": )" + std::to_string(archived) + "}");
    configure();
    requireOk(host.run());
    CHECK(host.stateValue("watermark/all") == "2026-10-25T02:10:00");
    requireTableMatchesTruth(simulator, destination);
}

void largeTenant(Backend backend) {
    SimulatorProcess simulator(simulatorArguments({"--entries", "16000"}));
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("large"));
    PluginHost host;
    requireOk(
        host.configure(connectorConfig(simulator.httpUrl(), destination, R"("pageSize": 10000)")));
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);
    CHECK(lastRunNumber(host, "all", "pages") == 2);
    CHECK(lastRunNumber(host, "all", "fetched") > 10000);

    simulator.mutate(R"({"changeShare": 0.02, "archiveShare": 0.01, "create": 50, "seed": 9})");
    requireOk(
        host.configure(connectorConfig(simulator.httpUrl(), destination, R"("pageSize": 1000)")));
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);
}

void mutationsBetweenPages(Backend backend) {
    SimulatorProcess simulator(simulatorArguments());
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("paging"));
    PluginHost host;
    requireOk(
        host.configure(connectorConfig(simulator.httpUrl(), destination, R"("pageSize": 100)")));

    // 1. During the initial load: changes to entries not yet read are seen in
    //    this run; changes to entries already read wait for the next one.
    for (const char* mutation : {"archiveUndelivered", "modifyUndelivered", "create",
                                 "archiveDelivered", "modifyDelivered"}) {
        simulator.armFault(
            std::string(
                R"({"kind": "mutate", "query": "paging", "skip": 1, "times": 2, "mutation": ")") +
            mutation + "\"}");
    }
    requireOk(host.run());
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);

    // 2. The same during an incremental run.
    simulator.mutate(R"({"changeShare": 0.1, "archiveShare": 0.02, "create": 150, "seed": 11})");
    for (const char* mutation : {"archiveUndelivered", "modifyUndelivered", "create",
                                 "archiveDelivered", "modifyDelivered"}) {
        simulator.armFault(
            std::string(R"({"kind": "mutate", "query": "paging", "times": 3, "mutation": ")") +
            mutation + "\"}");
    }
    requireOk(host.run());
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);
}

void partitionsKeepOwnWatermarks(Backend backend) {
    SimulatorProcess simulator(simulatorArguments());
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("partitions"));
    PluginHost host;
    requireOk(
        host.configure(connectorConfig(simulator.httpUrl(), destination,
                                       R"("pageSize": 200, "scope": {"legalEntityIds": [1, 2]})")));
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination, "legalEntityId=1,2");
    std::string first = host.stateValue("watermark/legalEntity/1");
    CHECK_FALSE(first.empty());
    CHECK(host.stateValue("watermark/legalEntity/2") == first);
    CHECK(host.stateValue("watermark/all").empty());

    // Legal entity 2 fails for good: entity 1 moves on, entity 2 keeps its value.
    host.setState("watermark/legalEntity/1", "2020-01-01T00:00:00");
    host.setState("watermark/legalEntity/2", "2020-01-01T00:00:00");
    simulator.mutate(R"({"changeShare": 0.05, "archiveShare": 0.02, "create": 6, "seed": 2})");
    simulator.armFault(
        R"({"kind": "status", "status": 503, "query": "owner.legalEntityId=2", "times": 100})");
    CallResult failed = host.run();
    CHECK(failed.code == CONNECTOR_RETRYABLE);
    CHECK(host.stateValue("watermark/legalEntity/1") != "2020-01-01T00:00:00");
    CHECK(host.stateValue("watermark/legalEntity/2") == "2020-01-01T00:00:00");
    CHECK(host.stateValue("lastRun/legalEntity/2").find("\"result\":\"failed\"") !=
          std::string::npos);

    simulator.clearFaults();
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination, "legalEntityId=1,2");
}

void ownerPartitionsInParallel(Backend backend) {
    SimulatorProcess simulator(simulatorArguments());
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("owners"));
    Poco::JSON::Array::Ptr items = simulator.truth()->getArray("items");
    std::set<std::int64_t> owners;
    for (std::size_t i = 0; i < items->size() && owners.size() < 3; ++i) {
        owners.insert(
            items->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("ownerId"));
    }
    REQUIRE(owners.size() == 3);
    std::string ids, scopeQuery;
    for (std::int64_t owner : owners) {
        ids += (ids.empty() ? "" : ", ") + std::to_string(owner);
        scopeQuery += (scopeQuery.empty() ? "ownerId=" : ",") + std::to_string(owner);
    }

    // Three partitions, three workers, then one worker for the next run.
    PluginHost host;
    std::string scope = R"("pageSize": 20, "scope": {"ownerIds": [)" + ids + "]}";
    requireOk(host.configure(connectorConfig(simulator.httpUrl(), destination,
                                             scope + R"(, "partitionConcurrency": 3)")));
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination, scopeQuery);
    for (std::int64_t owner : owners) {
        CHECK_FALSE(host.stateValue("watermark/owner/" + std::to_string(owner)).empty());
    }

    simulator.mutate(R"({"changeShare": 0.1, "archiveShare": 0.05, "create": 30, "seed": 8})");
    requireOk(host.configure(connectorConfig(simulator.httpUrl(), destination,
                                             scope + R"(, "partitionConcurrency": 1)")));
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination, scopeQuery);
}

void fullLoadOverExistingRows(Backend backend) {
    // The list shows archived entries too, as Lucca may.
    SimulatorProcess simulator(simulatorArguments({"--include-archived-in-list"}));
    TempDir directory;
    TestDestination destination = makeDestination(backend, directory, uniqueTable("reload"));
    PluginHost host;
    requireOk(
        host.configure(connectorConfig(simulator.httpUrl(), destination, R"("pageSize": 300)")));
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);

    // A run that wrote rows but never stored a watermark: entries archived
    // since must still leave the table on the next full load.
    simulator.mutate(R"({"archiveShare": 0.05, "changeShare": 0.05, "seed": 4})");
    host.eraseState("watermark/all");
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);

    // A table emptied behind the connector's back is loaded again.
    lucca::PageChanges wipe;
    for (const auto& row : lucca::openDestination(destination.config)->readAll()) {
        wipe.deletes.push_back(row.id);
    }
    lucca::openDestination(destination.config)->apply(wipe);
    requireOk(host.run());
    requireTableMatchesTruth(simulator, destination);
}

}  // namespace

#define BOTH_BACKENDS(title, function)                                       \
    TEST_CASE(title " on SQLite", "[sqlite]") { function(Backend::SQLite); } \
    TEST_CASE(title " on PostgreSQL", "[postgres]") { function(Backend::PostgreSQL); }

BOTH_BACKENDS("initial load then changes", initialLoadThenChanges)
BOTH_BACKENDS("change in the watermark minute", changeInWatermarkMinute)
BOTH_BACKENDS("autumn repeated hour", autumnRepeatedHour)
BOTH_BACKENDS("server clock behind the host", serverClockBehindHost)
BOTH_BACKENDS("more than 10000 entries", largeTenant)
BOTH_BACKENDS("mutations between pages", mutationsBetweenPages)
BOTH_BACKENDS("partitions keep own watermarks", partitionsKeepOwnWatermarks)
BOTH_BACKENDS("full load over existing rows", fullLoadOverExistingRows)
BOTH_BACKENDS("owner partitions in parallel", ownerPartitionsInParallel)
