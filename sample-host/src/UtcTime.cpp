#include "UtcTime.h"

#include <cstdio>
#include <ctime>

namespace host {

std::string formatUtcTime(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    auto sinceEpoch = time.time_since_epoch();
    auto seconds = duration_cast<std::chrono::seconds>(sinceEpoch);
    auto milliseconds = duration_cast<std::chrono::milliseconds>(sinceEpoch - seconds).count();
    if (milliseconds < 0) {
        milliseconds += 1000;
        seconds -= std::chrono::seconds(1);
    }
    std::time_t whole = static_cast<std::time_t>(seconds.count());
    std::tm parts{};
    gmtime_r(&whole, &parts);

    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                  parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                  static_cast<int>(milliseconds));
    return text;
}

}  // namespace host
