// `status` and `check` print what each step's connector reports.
#include <catch2/catch.hpp>

#include "HostProcess.h"

using namespace host_test;

namespace {

std::string writePipeline(const Workspace& workspace) {
    return workspace.write("pipeline.yaml",
                           "pipeline: report\n"
                           "steps:\n"
                           "  - name: one\n"
                           "    connector: test-connector\n"
                           "    config: {mode: succeed}\n");
}

}  // namespace

TEST_CASE("status prints a table", "[status]") {
    Workspace workspace;
    std::string pipeline = writePipeline(workspace);
    REQUIRE(runHost(workspace, {"run", pipeline}).exitCode == exit_code::kSuccess);
    ProcessResult result = runHost(workspace, {"status", pipeline});
    CHECK(result.exitCode == exit_code::kSuccess);
    CHECK_THAT(result.out, Catch::Contains("STEP"));
    CHECK_THAT(result.out, Catch::Contains("test-connector 1.0.0"));
    CHECK_THAT(result.out, Catch::Contains("running"));
    CHECK_THAT(result.out, Catch::Contains("lastRun"));
    CHECK_THAT(result.out, Catch::Contains("succeeded"));
}

TEST_CASE("status prints JSON", "[status]") {
    Workspace workspace;
    std::string pipeline = writePipeline(workspace);
    REQUIRE(runHost(workspace, {"run", pipeline}).exitCode == exit_code::kSuccess);
    ProcessResult result = runHost(workspace, {"status", pipeline, "--json"});
    CHECK(result.exitCode == exit_code::kSuccess);
    CHECK_THAT(result.out, Catch::StartsWith("{"));
    CHECK_THAT(result.out, Catch::Contains(R"("pipeline": "report")"));
    CHECK_THAT(result.out, Catch::Contains(R"("running": null)"));
    CHECK_THAT(result.out, Catch::Contains(R"("lastRun": "succeeded")"));
}

TEST_CASE("check prints each report", "[status]") {
    Workspace workspace;
    std::string pipeline = writePipeline(workspace);
    ProcessResult result = runHost(workspace, {"check", pipeline});
    CHECK(result.exitCode == exit_code::kSuccess);
    CHECK_THAT(result.out, Catch::Contains("== one (test-connector 1.0.0)"));
    CHECK_THAT(result.out, Catch::Contains("test connector in mode 'succeed': ok"));
}
