// Timing of one phase of a ceiling tool, and the result line it prints.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lucca {
namespace bench {

/// Wall and CPU time of one timed phase.
struct PhaseResult {
    double wallSeconds = 0;
    double cpuSeconds = 0;  ///< user + system time of this process, all threads
};

/// Measures the wall time and this process's CPU time between start() and stop().
class PhaseTimer {
public:
    void start();
    PhaseResult stop() const;

private:
    std::chrono::steady_clock::time_point _wallStart;
    double _cpuStart = 0;
};

/// The measurements a ceiling tool reports for one timed repetition.
struct CeilingReport {
    std::string ceiling;  ///< "transfer", "sqlite-write" or "postgres-copy"
    int run = 0;          ///< 1-based repetition number
    std::int64_t entries = 0;
    std::int64_t pages = 0;
    std::uint64_t bytes = 0;  ///< response bytes read, for the transfer ceiling
    PhaseResult phase;
};

/// Prints the report as one JSON object on a line of stdout, with the
/// process's peak resident memory so far as peakRssMb.
void printReport(const CeilingReport& report);

}  // namespace bench
}  // namespace lucca
