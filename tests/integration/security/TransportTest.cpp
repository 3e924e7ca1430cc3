// TLS verification, plain http to a non-loopback host, and redirects: the
// API key only ever travels to the configured host over a verified channel.
#include <Poco/JSON/Array.h>

#include <catch2/catch.hpp>
#include <cctype>
#include <filesystem>

#include "SecurityTestSupport.h"

using Lucca::Test::SimulatorProcess;
using namespace host_test;
using namespace security_test;

TEST_CASE("TLS verification is on by default", "[security]") {
    SimulatorProcess simulator(simulatorArguments(), SimulatorProcess::Tls::On);
    Workspace workspace;

    SECTION("the test CA is rejected") {
        std::string pipeline =
            writePipeline(workspace, simulator.httpsUrl(), sqliteDestination(workspace));
        ProcessResult result = runHost(workspace, {"run", pipeline}, secretEnvironment(), false);
        CHECK(result.exitCode == exit_code::kPermanent);
        CHECK_THAT(result.err, Catch::Contains("TLS certificate of 127.0.0.1 was rejected"));
        CHECK_THAT(result.err, Catch::Contains("set tls.caFile"));
        ProcessResult check = runHost(workspace, {"check", pipeline}, secretEnvironment(), false);
        CHECK(check.exitCode == exit_code::kPermanent);
        CHECK_THAT(check.err + check.out, Catch::Contains("tls"));
        ProcessResult watermark = runHost(
            workspace, {"state", "get", pipeline, "timeentries", "watermark/all"}, {}, false);
        CHECK(watermark.exitCode == exit_code::kUsage);
    }

    SECTION("tls.caFile trusts it") {
        std::string pipeline =
            writePipeline(workspace, simulator.httpsUrl(), sqliteDestination(workspace),
                          "      tls:\n        caFile: " + SimulatorProcess::caFile() + "\n");
        ProcessResult result = runHost(workspace, {"run", pipeline}, secretEnvironment(), false);
        INFO(result.err);
        CHECK(result.exitCode == exit_code::kSuccess);
        requireNothingLeaked(result, workspace, simulator);
    }
}

TEST_CASE("plain http to another host is refused", "[security]") {
    // lucca.invalid never resolves (RFC 2606), and the configuration must
    // be rejected before any lookup or connection.
    Workspace workspace;
    std::string pipeline =
        writePipeline(workspace, "http://lucca.invalid", sqliteDestination(workspace));
    for (const char* command : {"validate", "run", "check", "status"}) {
        DYNAMIC_SECTION(command) {
            ProcessResult result =
                runHost(workspace, {command, pipeline}, secretEnvironment(), false);
            CHECK(result.exitCode == exit_code::kUsage);
            CHECK_THAT(result.err,
                       Catch::Contains("baseUrl: plain http:// sends the API key unencrypted"));
            CHECK_THAT(result.err, !Catch::Contains(kApiKey));
            CHECK_FALSE(std::filesystem::exists(workspace.path("entries.db")));
        }
    }

    SECTION("allowed with allowInsecureHttp") {
        std::string allowed =
            writePipeline(workspace, "http://lucca.invalid", sqliteDestination(workspace),
                          "      allowInsecureHttp: true\n");
        ProcessResult result =
            runHost(workspace, {"validate", allowed}, secretEnvironment(), false);
        INFO(result.err);
        CHECK(result.exitCode == exit_code::kSuccess);
    }
}

TEST_CASE("redirect to a host named after the key", "[security]") {
    // URL parsers lower-case host names, so the key must be hidden in any case.
    SimulatorProcess simulator(simulatorArguments());
    simulator.armFault(std::string(R"({"kind": "raw", "times": 100, "status": 302, )") +
                       R"("headers": {"Location": "http://)" + kApiKey + R"(.example/x"}})");
    Workspace workspace;
    std::string pipeline = writePipeline(workspace, simulator.httpUrl(), sqliteDestination(workspace));
    ProcessResult result = runHost(workspace, {"run", pipeline}, secretEnvironment(), false);
    INFO(result.err);
    CHECK(result.exitCode == exit_code::kPermanent);
    CHECK_THAT(result.err, Catch::Contains("redirects are not followed"));
    std::string lowerError = result.err;
    std::string lowerKey = kApiKey;
    for (std::string* text : {&lowerError, &lowerKey}) {
        for (char& letter : *text) letter = static_cast<char>(std::tolower(letter));
    }
    CHECK(lowerError.find(lowerKey) == std::string::npos);
    requireNothingLeaked(result, workspace, simulator);
}

TEST_CASE("redirects never carry the key", "[security]") {
    SimulatorProcess simulator(simulatorArguments());
    // The redirect targets: another server on loopback, under other names.
    SimulatorProcess other(simulatorArguments());
    const std::string port = std::to_string(other.httpPort());
    for (const char* status : {"301", "302", "303", "307", "308"}) {
        const std::pair<const char*, std::string> targets[] = {
            {"another host name", "http://localhost:" + port + "/api/v3/timeentries"},
            {"another port", "http://127.0.0.1:" + port + "/"},
            {"the same server", "/api/v3/timeentries?page=2"}};
        for (const auto& [name, target] : targets) {
            // Section names must not contain the port, which changes each
            // time Catch enters the test case.
            DYNAMIC_SECTION("status " << status << " to " << name) {
                simulator.clearFaults();
                simulator.resetRequests();
                other.resetRequests();
                simulator.armFault(std::string(R"({"kind": "raw", "times": 100, "status": )") +
                                   status + R"(, "headers": {"Location": ")" + target + "\"}}");
                Workspace workspace;
                std::string pipeline =
                    writePipeline(workspace, simulator.httpUrl(), sqliteDestination(workspace));
                ProcessResult result =
                    runHost(workspace, {"run", pipeline}, secretEnvironment(), false);
                INFO(result.err);
                CHECK(result.exitCode == exit_code::kPermanent);
                CHECK_THAT(result.err, Catch::Contains("redirects are not followed"));
                CHECK(other.requests()->size() == 0);
                CHECK(simulator.requests()->size() == 1);
                requireNothingLeaked(result, workspace, simulator);
            }
        }
    }
}
