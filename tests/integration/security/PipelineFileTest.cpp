// Pipeline files built to crash or exhaust the host: each is rejected with
// exit code 3 and a message that points at the line, and nothing runs.
#include <catch2/catch.hpp>

#include "SecurityTestSupport.h"

using namespace host_test;
using namespace security_test;

TEST_CASE("alias cycle in a pipeline", "[security]") {
    // The alias refers to the mapping that contains it, so expanding it
    // would never end.
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml",
                                           "pipeline: cycle\n"
                                           "steps:\n"
                                           "  - name: one\n"
                                           "    connector: lucca-timeentries\n"
                                           "    config: &shared\n"
                                           "      apiKey: ${LUCCA_API_KEY}\n"
                                           "      copy: *shared\n");
    for (const char* command : {"validate", "run"}) {
        DYNAMIC_SECTION(command) {
            ProcessResult result =
                runHost(workspace, {command, pipeline}, secretEnvironment(), false);
            CHECK(result.signal == 0);
            CHECK(result.exitCode == exit_code::kUsage);
            CHECK_THAT(result.err,
                       Catch::Contains("pipeline.yaml:5:13: step 'one': an alias refers "
                                       "to a mapping or sequence that contains it"));
            CHECK_THAT(result.err, !Catch::Contains(kApiKey));
        }
    }
}

TEST_CASE("nesting deeper than the limit", "[security]") {
    Workspace workspace;
    std::string pipeline =
        workspace.write("pipeline.yaml",
                        "pipeline: deep\n"
                        "steps:\n"
                        "  - name: one\n"
                        "    connector: lucca-timeentries\n"
                        "    config: {a: " +
                            std::string(300, '[') + std::string(300, ']') + "}\n");
    ProcessResult result = runHost(workspace, {"validate", pipeline}, secretEnvironment(), false);
    CHECK(result.signal == 0);
    CHECK(result.exitCode == exit_code::kUsage);
    CHECK_THAT(result.err, Catch::Contains("nested deeper than 256 levels"));
}
