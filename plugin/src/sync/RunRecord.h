// The record of a partition's last run, stored in host state for status.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace lucca {

/// The outcome and counts of one run for one partition. Times are UTC, ISO 8601 with "Z".
struct RunRecord {
    std::string start;
    std::string end;
    std::string result;     ///< "success", "failed" or "cancelled"
    std::string error;      ///< the failure message, empty on success
    std::string watermark;  ///< the watermark after the run
    std::int64_t fetched = 0;
    std::int64_t upserted = 0;
    std::int64_t deleted = 0;
    std::int64_t pages = 0;
    std::int64_t retries = 0;
    std::string rateLimitedUntil;  ///< end of the last 429 wait, empty if none

    /// Serialises the record as a JSON object.
    std::string toJson() const;
};

/// Formats `time` as "YYYY-MM-DDTHH:MM:SSZ" (UTC, seconds).
std::string formatUtc(std::chrono::system_clock::time_point time);

}  // namespace lucca
