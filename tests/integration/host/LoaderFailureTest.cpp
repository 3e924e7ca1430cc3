// Each way a connector can fail to load or to work, checked through `run`
// and `validate`: a clear message and the documented exit code, never a crash.
#include <catch2/catch.hpp>

#include "HostProcess.h"

using namespace host_test;

namespace {

/// Writes a one-step pipeline whose step uses `connectorLine`, such as
/// "connector: test-connector", and returns the file's path.
std::string writeOneStep(const Workspace& workspace, const std::string& connectorLine,
                         const std::string& config = "{}") {
    return workspace.write("pipeline.yaml",
                           "pipeline: loader\n"
                           "state: {path: state.db}\n"
                           "steps:\n"
                           "  - name: only\n"
                           "    " +
                               connectorLine +
                               "\n"
                               "    config: " +
                               config + "\n");
}

/// Runs `run` on the pipeline and returns the result after checking that
/// `validate` fails the same way.
ProcessResult runAndValidate(const Workspace& workspace, const std::string& pipeline,
                             int expectedExitCode) {
    ProcessResult validated = runHost(workspace, {"validate", pipeline});
    CHECK(validated.signal == 0);
    CHECK(validated.exitCode == expectedExitCode);
    ProcessResult result = runHost(workspace, {"run", pipeline});
    CHECK(result.signal == 0);
    CHECK(result.exitCode == expectedExitCode);
    return result;
}

}  // namespace

TEST_CASE("loader reports missing library file", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "library: plugins/missing.so");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("plugins/missing.so' does not exist"));
    CHECK_THAT(result.err, Catch::Contains("step 'only' (line 4)"));
}

TEST_CASE("loader reports unknown connector name", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: no-such-connector");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("unknown connector 'no-such-connector'"));
    CHECK_THAT(result.err, Catch::Contains(TEST_PLUGIN_DIR));
}

TEST_CASE("loader reports file that is not a library", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: broken-not-a-library");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("cannot load connector library"));
    CHECK_THAT(result.err, Catch::Contains("broken-not-a-library.so"));
    // The dynamic loader's own explanation follows the path.
    CHECK_THAT(result.err, Catch::Contains("broken-not-a-library.so: "));
}

TEST_CASE("loader reports missing entry symbol", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: broken-no-entry");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("does not export 'connector_entry'"));
    CHECK_THAT(result.err, Catch::Contains("undefined symbol: connector_entry"));
    CHECK_THAT(result.err, Catch::Contains("run finished: 0 step(s) ok, 0 failed, 1 skipped"));
}

TEST_CASE("loader reports unsupported ABI major", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: broken-abi-major");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("implements connector ABI 999.0"));
    CHECK_THAT(result.err, Catch::Contains("supports major version 1 only"));
}

TEST_CASE("loader reports too small struct size", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: broken-struct-size");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("function table of 8 bytes, smaller than"));
}

TEST_CASE("loader reports entry returning NULL", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: broken-null-table");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kPluginLoad);
    CHECK_THAT(result.err, Catch::Contains("connector_entry returned NULL"));
}

TEST_CASE("configure rejection names the field", "[loader]") {
    Workspace workspace;
    std::string pipeline =
        writeOneStep(workspace, "connector: test-connector", "{mode: succeed, colour: red}");
    ProcessResult result = runAndValidate(workspace, pipeline, exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("rejected the configuration"));
    CHECK_THAT(result.err, Catch::Contains("unknown configuration field 'colour'"));
    CHECK_THAT(result.err, Catch::Contains("step 'only' (line 4)"));
}

TEST_CASE("exception inside run is reported", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: test-connector",
                                        "{mode: throw, message: 'boom inside run'}");
    ProcessResult result = runHost(workspace, {"run", pipeline});
    CHECK(result.signal == 0);
    CHECK(result.exitCode == exit_code::kPermanent);
    CHECK_THAT(result.err, Catch::Contains("step failed (permanent)"));
    CHECK_THAT(result.err, Catch::Contains("internal error: boom inside run"));
    CHECK_THAT(result.err, Catch::Contains("run finished: 0 step(s) ok, 1 failed"));
}

TEST_CASE("retryable failure exits with code 1", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: test-connector",
                                        "{mode: retryable, message: 'upstream busy'}");
    ProcessResult result = runHost(workspace, {"run", pipeline});
    CHECK(result.exitCode == exit_code::kRetryable);
    CHECK_THAT(result.err, Catch::Contains("step failed (retryable)"));
    CHECK_THAT(result.err, Catch::Contains("upstream busy"));
    CHECK_THAT(result.err, Catch::Contains("a later run may succeed"));
}

TEST_CASE("permanent failure exits with code 2", "[loader]") {
    Workspace workspace;
    std::string pipeline = writeOneStep(workspace, "connector: test-connector",
                                        "{mode: permanent, message: 'key revoked'}");
    ProcessResult result = runHost(workspace, {"run", pipeline});
    CHECK(result.exitCode == exit_code::kPermanent);
    CHECK_THAT(result.err, Catch::Contains("step failed (permanent)"));
    CHECK_THAT(result.err, Catch::Contains("key revoked"));
}
