// Where connector-host looks for connectors when --plugin-dir is not given.
#include <catch2/catch.hpp>

#include "HostProcess.h"

using namespace host_test;

namespace {

std::string writePipeline(const Workspace& workspace) {
    return workspace.write("pipeline.yaml",
                           "pipeline: search\n"
                           "steps:\n"
                           "  - name: one\n"
                           "    connector: test-connector\n");
}

}  // namespace

TEST_CASE("default plugin folder is beside bin", "[search]") {
    // The build puts connector-host in bin/ and the test plugins in lib/.
    Workspace workspace;
    std::string pipeline = writePipeline(workspace);
    ProcessResult result =
        runHost(workspace, {"validate", pipeline}, {{"CONNECTOR_PLUGIN_PATH", ""}}, false);
    CHECK(result.exitCode == exit_code::kSuccess);
}

TEST_CASE("plugin path variable is searched in order", "[search]") {
    Workspace workspace;
    std::string pipeline = writePipeline(workspace);
    std::string missingFolder = workspace.path("no-plugins-here");
    ProcessResult found =
        runHost(workspace, {"validate", pipeline},
                {{"CONNECTOR_PLUGIN_PATH", missingFolder + ":" + TEST_PLUGIN_DIR}}, false);
    CHECK(found.exitCode == exit_code::kSuccess);

    ProcessResult missing = runHost(workspace, {"validate", pipeline},
                                    {{"CONNECTOR_PLUGIN_PATH", missingFolder}}, false);
    CHECK(missing.exitCode == exit_code::kPluginLoad);
    CHECK_THAT(missing.err, Catch::Contains("unknown connector 'test-connector'"));
    CHECK_THAT(missing.err, Catch::Contains(missingFolder));
}

TEST_CASE("plugin-dir option overrides variable", "[search]") {
    Workspace workspace;
    std::string pipeline = writePipeline(workspace);
    ProcessResult result = runHost(workspace, {"validate", pipeline},
                                   {{"CONNECTOR_PLUGIN_PATH", workspace.path("elsewhere")}});
    CHECK(result.exitCode == exit_code::kSuccess);
}
