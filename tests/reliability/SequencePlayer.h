// Plays one planned sequence against a fresh simulator and the real
// connector-host, and checks the table and the watermarks after every run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "SequencePlan.h"

namespace Lucca {
namespace Test {

/// Where the table lives.
enum class Backend { SQLite, PostgreSQL };

/// Settings shared by every sequence of a driver process.
struct PlayerOptions {
    Backend backend = Backend::SQLite;
    std::string postgresConnection;  ///< libpq conninfo with the password, PostgreSQL only
    bool verbose = false;            ///< print every step as it is played

    /// Seconds added to the connector's start time. Non-zero only to show
    /// that the checks catch a connector whose clock runs late.
    long long startSkewSeconds = 0;
    bool serverHeader = true;  ///< false starts the simulator with --no-header

    /// Skips the watermark checks, so that a skewed start reaches the table checks.
    bool checkWatermarks = true;
};

/// Counts over every sequence played, for the final report.
struct DriverStatistics {
    std::int64_t sequences = 0;
    std::int64_t steps = 0;
    std::int64_t runs = 0;
    std::int64_t faultsArmed = 0;
    std::int64_t faultsFired = 0;
    std::int64_t kills = 0;         ///< SIGKILL sent while the host ran
    std::int64_t terminations = 0;  ///< SIGTERM sent while the host ran
    std::int64_t tableChecks = 0;
    std::int64_t rowsCompared = 0;
    std::int64_t watermarkChecks = 0;
    std::map<int, std::int64_t> exitCodes;  ///< runs per exit code
};

/// The result of one sequence.
struct SequenceOutcome {
    bool passed = true;
    std::size_t failedStep = 0;  ///< index in the plan of the step that failed
    std::string message;         ///< what diverged, with the host's log when useful
};

/// Plays the steps of `plan` whose indexes are in `stepIndexes` (in order),
/// and returns at the first divergence. Adds what it played to `statistics`.
/// Never throws: errors of the driver itself are reported as a failed outcome.
SequenceOutcome playSequence(const SequencePlan& plan, const std::vector<std::size_t>& stepIndexes,
                             const PlayerOptions& options, DriverStatistics& statistics);

}  // namespace Test
}  // namespace Lucca
