// Every command of connector-host, in success and in failure, with a
// recognisable API key and database password: neither may appear in
// stdout, stderr, the state store, the destination, or a request URL.
#include <libpq-fe.h>
#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <thread>

#include "SecurityTestSupport.h"

using Lucca::Test::SimulatorProcess;
using namespace host_test;
using namespace security_test;

namespace {

/// Runs each read-only command after a run, checking each for leaks.
void requireCommandsLeakNothing(const Workspace& workspace, const std::string& pipeline,
                                const SimulatorProcess& simulator) {
    const std::vector<std::vector<std::string>> commands = {
        {"--log-level", "trace", "status", pipeline},
        {"status", pipeline, "--json"},
        {"--log-level", "trace", "check", pipeline},
        {"validate", pipeline, "--show-config"},
        {"state", "list", pipeline},
        {"state", "get", pipeline, "timeentries", "watermark/all"},
        {"state", "get", pipeline, "timeentries", "lastRun/all"},
    };
    for (const auto& command : commands) {
        ProcessResult result = runHost(workspace, command, secretEnvironment(), false);
        INFO("command " << command[command.size() > 2 ? 2 : 0] << " exit " << result.exitCode
                        << ": " << result.err.substr(0, 500));
        CHECK(result.signal == 0);
        requireNothingLeaked(result, workspace, simulator);
    }
}

}  // namespace

TEST_CASE("successful run leaks nothing", "[security]") {
    SimulatorProcess simulator(simulatorArguments());
    Workspace workspace;
    std::string pipeline =
        writePipeline(workspace, simulator.httpUrl(), sqliteDestination(workspace));
    ProcessResult result =
        runHost(workspace, {"--log-level", "trace", "run", pipeline}, secretEnvironment(), false);
    INFO(result.err);
    REQUIRE(result.exitCode == exit_code::kSuccess);
    requireNothingLeaked(result, workspace, simulator);
    CHECK_THAT(result.err, Catch::Contains("***") || !Catch::Contains(kApiKey));
    requireCommandsLeakNothing(workspace, pipeline, simulator);
}

TEST_CASE("failing runs leak nothing", "[security]") {
    const char* faults[] = {
        R"({"kind": "status", "status": 500, "times": 100})",
        R"({"kind": "status", "status": 401, "message": "bad key", "times": 100})",
        R"({"kind": "status", "status": 403, "body": "text", "times": 100})",
        R"({"kind": "status", "status": 400, "body": "empty", "times": 100})",
        R"({"kind": "status", "status": 429, "retryAfter": 0, "times": 100})",
        R"({"kind": "delay", "delayMs": 3000, "times": 100})",
        R"({"kind": "truncate", "times": 100})",
        R"({"kind": "malformed", "times": 100})",
        R"({"kind": "close", "times": 100})",
        R"({"kind": "close", "reset": true, "times": 100})",
        R"({"kind": "wrongCount", "countDelta": 1000, "times": 100})",
        R"({"kind": "mutate", "mutation": "archiveUndelivered", "times": 3})",
        R"({"kind": "raw", "status": 200, "content": "<html>error</html>", "times": 100})",
        R"({"kind": "raw", "status": 200, "content": "{\"data\": {\"items\": [{\"id\": \"x\"}]}}", "query": "paging", "times": 100})",
        // A server that echoes the key into a field whose error quotes it.
        R"({"kind": "raw", "status": 200, "content": "{\"data\": {\"items\": [{\"id\": 1, \"duration\": \"sec-key-Q7xv93LmZp\"}]}}", "query": "paging", "times": 100})",
    };
    for (const char* fault : faults) {
        DYNAMIC_SECTION("fault " << fault) {
            SimulatorProcess simulator(simulatorArguments());
            Workspace workspace;
            std::string pipeline =
                writePipeline(workspace, simulator.httpUrl(), sqliteDestination(workspace));
            simulator.armFault(fault);
            ProcessResult result = runHost(workspace, {"--log-level", "trace", "run", pipeline},
                                           secretEnvironment(), false);
            INFO(result.err);
            CHECK(result.signal == 0);
            requireNothingLeaked(result, workspace, simulator);
            requireCommandsLeakNothing(workspace, pipeline, simulator);
        }
    }
}

TEST_CASE("rejected key leaks neither key", "[security]") {
    SimulatorProcess simulator(simulatorArguments());
    Workspace workspace;
    std::string pipeline =
        writePipeline(workspace, simulator.httpUrl(), sqliteDestination(workspace));
    const std::string wrongKey = "sec-wrong-key-J3nd8";
    std::map<std::string, std::string> environment = secretEnvironment();
    environment["LUCCA_API_KEY"] = wrongKey;
    ProcessResult result =
        runHost(workspace, {"--log-level", "trace", "run", pipeline}, environment, false);
    CHECK(result.exitCode == exit_code::kPermanent);
    CHECK_THAT(result.err, Catch::Contains("API key was rejected"));
    requireNothingLeaked(result, workspace, simulator, {kApiKey, wrongKey});
    ProcessResult check = runHost(workspace, {"check", pipeline}, environment, false);
    CHECK(check.exitCode == exit_code::kPermanent);
    requireNothingLeaked(check, workspace, simulator, {kApiKey, wrongKey});
}

TEST_CASE("failed TLS verification leaks nothing", "[security]") {
    SimulatorProcess simulator(simulatorArguments(), SimulatorProcess::Tls::On);
    Workspace workspace;
    std::string pipeline =
        writePipeline(workspace, simulator.httpsUrl(), sqliteDestination(workspace));
    ProcessResult result =
        runHost(workspace, {"--log-level", "trace", "run", pipeline}, secretEnvironment(), false);
    CHECK(result.exitCode == exit_code::kPermanent);
    CHECK_THAT(result.err, Catch::Contains("tls.caFile"));
    requireNothingLeaked(result, workspace, simulator);
    requireCommandsLeakNothing(workspace, pipeline, simulator);
}

TEST_CASE("cancelled and killed runs leak nothing", "[security]") {
    for (int signalNumber : {SIGINT, SIGTERM, SIGKILL}) {
        DYNAMIC_SECTION("signal " << signalNumber) {
            SimulatorProcess simulator(simulatorArguments());
            simulator.armFault(
                R"({"kind": "delay", "delayMs": 1000, "query": "paging", "times": 100})");
            Workspace workspace;
            std::string pipeline =
                writePipeline(workspace, simulator.httpUrl(), sqliteDestination(workspace));
            HostProcess host(workspace, {"--log-level", "trace", "run", pipeline},
                             secretEnvironment(), false);
            REQUIRE(host.waitForError("sync started"));
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            host.sendSignal(signalNumber);
            ProcessResult result = host.wait();
            INFO(result.err);
            if (signalNumber == SIGKILL) {
                CHECK(result.signal == SIGKILL);
            } else {
                CHECK(result.exitCode == exit_code::kCancelled);
            }
            requireNothingLeaked(result, workspace, simulator);
            requireCommandsLeakNothing(workspace, pipeline, simulator);
        }
    }
}

TEST_CASE("PostgreSQL password leaks nowhere", "[security][postgres]") {
    const char* conninfo = std::getenv("LUCCA_TEST_POSTGRES");
    if (conninfo == nullptr || *conninfo == '\0') {
        FAIL("LUCCA_TEST_POSTGRES is not set: run scripts/test.sh or scripts/postgres.sh start");
    }
    // A role of its own, whose password is the recognisable one.
    PGconn* admin = PQconnectdb(conninfo);
    REQUIRE(PQstatus(admin) == CONNECTION_OK);
    const std::string role = "security_role_" + std::to_string(::getpid());
    for (const std::string& sql :
         {"DROP ROLE IF EXISTS " + role,
          "CREATE ROLE " + role + " LOGIN PASSWORD '" + kDatabasePassword + "'",
          "GRANT CREATE, USAGE ON SCHEMA public TO " + role}) {
        PGresult* result = PQexec(admin, sql.c_str());
        INFO(sql << ": " << PQerrorMessage(admin));
        CHECK(PQresultStatus(result) == PGRES_COMMAND_OK);
        PQclear(result);
    }
    std::string connection = std::string(PQhost(admin)) + "";
    std::string port = PQport(admin);
    std::string database = PQdb(admin);
    PQfinish(admin);

    SimulatorProcess simulator(simulatorArguments());
    Workspace workspace;
    std::string destination =
        "        type: postgresql\n"
        "        connection: \"host=" +
        connection + " port=" + port + " dbname=" + database + " user=" + role +
        "\"\n"
        "        password: ${LUCCA_DB_PASSWORD}\n"
        "        table: " +
        role + "_entries\n";
    std::string pipeline = writePipeline(workspace, simulator.httpUrl(), destination);
    ProcessResult result =
        runHost(workspace, {"--log-level", "trace", "run", pipeline}, secretEnvironment(), false);
    INFO(result.err);
    CHECK(result.exitCode == exit_code::kSuccess);
    requireNothingLeaked(result, workspace, simulator);
    requireCommandsLeakNothing(workspace, pipeline, simulator);

    SECTION("wrong password") {
        std::map<std::string, std::string> environment = secretEnvironment();
        const std::string wrongPassword = "pg-wrong-Z9kk2";
        environment["LUCCA_DB_PASSWORD"] = wrongPassword;
        ProcessResult failed =
            runHost(workspace, {"--log-level", "trace", "run", pipeline}, environment, false);
        CHECK(failed.exitCode != exit_code::kSuccess);
        requireNothingLeaked(failed, workspace, simulator,
                             {kApiKey, kDatabasePassword, wrongPassword});
        ProcessResult check = runHost(workspace, {"check", pipeline}, environment, false);
        CHECK(check.exitCode != exit_code::kSuccess);
        requireNothingLeaked(check, workspace, simulator,
                             {kApiKey, kDatabasePassword, wrongPassword});
    }
}
