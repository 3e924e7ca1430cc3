// A state value written by a step survives SIGKILL of the host at any
// moment: the store opens, and the value is complete, never torn or lost.
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "CounterValue.h"
#include "HostProcess.h"

using namespace host_test;

namespace {

/// Returns the number on the last complete line of the acknowledgement
/// file, or 0 when it has none.
std::uint64_t lastAcknowledged(const Workspace& workspace) {
    std::istringstream lines(workspace.read("acks.txt"));
    std::string line;
    std::uint64_t last = 0;
    while (std::getline(lines, line)) {
        if (!lines.eof() && !line.empty()) last = std::stoull(line);
    }
    return last;
}

/// Reads the counter value straight from the SQLite file, after checking
/// the file's integrity.
std::optional<std::string> readStoredCounter(const std::string& databasePath) {
    // A kill early in start-up may come before the host created the file.
    if (!std::filesystem::exists(databasePath)) return std::nullopt;
    sqlite3* database = nullptr;
    REQUIRE(sqlite3_open_v2(databasePath.c_str(), &database, SQLITE_OPEN_READWRITE, nullptr) ==
            SQLITE_OK);

    sqlite3_stmt* check = nullptr;
    REQUIRE(sqlite3_prepare_v2(database, "PRAGMA integrity_check", -1, &check, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(check) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(check, 0))) == "ok");
    sqlite3_finalize(check);

    // Or after it created the file but before it created the table.
    sqlite3_stmt* select = nullptr;
    int prepared = sqlite3_prepare_v2(database,
                                      "SELECT value FROM connector_state WHERE pipeline='crash' "
                                      "AND step='writer' AND key=CAST('counter' AS BLOB)",
                                      -1, &select, nullptr);
    if (prepared != SQLITE_OK) {
        CHECK_THAT(sqlite3_errmsg(database), Catch::Contains("no such table"));
        sqlite3_close(database);
        return std::nullopt;
    }
    std::optional<std::string> value;
    if (sqlite3_step(select) == SQLITE_ROW) {
        const char* data = static_cast<const char*>(sqlite3_column_blob(select, 0));
        value = std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(select, 0)));
    }
    sqlite3_finalize(select);
    sqlite3_close(database);
    return value;
}

}  // namespace

TEST_CASE("state survives SIGKILL at random moments", "[crash]") {
    Workspace workspace;
    std::string pipeline = workspace.write("pipeline.yaml",
                                           "pipeline: crash\n"
                                           "state: {path: state.db}\n"
                                           "steps:\n"
                                           "  - name: writer\n"
                                           "    connector: test-connector\n"
                                           "    config:\n"
                                           "      mode: counter\n"
                                           "      ackFile: " +
                                               workspace.path("acks.txt") + "\n");
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> delayMilliseconds(0, 120);
    std::uint64_t previous = 0;

    for (int round = 0; round < 8; ++round) {
        CAPTURE(round);
        std::uint64_t acknowledgedBefore = lastAcknowledged(workspace);

        // 1. Start a run; in most rounds wait for its first new write so the
        //    kill lands inside the write loop, in others kill during start-up.
        HostProcess run(workspace, {"run", pipeline});
        if (round % 4 != 0) {
            for (int wait = 0; wait < 2000 && lastAcknowledged(workspace) == acknowledgedBefore;
                 ++wait) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMilliseconds(random)));
        run.sendSignal(SIGKILL);
        ProcessResult killed = run.wait();
        CHECK(killed.signal == SIGKILL);

        // 2. Every acknowledged write is there, and at most one write more:
        //    the one the kill may have hit between its commit and its
        //    acknowledgement. Each run continues from the stored value, which
        //    may itself be such an unacknowledged write of the round before.
        std::uint64_t acknowledged = lastAcknowledged(workspace);
        std::optional<std::string> stored = readStoredCounter(workspace.path("state.db"));
        if (acknowledged == 0) {
            CHECK_FALSE(stored.has_value());
            continue;
        }
        REQUIRE(stored.has_value());
        std::optional<std::uint64_t> number = test_plugins::parseCounterValue(*stored);
        REQUIRE(number.has_value());
        CHECK(*number >= acknowledged);
        CHECK(*number <= std::max(acknowledged, previous) + 1);
        CHECK(*number >= previous);
        previous = *number;
    }

    // 3. The host itself opens the store after the last kill.
    ProcessResult value = runHost(workspace, {"state", "get", pipeline, "writer", "counter"});
    CHECK(value.exitCode == exit_code::kSuccess);
    CHECK(test_plugins::parseCounterValue(value.out.substr(0, value.out.size() - 1)) == previous);
    CHECK(previous > 0);
}
