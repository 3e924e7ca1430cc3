// `run` and `state` on healthy pipelines, and the command line's help.
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "HostProcess.h"

using namespace host_test;

namespace {

const char* const kTwoSteps =
    "pipeline: demo\n"
    "state: {type: sqlite, path: state.db}\n"
    "steps:\n"
    "  - name: first\n"
    "    connector: test-connector\n"
    "    config: {mode: keys, keys: 3}\n"
    "  - name: second\n"
    "    connector: test-connector\n"
    "    config: {mode: succeed}\n";

}  // namespace

TEST_CASE("run executes steps and stores state", "[run]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml", kTwoSteps);
    ProcessResult result = runHost(workspace, {"run", pipeline});
    REQUIRE(result.exitCode == exit_code::kSuccess);
    CHECK_THAT(result.err, Catch::Contains("INFO  [demo/first] step started"));
    CHECK_THAT(result.err, Catch::Contains("[demo/first] progress: 3 of 3 keys (100%)"));
    CHECK_THAT(result.err, Catch::Contains("[demo/second] step succeeded"));
    CHECK_THAT(result.err, Catch::Contains("run finished: 2 step(s) ok, 0 failed, 0 skipped"));

    ProcessResult value = runHost(workspace, {"state", "get", pipeline, "first", "key-2"});
    CHECK(value.exitCode == exit_code::kSuccess);
    CHECK(value.out == "value-2\n");

    struct stat info {};
    REQUIRE(stat(workspace.path("state.db").c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("run with step option runs one step", "[run]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml", kTwoSteps);
    ProcessResult result = runHost(workspace, {"run", pipeline, "--step", "second"});
    CHECK(result.exitCode == exit_code::kSuccess);
    CHECK_THAT(result.err, Catch::Contains("run finished: 1 step(s) ok"));
    CHECK_THAT(result.err, !Catch::Contains("[demo/first]"));

    ProcessResult unknown = runHost(workspace, {"run", pipeline, "--step", "third"});
    CHECK(unknown.exitCode == exit_code::kUsage);
    CHECK_THAT(unknown.err, Catch::Contains("no step 'third'"));
}

TEST_CASE("run stops at first failed step", "[run]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml",
                                           "pipeline: demo\n"
                                           "steps:\n"
                                           "  - name: failing\n"
                                           "    connector: test-connector\n"
                                           "    config: {mode: retryable}\n"
                                           "  - name: after\n"
                                           "    connector: test-connector\n");
    ProcessResult result = runHost(workspace, {"run", pipeline});
    CHECK(result.exitCode == exit_code::kRetryable);
    CHECK_THAT(result.err, Catch::Contains("[demo/after] step skipped"));
    CHECK_THAT(result.err, Catch::Contains("0 step(s) ok, 1 failed, 1 skipped"));
}

TEST_CASE("state commands inspect and repair", "[run]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml", kTwoSteps);

    CHECK(runHost(workspace, {"state", "set", pipeline, "first", "watermark", "2026-01-01"})
              .exitCode == exit_code::kSuccess);
    CHECK(runHost(workspace, {"state", "get", pipeline, "first", "watermark"}).out ==
          "2026-01-01\n");

    ProcessResult listed = runHost(workspace, {"state", "list", pipeline});
    CHECK(listed.exitCode == exit_code::kSuccess);
    CHECK_THAT(listed.out, Catch::Contains("STEP"));
    CHECK_THAT(listed.out, Catch::Contains("first"));
    CHECK_THAT(listed.out, Catch::Contains("watermark"));
    CHECK_THAT(listed.out, Catch::Contains("2026-01-01"));

    CHECK(runHost(workspace, {"state", "delete", pipeline, "first", "watermark"}).exitCode ==
          exit_code::kSuccess);
    ProcessResult missing = runHost(workspace, {"state", "get", pipeline, "first", "watermark"});
    CHECK(missing.exitCode == exit_code::kUsage);
    CHECK_THAT(missing.err, Catch::Contains("no state under key 'watermark'"));
}

TEST_CASE("help lists commands and exit codes", "[run]") {
    Workspace workspace;
    ProcessResult help = runHost(workspace, {"--help"});
    CHECK(help.exitCode == exit_code::kSuccess);
    CHECK_THAT(help.out, Catch::Contains("Exit codes"));
    CHECK_THAT(help.out, Catch::Contains("validate PIPELINE.yaml"));

    ProcessResult runHelp = runHost(workspace, {"run", "--help"});
    CHECK(runHelp.exitCode == exit_code::kSuccess);
    CHECK_THAT(runHelp.out, Catch::Contains("--step NAME"));

    ProcessResult misuse = runHost(workspace, {"run"});
    CHECK(misuse.exitCode == exit_code::kUsage);
    CHECK_THAT(misuse.err, Catch::Contains("wrong number of arguments"));
}

TEST_CASE("log level filters lines", "[run]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml", kTwoSteps);

    ProcessResult quiet = runHost(workspace, {"--log-level", "error", "run", pipeline});
    CHECK(quiet.exitCode == exit_code::kSuccess);
    CHECK(quiet.err.empty());

    ProcessResult verbose = runHost(workspace, {"run", pipeline, "--log-level=trace"});
    CHECK(verbose.exitCode == exit_code::kSuccess);
    CHECK_THAT(verbose.err, Catch::Contains("TRACE [demo/first] stored state key 'key-0'"));
    CHECK_THAT(verbose.err, Catch::Contains("progress: 2 of 3 keys"));
}
