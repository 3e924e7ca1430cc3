// The state store and the SQLite destination hold personal data and run
// records, so their files, -wal and -shm included, are readable by their
// owner only, whatever the umask.
#include <signal.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include "SecurityTestSupport.h"

using Lucca::Test::SimulatorProcess;
using namespace host_test;
using namespace security_test;

namespace {

/// Returns the permission bits of `path`, or -1 when it does not exist.
int modeOf(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return -1;
    return static_cast<int>(status.st_mode & 07777);
}

/// Restores the umask when a test ends.
class UmaskGuard {
public:
    explicit UmaskGuard(mode_t mask) : _previous(::umask(mask)) {}
    ~UmaskGuard() { ::umask(_previous); }

private:
    mode_t _previous;
};

void requirePrivateFiles(const Workspace& workspace) {
    for (const char* base : {"state.db", "entries.db"}) {
        REQUIRE(modeOf(workspace.path(base)) != -1);
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            std::string path = workspace.path(std::string(base) + suffix);
            int mode = modeOf(path);
            if (mode == -1) continue;
            INFO(path << " has mode " << std::oct << mode);
            CHECK((mode & 077) == 0);
        }
    }
}

}  // namespace

TEST_CASE("databases are private to their owner", "[security]") {
    UmaskGuard umask(000);
    SimulatorProcess simulator(simulatorArguments());
    Workspace workspace;
    std::string pipeline =
        writePipeline(workspace, simulator.httpUrl(), sqliteDestination(workspace));

    SECTION("after a complete run") {
        ProcessResult result = runHost(workspace, {"run", pipeline}, secretEnvironment(), false);
        INFO(result.err);
        REQUIRE(result.exitCode == exit_code::kSuccess);
        requirePrivateFiles(workspace);
    }

    SECTION("while a run is killed, with the -wal and -shm files left") {
        simulator.armFault(
            R"({"kind": "delay", "delayMs": 1000, "query": "paging", "times": 100})");
        HostProcess host(workspace, {"--log-level", "debug", "run", pipeline}, secretEnvironment(),
                         false);
        REQUIRE(host.waitForError("sync started"));
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        host.sendSignal(SIGKILL);
        host.wait();
        CHECK(modeOf(workspace.path("entries.db-wal")) != -1);
        CHECK(modeOf(workspace.path("state.db-wal")) != -1);
        requirePrivateFiles(workspace);
    }
}
