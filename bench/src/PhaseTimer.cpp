#include "PhaseTimer.h"

#include <sys/resource.h>

#include <cstdio>

namespace lucca {
namespace bench {

namespace {

double toSeconds(const timeval& value) {
    return static_cast<double>(value.tv_sec) + static_cast<double>(value.tv_usec) / 1e6;
}

double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return toSeconds(usage.ru_utime) + toSeconds(usage.ru_stime);
}

double peakRssMegabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    // Linux reports ru_maxrss in kibibytes.
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

void PhaseTimer::start() {
    _cpuStart = processCpuSeconds();
    _wallStart = std::chrono::steady_clock::now();
}

PhaseResult PhaseTimer::stop() const {
    PhaseResult result;
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - _wallStart).count();
    result.cpuSeconds = processCpuSeconds() - _cpuStart;
    return result;
}

void printReport(const CeilingReport& report) {
    std::printf(
        "{\"ceiling\":\"%s\",\"run\":%d,\"entries\":%lld,\"pages\":%lld,\"bytes\":%llu,"
        "\"wallSeconds\":%.6f,\"cpuSeconds\":%.6f,\"peakRssMb\":%.1f}\n",
        report.ceiling.c_str(), report.run, static_cast<long long>(report.entries),
        static_cast<long long>(report.pages), static_cast<unsigned long long>(report.bytes),
        report.phase.wallSeconds, report.phase.cpuSeconds, peakRssMegabytes());
    std::fflush(stdout);
}

}  // namespace bench
}  // namespace lucca
