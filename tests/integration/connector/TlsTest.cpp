// HTTPS against the simulator's test certificate authority.
#include <catch2/catch.hpp>

#include "SyncTestSupport.h"

using Lucca::Test::SimulatorProcess;
using Lucca::Test::TempDir;
using namespace lucca::test;

TEST_CASE("https with the test CA", "[tls]") {
    SimulatorProcess simulator(simulatorArguments(), SimulatorProcess::Tls::On);
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "entries");

    SECTION("trusted through tls.caFile") {
        PluginHost host;
        std::string extra =
            R"("pageSize": 500, "tls": {"caFile": ")" + SimulatorProcess::caFile() + "\"}";
        REQUIRE(host.configure(connectorConfig(simulator.httpsUrl(), destination, extra)).code ==
                CONNECTOR_OK);
        CallResult result = host.run();
        INFO(result.message);
        REQUIRE(result.code == CONNECTOR_OK);
        requireTableMatchesTruth(simulator, destination);
    }

    SECTION("rejected without tls.caFile") {
        PluginHost host;
        REQUIRE(host.configure(connectorConfig(simulator.httpsUrl(), destination)).code ==
                CONNECTOR_OK);
        CallResult result = host.run();
        CHECK(result.code == CONNECTOR_PERMANENT);
        CHECK(result.message.find("tls.caFile") != std::string::npos);
        CallResult check = host.check();
        CHECK(check.code == CONNECTOR_PERMANENT);
        CHECK(check.message.rfind("tls", 0) == 0);
        CHECK(host.stateValue("watermark/all").empty());
    }
}
