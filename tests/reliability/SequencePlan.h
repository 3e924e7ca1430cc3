// The random plan of one convergence sequence: the tenant it starts from and
// the steps it plays. A plan depends only on its seed, so a failing sequence
// replays from the seed and the indexes of the steps it kept.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace Lucca {
namespace Test {

/// What a step does.
enum class StepKind {
    BulkMutation,     ///< POST /_sim/mutate: random changes, archives and creations
    ChangeEntry,      ///< POST /_sim/entries/change on one live entry
    ArchiveEntry,     ///< POST /_sim/entries/archive on one live entry
    CreateEntry,      ///< POST /_sim/entries for a random owner
    AdvanceClock,     ///< POST /_sim/clock with advanceSeconds
    ResetWatermarks,  ///< `connector-host state delete` of every partition's watermark
    Run               ///< one `connector-host run`, possibly with faults or a signal
};

/// A fault armed on the simulator for the duration of one run.
struct PlannedFault {
    /// The `/_sim/faults` body, such as {"kind":"status","status":503,"times":2}.
    std::string json;

    /// Whether the fault changes data while the run pages, so that the table
    /// may legitimately lag behind the truth until the next run.
    bool mutatesData = false;
};

/// How a run ends, apart from its own result.
enum class Interruption { None, Terminate, Kill };

/// One step of a sequence. Fields that a kind does not use keep their defaults.
struct PlannedStep {
    StepKind kind = StepKind::Run;
    std::uint64_t seed = 0;  ///< seed of the choices made while playing the step

    // BulkMutation
    double changeShare = 0;
    double archiveShare = 0;
    int createCount = 0;

    // AdvanceClock
    int advanceSeconds = 0;

    // Run
    int pageSize = 1000;
    int partitionConcurrency = 1;
    std::vector<PlannedFault> faults;
    bool slowPages = false;      ///< every page is delayed, so a signal lands mid-run
    int simulatorRateLimit = 0;  ///< requests a minute for this run; 0 keeps it off
    Interruption interruption = Interruption::None;
    int interruptionDelayMs = 0;  ///< time between the start and the signal
    std::string hostTimeZone;     ///< the host's TZ variable, which must not matter

    /// Returns a one-line description, for progress and failure reports.
    std::string describe() const;
};

/// The tenant and connector settings of a sequence, and its steps.
struct SequencePlan {
    std::uint64_t seed = 0;
    int entries = 0;                  ///< generated entries
    int legalEntities = 2;            ///< generated legal entities
    std::string startClock;           ///< the simulator's start clock, Paris wall time or UTC
    std::vector<int> legalEntityIds;  ///< the scope's partitions; empty means the whole tenant
    int overlapMinutes = 0;
    bool includeArchivedInList = false;  ///< the simulator lists archived entries unasked

    /// Minutes by which the connector's clock runs ahead of the simulator's
    /// (negative: behind). A clock ahead needs at least as many
    /// overlapMinutes, which the plan then sets.
    int clockSkewMinutes = 0;
    std::vector<PlannedStep> steps;  ///< always ends with a fault-free run

    /// Returns the scope as a /_sim/truth query, such as "legalEntityId=1,2".
    std::string truthScope() const;

    /// Returns a one-line description of the tenant and scope.
    std::string describe() const;
};

/// Returns the plan that `seed` gives, with between `minSteps` and
/// `maxSteps` steps (the final clean run included).
SequencePlan planSequence(std::uint64_t seed, int minSteps, int maxSteps);

}  // namespace Test
}  // namespace Lucca
