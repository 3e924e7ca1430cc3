// The simulator's lifetime: it never outlives the test process that
// started it, even when that process dies without running destructors.

#include "SimulatorTestHelpers.h"
#include "TempDir.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace Lucca::Test;

namespace {

/// Returns true once `pid` has exited: the process is gone, or it is a
/// zombie that its new parent has not reaped yet.
bool hasExited(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return true;
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // The state follows the command name, which is in parentheses.
    const std::size_t close = text.rfind(')');
    return close == std::string::npos || close + 2 >= text.size() || text[close + 2] == 'Z';
}

std::string readText(const std::string& path) {
    if (!Poco::File(path).exists()) return {};
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

}  // namespace

TEST_CASE("simulator exits with its parent", "[lifetime]") {
    TempDir directory("lucca-lifetime-");
    int pipeEnds[2];
    REQUIRE(::pipe(pipeEnds) == 0);

    // The child starts a simulator and ends with _exit, as a crashed test
    // would: SimulatorProcess's destructor never stops the simulator.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipeEnds[0]);
        // The simulator's folder lands in `directory`, which the parent removes.
        ::setenv("TMPDIR", directory.path().c_str(), 1);
        pid_t simulatorPid = -1;
        try {
            auto* simulator = new SimulatorProcess(unlimited({"--owners", "1", "--days", "1"}));
            simulatorPid = simulator->pid();
        } catch (...) {
        }
        const ssize_t written = ::write(pipeEnds[1], &simulatorPid, sizeof simulatorPid);
        ::_exit(written == sizeof simulatorPid ? 0 : 1);
    }
    ::close(pipeEnds[1]);
    pid_t simulatorPid = -1;
    const ssize_t received = ::read(pipeEnds[0], &simulatorPid, sizeof simulatorPid);
    ::close(pipeEnds[0]);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(received == sizeof simulatorPid);
    REQUIRE(simulatorPid > 0);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!hasExited(simulatorPid) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const bool exited = hasExited(simulatorPid);
    if (!exited) ::kill(simulatorPid, SIGKILL);
    CHECK(exited);
}

TEST_CASE("simulator rejects a wrong parent pid", "[lifetime]") {
    // `exec` makes this test process the simulator's parent. Pid 1 is not
    // this process, so the simulator must exit as if its parent had ended.
    TempDir directory("lucca-lifetime-");
    const std::string dataset = directory.file("dataset.json");
    const std::string errors = directory.file("stderr");
    const std::string command = "exec '" + SimulatorProcess::executablePath() +
                                "' --parent-pid 1 --owners 1 --days 1 --write-dataset '" +
                                dataset + "' 2>'" + errors + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) != 0);
    CHECK(readText(errors).find("the parent process 1 has already exited") != std::string::npos);
    CHECK_FALSE(Poco::File(dataset).exists());
}
