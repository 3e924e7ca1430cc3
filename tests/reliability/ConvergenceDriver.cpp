// convergence-driver: plays seeded random sequences of upstream changes,
// clock moves, faults and interrupted runs against the Lucca simulator and
// the real connector-host, and checks after every run that the table and the
// watermarks agree with the simulator's ground truth. On a divergence it
// prints the seed and the shortest step list found that still fails.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "SequencePlan.h"
#include "SequencePlayer.h"

using namespace Lucca::Test;

namespace {

/// Set by SIGINT or SIGTERM: the driver stops after the current sequence, so
/// that the simulator it started is stopped too.
std::atomic<bool> stopRequested{false};

extern "C" void requestStop(int) { stopRequested = true; }

struct DriverOptions {
    PlayerOptions player;
    std::uint64_t firstSeed = 1;
    std::int64_t sequences = 10;
    int minSteps = 5;
    int maxSteps = 12;
    std::vector<std::size_t> onlySteps;  ///< replay these steps of the first seed only
    bool shrink = true;
    int maxShrinkReplays = 40;
};

const char* kUsage =
    "usage: convergence-driver [OPTIONS]\n"
    "  --backend sqlite|postgresql  destination backend (default sqlite); postgresql reads\n"
    "                               the libpq conninfo from LUCCA_TEST_POSTGRES\n"
    "  --seed N                     seed of the first sequence (default 1); sequence i uses N+i\n"
    "  --sequences N                number of sequences to play (default 10)\n"
    "  --min-steps N, --max-steps N steps per sequence, final clean run included (default 5, 12)\n"
    "  --steps I,J,...              play only these step indexes of the plan of --seed\n"
    "  --no-shrink                  report a failure without searching a shorter one\n"
    "  --max-shrink-replays N       sequences replayed while shrinking (default 40)\n"
    "  --verbose                    print every step as it is played\n"
    "  --start-skew-seconds N       add N seconds to the connector's start time, to show that\n"
    "                               the checks catch a late clock (default 0)\n"
    "  --no-watermark-checks        check only the table, not the watermarks\n"
    "  --no-server-header           start the simulator with --no-header, so the connector\n"
    "                               cannot bound its watermark by the server's time\n";

std::vector<std::size_t> parseIndexes(const std::string& text) {
    std::vector<std::size_t> indexes;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) indexes.push_back(std::stoul(item));
    return indexes;
}

std::string joined(const std::vector<std::size_t>& indexes) {
    std::string text;
    for (std::size_t index : indexes) text += (text.empty() ? "" : ",") + std::to_string(index);
    return text;
}

/// Parses the command line. Exits with code 2 on invalid options.
DriverOptions parseOptions(int argc, char** argv) {
    DriverOptions options;
    for (int i = 1; i < argc; ++i) {
        std::string name = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::cerr << "convergence-driver: option " << name << " needs a value\n" << kUsage;
                std::exit(2);
            }
            return argv[++i];
        };
        try {
            if (name == "--backend") {
                std::string backend = value();
                if (backend == "sqlite") {
                    options.player.backend = Backend::SQLite;
                } else if (backend == "postgresql") {
                    options.player.backend = Backend::PostgreSQL;
                } else {
                    std::cerr << "convergence-driver: invalid backend '" << backend
                              << "'; expected sqlite or postgresql\n";
                    std::exit(2);
                }
            } else if (name == "--seed") {
                options.firstSeed = std::stoull(value());
            } else if (name == "--sequences") {
                options.sequences = std::stoll(value());
            } else if (name == "--min-steps") {
                options.minSteps = std::stoi(value());
            } else if (name == "--max-steps") {
                options.maxSteps = std::stoi(value());
            } else if (name == "--steps") {
                options.onlySteps = parseIndexes(value());
                options.sequences = 1;
            } else if (name == "--no-shrink") {
                options.shrink = false;
            } else if (name == "--max-shrink-replays") {
                options.maxShrinkReplays = std::stoi(value());
            } else if (name == "--start-skew-seconds") {
                options.player.startSkewSeconds = std::stoll(value());
            } else if (name == "--no-server-header") {
                options.player.serverHeader = false;
            } else if (name == "--no-watermark-checks") {
                options.player.checkWatermarks = false;
            } else if (name == "--verbose") {
                options.player.verbose = true;
            } else if (name == "-h" || name == "--help") {
                std::cout << kUsage;
                std::exit(0);
            } else {
                std::cerr << "convergence-driver: unknown option '" << name << "'\n" << kUsage;
                std::exit(2);
            }
        } catch (const std::logic_error&) {
            std::cerr << "convergence-driver: invalid value for " << name << "\n";
            std::exit(2);
        }
    }
    if (options.minSteps < 1 || options.maxSteps < options.minSteps) {
        std::cerr << "convergence-driver: invalid step counts; expected 1 <= min-steps <= "
                     "max-steps\n";
        std::exit(2);
    }
    return options;
}

std::vector<std::size_t> allSteps(const SequencePlan& plan) {
    std::vector<std::size_t> indexes;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) indexes.push_back(i);
    return indexes;
}

/// Searches a shorter step list that still fails: first the prefix that ends
/// at the failing step, then without each earlier step in turn. Signals land
/// at real times, so a replay may pass where the original failed, and such
/// a candidate is not kept.
std::vector<std::size_t> shrink(const SequencePlan& plan, std::vector<std::size_t> steps,
                                const SequenceOutcome& failure, const DriverOptions& options,
                                DriverStatistics& statistics) {
    int replays = 0;
    auto fails = [&](const std::vector<std::size_t>& candidate) {
        ++replays;
        std::cerr << "  shrinking: replaying steps " << joined(candidate) << "\n";
        return !playSequence(plan, candidate, options.player, statistics).passed;
    };

    std::vector<std::size_t> prefix;
    for (std::size_t index : steps) {
        prefix.push_back(index);
        if (index == failure.failedStep) break;
    }
    if (prefix.size() < steps.size() && fails(prefix)) steps = prefix;

    for (std::size_t position = 0; position + 1 < steps.size();) {
        if (replays >= options.maxShrinkReplays) break;
        std::vector<std::size_t> candidate = steps;
        candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(position));
        if (fails(candidate)) {
            steps = candidate;
        } else {
            ++position;
        }
    }
    return steps;
}

void printSummary(const DriverStatistics& statistics, int failures, double seconds) {
    std::cout << "convergence-driver: summary sequences=" << statistics.sequences
              << " steps=" << statistics.steps << " runs=" << statistics.runs
              << " faultsArmed=" << statistics.faultsArmed
              << " faultsFired=" << statistics.faultsFired << " kills=" << statistics.kills
              << " terminations=" << statistics.terminations
              << " tableChecks=" << statistics.tableChecks
              << " rowsCompared=" << statistics.rowsCompared
              << " watermarkChecks=" << statistics.watermarkChecks << " failures=" << failures
              << " seconds=" << static_cast<long long>(seconds) << "\n";
    std::cout << "convergence-driver: exit codes of runs:";
    for (const auto& [code, count] : statistics.exitCodes) std::cout << " " << code << "=" << count;
    std::cout << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    DriverOptions options = parseOptions(argc, argv);
    if (options.player.backend == Backend::PostgreSQL) {
        const char* conninfo = std::getenv("LUCCA_TEST_POSTGRES");
        if (conninfo == nullptr || *conninfo == '\0') {
            std::cerr << "convergence-driver: LUCCA_TEST_POSTGRES is not set; run "
                         "scripts/test.sh, which starts a PostgreSQL server, or export it "
                         "with eval \"$(scripts/postgres.sh start)\"\n";
            return 2;
        }
        options.player.postgresConnection = conninfo;
    }

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);

    DriverStatistics statistics;
    auto started = std::chrono::steady_clock::now();
    int failures = 0;
    for (std::int64_t i = 0; i < options.sequences && !stopRequested; ++i) {
        std::uint64_t seed = options.firstSeed + static_cast<std::uint64_t>(i);
        SequencePlan plan = planSequence(seed, options.minSteps, options.maxSteps);
        std::vector<std::size_t> steps =
            options.onlySteps.empty() ? allSteps(plan) : options.onlySteps;
        std::cerr << "sequence " << plan.describe() << ", " << steps.size() << " steps\n";
        SequenceOutcome outcome = playSequence(plan, steps, options.player, statistics);
        if (outcome.passed) continue;

        ++failures;
        std::cerr << "DIVERGENCE in " << plan.describe() << " at step " << outcome.failedStep
                  << " (" << plan.steps.at(outcome.failedStep).describe() << "):\n"
                  << outcome.message << "\n";
        std::vector<std::size_t> shortest = steps;
        if (options.shrink) shortest = shrink(plan, steps, outcome, options, statistics);
        std::cerr << "shortest failing sequence found (" << shortest.size() << " steps):\n";
        for (std::size_t index : shortest)
            std::cerr << "  step " << index << ": " << plan.steps.at(index).describe() << "\n";
        std::cerr << "reproduce with: convergence-driver --backend "
                  << (options.player.backend == Backend::SQLite ? "sqlite" : "postgresql")
                  << " --seed " << seed << " --min-steps " << options.minSteps << " --max-steps "
                  << options.maxSteps << " --steps " << joined(shortest) << " --verbose\n";
        break;
    }

    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    printSummary(statistics, failures, seconds);
    return failures == 0 ? 0 : 1;
}
