// SIGTERM and SIGINT cancel a run through the ABI; a second signal ends the
// process at once.
#include <signal.h>

#include <catch2/catch.hpp>

#include "HostProcess.h"

using namespace host_test;

namespace {

std::string writeSleepingPipeline(const Workspace& workspace, bool ignoreCancellation) {
    return workspace.write("pipeline.yaml", std::string("pipeline: signals\n"
                                                        "steps:\n"
                                                        "  - name: nap\n"
                                                        "    connector: test-connector\n"
                                                        "    config:\n"
                                                        "      mode: sleep\n"
                                                        "      sleepSeconds: 60\n"
                                                        "      ignoreCancellation: ") +
                                                (ignoreCancellation ? "true" : "false") +
                                                "\n"
                                                "  - name: later\n"
                                                "    connector: test-connector\n");
}

}  // namespace

TEST_CASE("SIGTERM cancels a sleeping run", "[signal]") {
    Workspace workspace;
    std::string pipeline = writeSleepingPipeline(workspace, false);
    REQUIRE(runHost(workspace, {"state", "set", pipeline, "nap", "sleep", "before"}).exitCode ==
            exit_code::kSuccess);

    HostProcess run(workspace, {"run", pipeline});
    REQUIRE(run.waitForError("sleeping for"));
    run.sendSignal(SIGTERM);
    ProcessResult result = run.wait();

    CHECK(result.signal == 0);
    CHECK(result.exitCode == exit_code::kCancelled);
    CHECK_THAT(result.err, Catch::Contains("cancellation requested by SIGTERM"));
    CHECK_THAT(result.err, Catch::Contains("step cancelled"));
    CHECK_THAT(result.err, Catch::Contains("[signals/later] step skipped"));
    CHECK(runHost(workspace, {"state", "get", pipeline, "nap", "sleep"}).out == "before\n");
}

TEST_CASE("SIGINT cancels a sleeping run", "[signal]") {
    Workspace workspace;
    std::string pipeline = writeSleepingPipeline(workspace, false);
    HostProcess run(workspace, {"run", pipeline});
    REQUIRE(run.waitForError("sleeping for"));
    run.sendSignal(SIGINT);
    ProcessResult result = run.wait();
    CHECK(result.exitCode == exit_code::kCancelled);
    CHECK_THAT(result.err, Catch::Contains("cancellation requested by SIGINT"));
}

TEST_CASE("second signal exits at once", "[signal]") {
    Workspace workspace;
    std::string pipeline = writeSleepingPipeline(workspace, true);
    HostProcess run(workspace, {"run", pipeline});
    REQUIRE(run.waitForError("sleeping for"));

    // The connector ignores cancellation, so only the second signal ends it.
    run.sendSignal(SIGINT);
    REQUIRE(run.waitForError("cancellation requested by SIGINT"));
    run.sendSignal(SIGINT);
    ProcessResult result = run.wait();
    CHECK(result.exitCode == 130);
}
