#ifndef HOST_UTC_TIME_H
#define HOST_UTC_TIME_H

#include <chrono>
#include <string>

namespace host {

/// Formats `time` as ISO 8601 in UTC with milliseconds, such as
/// "2026-12-04T17:20:00.123Z".
std::string formatUtcTime(std::chrono::system_clock::time_point time);

}  // namespace host

#endif
