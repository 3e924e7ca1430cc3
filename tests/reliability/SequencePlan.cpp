#include "SequencePlan.h"

#include <algorithm>
#include <random>
#include <sstream>

namespace Lucca {
namespace Test {
namespace {

/// Draws from a 64-bit Mersenne Twister with plain modulo arithmetic, so that
/// a seed gives the same plan with every standard library.
class Draw {
public:
    explicit Draw(std::uint64_t seed) : _engine(seed) {}

    /// Returns an integer in [low, high].
    int between(int low, int high) {
        return low + static_cast<int>(_engine() % static_cast<std::uint64_t>(high - low + 1));
    }

    /// Returns true with probability `share`.
    bool chance(double share) { return static_cast<double>(_engine() % 1000000) < share * 1e6; }

    /// Returns one element of `values`.
    template <typename T>
    const T& pick(const std::vector<T>& values) {
        return values[static_cast<std::size_t>(between(0, static_cast<int>(values.size()) - 1))];
    }

    std::uint64_t seed() { return _engine(); }

private:
    std::mt19937_64 _engine;
};

/// Start clocks: both daylight-saving changes of 2026 in Europe/Paris, the
/// repeated autumn hour in each of its two occurrences, and ordinary times.
const std::vector<std::string> kStartClocks{
    "2026-03-29T01:50:00",        // 10 minutes before the spring-forward gap
    "2026-03-29T01:58:00",        // 2 minutes before it
    "2026-10-25T01:50:00",        // 10 minutes before the repeated hour
    "2026-10-25T02:30:00",        // inside its first (summer time) occurrence
    "2026-10-25T02:40:00+02:00",  // the same, near its end
    "2026-10-25T02:05:00+01:00",  // inside its second (winter time) occurrence
    "2026-06-15T09:00:00",       "2026-12-31T23:40:00",
};

PlannedFault statusFault(Draw& draw, int status, int times) {
    std::ostringstream json;
    json << R"({"kind":"status","status":)" << status << R"(,"times":)" << times << R"(,"skip":)"
         << draw.between(0, 4);
    if (status == 429) json << R"(,"retryAfter":1)";
    json << R"(,"body":")" << draw.pick(std::vector<std::string>{"json", "text", "empty"}) << "\"}";
    return {json.str(), false};
}

/// Returns a random fault. `times` above the connector's 4 attempts makes the
/// run fail, which is allowed only for faults that cost no waiting.
PlannedFault randomFault(Draw& draw) {
    bool exhaustRetries = draw.chance(0.15);
    int times = exhaustRetries ? 6 : draw.between(1, 2);
    std::string query = draw.pick(std::vector<std::string>{"", "paging", "archivedAt"});
    std::string where = R"(,"query":")" + query + R"(","skip":)" +
                        std::to_string(draw.between(0, 4)) + R"(,"times":)" +
                        std::to_string(times) + "}";
    switch (draw.between(0, 9)) {
        case 0:
            return statusFault(draw, 429, std::min(times, 2));
        case 1:
            return statusFault(draw, 408, std::min(times, 2));
        case 2:
            return statusFault(draw, draw.pick(std::vector<int>{500, 502, 503, 504}), times);
        case 3:
            // Beyond the run's one-second request timeout.
            return {R"({"kind":"delay","delayMs":1300,"query":")" + query + R"(","times":1})",
                    false};
        case 4:
            return {R"({"kind":"truncate")" + where, false};
        case 5:
            return {R"({"kind":"malformed")" + where, false};
        case 6:
            return {std::string(R"({"kind":"close","reset":)") +
                        (draw.chance(0.5) ? "true" : "false") + where,
                    false};
        case 7:
            return {R"({"kind":"wrongCount","countDelta":)" +
                        std::to_string(draw.pick(std::vector<int>{-3, -1, 1, 5})) +
                        R"(,"query":"collection.count","times":)" + std::to_string(times) + "}",
                    false};
        default: {
            std::string mutation = draw.pick(
                std::vector<std::string>{"archiveUndelivered", "modifyUndelivered",
                                         "archiveDelivered", "modifyDelivered", "create"});
            return {R"({"kind":"mutate","mutation":")" + mutation +
                        R"(","query":"paging","skip":)" + std::to_string(draw.between(0, 3)) +
                        R"(,"times":)" + std::to_string(draw.between(1, 3)) + "}",
                    true};
        }
    }
}

PlannedStep runStep(Draw& draw) {
    PlannedStep step;
    step.kind = StepKind::Run;
    step.seed = draw.seed();
    step.pageSize = draw.pick(std::vector<int>{7, 25, 60, 150, 1000});
    step.partitionConcurrency = draw.between(1, 2);
    step.hostTimeZone = draw.pick(std::vector<std::string>{
        "UTC", "Europe/Paris", "America/New_York", "Pacific/Chatham", "Asia/Kolkata"});
    int faultCount = draw.chance(0.35) ? 0 : (draw.chance(0.7) ? 1 : 2);
    for (int i = 0; i < faultCount; ++i) step.faults.push_back(randomFault(draw));
    if (draw.chance(0.04)) step.simulatorRateLimit = draw.between(4, 12);
    int interruption = draw.between(0, 99);
    if (interruption < 12) {
        step.interruption = Interruption::Terminate;
    } else if (interruption < 30) {
        step.interruption = Interruption::Kill;
    }
    if (step.interruption != Interruption::None) {
        // Small, slow pages make the run last long enough for the signal to
        // land in the middle of it most of the time.
        step.slowPages = true;
        step.pageSize = draw.pick(std::vector<int>{7, 25, 60});
        step.interruptionDelayMs = draw.between(0, 600);
    }
    return step;
}

PlannedStep otherStep(Draw& draw) {
    PlannedStep step;
    step.seed = draw.seed();
    int kind = draw.between(0, 99);
    if (kind < 25) {
        step.kind = StepKind::BulkMutation;
        step.changeShare = draw.between(0, 15) / 100.0;
        step.archiveShare = draw.between(0, 5) / 100.0;
        step.createCount = draw.between(0, 20);
    } else if (kind < 40) {
        step.kind = StepKind::ChangeEntry;
    } else if (kind < 52) {
        step.kind = StepKind::ArchiveEntry;
    } else if (kind < 62) {
        step.kind = StepKind::CreateEntry;
    } else if (kind < 66) {
        step.kind = StepKind::ResetWatermarks;
    } else {
        step.kind = StepKind::AdvanceClock;
        step.advanceSeconds = draw.chance(0.75) ? 60 * draw.between(1, 35) : draw.between(1, 90);
    }
    return step;
}

std::string joined(const std::vector<int>& values) {
    std::string text;
    for (int value : values) text += (text.empty() ? "" : ",") + std::to_string(value);
    return text;
}

}  // namespace

std::string PlannedStep::describe() const {
    std::ostringstream out;
    switch (kind) {
        case StepKind::BulkMutation:
            out << "mutate changeShare=" << changeShare << " archiveShare=" << archiveShare
                << " create=" << createCount;
            break;
        case StepKind::ChangeEntry:
            out << "change one entry";
            break;
        case StepKind::ArchiveEntry:
            out << "archive one entry";
            break;
        case StepKind::CreateEntry:
            out << "create one entry";
            break;
        case StepKind::AdvanceClock:
            out << "advance clock " << advanceSeconds << " s";
            break;
        case StepKind::ResetWatermarks:
            out << "delete the watermarks";
            break;
        case StepKind::Run:
            out << "run pageSize=" << pageSize << " concurrency=" << partitionConcurrency
                << " TZ=" << hostTimeZone;
            for (const PlannedFault& fault : faults) out << " fault=" << fault.json;
            if (simulatorRateLimit > 0) out << " rateLimit=" << simulatorRateLimit << "/min";
            if (interruption == Interruption::Terminate)
                out << " SIGTERM after " << interruptionDelayMs << " ms";
            if (interruption == Interruption::Kill)
                out << " SIGKILL after " << interruptionDelayMs << " ms";
            break;
    }
    return out.str();
}

std::string SequencePlan::truthScope() const {
    return legalEntityIds.empty() ? "" : "legalEntityId=" + joined(legalEntityIds);
}

std::string SequencePlan::describe() const {
    std::ostringstream out;
    out << "seed " << seed << ": " << entries << " entries, " << legalEntities
        << " legal entities, clock " << startClock << ", scope "
        << (legalEntityIds.empty() ? "whole tenant" : "legal entities " + joined(legalEntityIds))
        << ", overlapMinutes " << overlapMinutes << ", connector clock skew " << clockSkewMinutes
        << " min" << (includeArchivedInList ? ", archived entries listed" : "");
    return out.str();
}

SequencePlan planSequence(std::uint64_t seed, int minSteps, int maxSteps) {
    Draw draw(seed);
    SequencePlan plan;
    plan.seed = seed;
    plan.entries = draw.between(150, 600);
    plan.legalEntities = draw.between(2, 3);
    plan.startClock = draw.pick(kStartClocks);
    int scope = draw.between(0, 9);
    if (scope >= 4 && scope < 7) {
        for (int id = 1; id <= plan.legalEntities; ++id) plan.legalEntityIds.push_back(id);
    } else if (scope >= 7) {
        plan.legalEntityIds =
            plan.legalEntities == 2 ? std::vector<int>{2} : std::vector<int>{3, 1};
    }
    plan.overlapMinutes = draw.chance(0.7) ? 0 : draw.between(1, 5);
    plan.includeArchivedInList = draw.chance(0.25);
    if (draw.chance(0.25)) {
        plan.clockSkewMinutes = draw.between(-3, 3);
        plan.overlapMinutes = std::max(plan.overlapMinutes, plan.clockSkewMinutes);
    }

    // One sequence in ten re-reads more than an hour, which can reach back
    // across a daylight-saving change, with a connector clock ahead by up to
    // that much. A generator of its own leaves the other draws, and so the
    // steps of every seed, as they were.
    Draw overlapDraw(seed ^ 0x6f7665726c6170ULL);
    if (overlapDraw.chance(0.1)) {
        plan.overlapMinutes = overlapDraw.between(61, 240);
        plan.clockSkewMinutes = overlapDraw.between(0, plan.overlapMinutes);
    }

    int stepCount = draw.between(minSteps, maxSteps);
    for (int i = 0; i + 1 < stepCount; ++i) {
        bool run = (i == 0) ? draw.chance(0.7) : draw.chance(0.35);
        plan.steps.push_back(run ? runStep(draw) : otherStep(draw));
    }
    PlannedStep last;
    last.kind = StepKind::Run;
    last.seed = draw.seed();
    last.pageSize = draw.pick(std::vector<int>{25, 150, 1000});
    last.partitionConcurrency = draw.between(1, 2);
    last.hostTimeZone = "UTC";
    plan.steps.push_back(last);
    return plan;
}

}  // namespace Test
}  // namespace Lucca
