// `validate` on broken pipeline files: each message names the line or key.
#include <catch2/catch.hpp>
#include <fstream>

#include "HostProcess.h"

using namespace host_test;

namespace {

ProcessResult validate(const Workspace& workspace, const std::string& text,
                       const std::map<std::string, std::string>& environment = {}) {
    std::string pipeline = workspace.write("pipeline.yaml", text);
    return runHost(workspace, {"validate", pipeline}, environment);
}

}  // namespace

TEST_CASE("validate accepts a correct pipeline", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: ok\n"
                                    "steps:\n"
                                    "  - name: one\n"
                                    "    connector: test-connector\n"
                                    "    config: {mode: succeed, apiKey: '${TEST_KEY}'}\n",
                                    {{"TEST_KEY", "k"}});
    CHECK(result.exitCode == exit_code::kSuccess);
    CHECK_THAT(result.out, Catch::Contains("pipeline 'ok' is valid: 1 step(s)"));
    CHECK_FALSE(std::ifstream(workspace.path("ok.state.db")).good());
}

TEST_CASE("validate rejects invalid YAML", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: broken\n"
                                    "steps:\n"
                                    "  - name: one\n"
                                    "    config: {mode: [succeed\n");
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("pipeline.yaml:"));
    CHECK_THAT(result.err, Catch::Contains("invalid YAML"));
}

TEST_CASE("validate rejects step without connector", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: p\n"
                                    "steps:\n"
                                    "  - name: one\n"
                                    "    connector: test-connector\n"
                                    "  - name: two\n"
                                    "    config: {mode: succeed}\n");
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("pipeline.yaml:5:5: step 'two' has no connector"));
}

TEST_CASE("validate rejects unknown connector", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: p\n"
                                    "steps:\n"
                                    "  - name: one\n"
                                    "    connector: not-installed\n");
    CHECK(result.exitCode == exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("step 'one' (line 3)"));
    CHECK_THAT(result.err, Catch::Contains("unknown connector 'not-installed'"));
}

TEST_CASE("validate rejects unset variable", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: p\n"
                                    "steps:\n"
                                    "  - name: sync\n"
                                    "    connector: test-connector\n"
                                    "    config:\n"
                                    "      apiKey: ${HOST_TEST_UNSET_VARIABLE}\n");
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("pipeline.yaml:6:15"));
    CHECK_THAT(result.err, Catch::Contains("step 'sync'"));
    CHECK_THAT(result.err,
               Catch::Contains("environment variable 'HOST_TEST_UNSET_VARIABLE' is not set"));
}

TEST_CASE("validate rejects configuration", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: p\n"
                                    "steps:\n"
                                    "  - name: good\n"
                                    "    connector: test-connector\n"
                                    "  - name: bad\n"
                                    "    connector: test-connector\n"
                                    "    config: {mode: explode}\n");
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("step 'bad' (line 5)"));
    CHECK_THAT(result.err, Catch::Contains("invalid value for 'mode'"));
    CHECK_THAT(result.err, Catch::Contains("[p/bad]"));
}

TEST_CASE("validate rejects duplicate step names", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: p\n"
                                    "steps:\n"
                                    "  - name: same\n"
                                    "    connector: test-connector\n"
                                    "  - name: same\n"
                                    "    connector: test-connector\n");
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("pipeline.yaml:5:11: duplicate step name 'same'"));
}

TEST_CASE("validate rejects missing state folder", "[validate]") {
    Workspace workspace;
    ProcessResult result = validate(workspace,
                                    "pipeline: p\n"
                                    "state:\n"
                                    "  path: no-such-folder/state.db\n"
                                    "steps:\n"
                                    "  - name: one\n"
                                    "    connector: test-connector\n");
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("pipeline.yaml:3"));
    CHECK_THAT(result.err, Catch::Contains("no-such-folder"));
}

TEST_CASE("missing pipeline file is a usage error", "[validate]") {
    Workspace workspace;
    ProcessResult result = runHost(workspace, {"validate", workspace.path("absent.yaml")});
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("cannot open pipeline file"));
}
