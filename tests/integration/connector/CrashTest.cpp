// The real connector-host killed with SIGKILL at random moments of a run:
// the next complete run still leaves the table equal to the truth.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <random>
#include <thread>

#include "SyncTestSupport.h"

using Lucca::Test::SimulatorProcess;
using Lucca::Test::TempDir;
using namespace lucca::test;

namespace {

/// Starts `connector-host run PIPELINE` with the API key in its environment
/// and its output appended to `logFile`. Returns the child's pid.
pid_t startHost(const std::string& pipeline, const std::string& logFile,
                const std::string& databasePassword) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        setenv("LUCCA_API_KEY", kApiKey, 1);
        setenv("LUCCA_DB_PASSWORD", databasePassword.c_str(), 1);
        FILE* log = std::fopen(logFile.c_str(), "a");
        if (log) {
            dup2(fileno(log), STDOUT_FILENO);
            dup2(fileno(log), STDERR_FILENO);
        }
        execl(LUCCA_CONNECTOR_HOST, LUCCA_CONNECTOR_HOST, "--plugin-dir",
              LUCCA_CONNECTOR_PLUGIN_DIR, "run", pipeline.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    return pid;
}

/// Waits for `pid` and returns its exit code, or 128 + signal.
int waitFor(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Returns the `destination` mapping of the pipeline file.
std::string destinationYaml(const TestDestination& destination) {
    if (destination.config.kind == lucca::DestinationConfig::Kind::SQLite) {
        return "        type: sqlite\n"
               "        path: " +
               destination.config.path + "\n" + "        table: " + destination.config.table + "\n";
    }
    return "        type: postgresql\n"
           "        connection: \"" +
           destination.config.connection +
           "\"\n"
           "        password: ${LUCCA_DB_PASSWORD}\n"
           "        table: " +
           destination.config.table + "\n";
}

void killHostMidRun(Backend backend) {
    SimulatorProcess simulator(simulatorArguments({"--entries", "8000"}));
    TempDir directory;
    TestDestination destination =
        makeDestination(backend, directory, "it_crash_" + std::to_string(getpid()));
    std::string pipeline = directory.file("pipeline.yaml");
    std::string log = directory.file("host.log");
    {
        std::ofstream out(pipeline);
        out << "pipeline: crash\n"
               "state:\n"
               "  type: sqlite\n"
               "  path: state.db\n"
               "steps:\n"
               "  - name: timeentries\n"
               "    connector: lucca-timeentries\n"
               "    config:\n"
               "      baseUrl: "
            << simulator.httpUrl()
            << "\n"
               "      apiKey: ${LUCCA_API_KEY}\n"
               "      pageSize: 250\n"
               "      rateLimitPerMinute: 1000000\n"
               "      retry: {maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50}\n"
               "      destination:\n"
            << destinationYaml(destination);
    }

    // Every page takes at least 40 ms, so a run lasts about a second and a
    // kill lands in the middle of it.
    simulator.armFault(R"({"kind": "delay", "delayMs": 40, "query": "paging", "times": 100000})");
    std::random_device device;
    unsigned seed = device();
    INFO("kill seed " << seed);
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delayMs(20, 1500);
    for (int kill = 0; kill < 6; ++kill) {
        pid_t pid = startHost(pipeline, log, destination.config.password);
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(random)));
        ::kill(pid, SIGKILL);
        int code = waitFor(pid);
        CHECK((code == 128 + SIGKILL || code == 0));
        simulator.mutate(R"({"changeShare": 0.03, "archiveShare": 0.01, "create": 20, "seed": )" +
                         std::to_string(kill + 1) + "}");
    }

    simulator.clearFaults();
    int code = waitFor(startHost(pipeline, log, destination.config.password));
    INFO("host output:\n" << readFile(log));
    REQUIRE(code == 0);
    requireTableMatchesTruth(simulator, destination);
    CHECK(readFile(log).find(kApiKey) == std::string::npos);
}

}  // namespace

TEST_CASE("host killed mid-run on SQLite", "[crash][sqlite]") { killHostMidRun(Backend::SQLite); }

TEST_CASE("host killed mid-run on PostgreSQL", "[crash][postgres]") {
    killHostMidRun(Backend::PostgreSQL);
}
