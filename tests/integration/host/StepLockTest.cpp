// Two runs of one step never overlap, and a lock left by a killed run
// never blocks the next one.
#include <signal.h>

#include <catch2/catch.hpp>

#include "HostProcess.h"

using namespace host_test;

TEST_CASE("second run of a step fails fast", "[lock]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml",
                                           "pipeline: locks\n"
                                           "state: {path: state.db}\n"
                                           "steps:\n"
                                           "  - name: slow\n"
                                           "    connector: test-connector\n"
                                           "    config:\n"
                                           "      mode: sleep\n"
                                           "      sleepSeconds: ${SLEEP_SECONDS}\n");

    // 1. The first run holds the lock while it sleeps.
    HostProcess first(workspace, {"run", pipeline}, {{"SLEEP_SECONDS", "60"}});
    REQUIRE(first.waitForError("sleeping for"));

    // 2. A second run of the same step fails at once and names the holder.
    ProcessResult second = runHost(workspace, {"run", pipeline}, {{"SLEEP_SECONDS", "0"}});
    CHECK(second.exitCode == exit_code::kRetryable);
    CHECK_THAT(second.err, Catch::Contains("step 'locks/slow' is already running"));
    CHECK_THAT(second.err, Catch::Contains("pid " + std::to_string(first.pid())));
    CHECK_THAT(second.err, Catch::Contains(" since 20"));
    CHECK_THAT(second.err, Catch::Contains("Z;"));

    // 3. status shows the holder, and state repair is rejected while the step runs.
    ProcessResult status = runHost(workspace, {"status", pipeline}, {{"SLEEP_SECONDS", "0"}});
    CHECK_THAT(status.out, Catch::Contains("yes, pid " + std::to_string(first.pid())));
    ProcessResult repair =
        runHost(workspace, {"state", "set", pipeline, "slow", "k", "v"}, {{"SLEEP_SECONDS", "0"}});
    CHECK(repair.exitCode == exit_code::kRetryable);

    // 4. Once the holder dies by SIGKILL, the next run proceeds.
    first.sendSignal(SIGKILL);
    ProcessResult killed = first.wait();
    CHECK(killed.signal == SIGKILL);
    ProcessResult third = runHost(workspace, {"run", pipeline}, {{"SLEEP_SECONDS", "0"}});
    CHECK(third.exitCode == exit_code::kSuccess);
    CHECK(runHost(workspace, {"state", "get", pipeline, "slow", "sleep"}).out == "finished\n");
}

TEST_CASE("different steps run at the same time", "[lock]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml",
                                           "pipeline: locks\n"
                                           "steps:\n"
                                           "  - name: slow\n"
                                           "    connector: test-connector\n"
                                           "    config: {mode: sleep, sleepSeconds: 60}\n"
                                           "  - name: quick\n"
                                           "    connector: test-connector\n");
    HostProcess first(workspace, {"run", pipeline, "--step", "slow"});
    REQUIRE(first.waitForError("sleeping for"));
    ProcessResult other = runHost(workspace, {"run", pipeline, "--step", "quick"});
    CHECK(other.exitCode == exit_code::kSuccess);
}
