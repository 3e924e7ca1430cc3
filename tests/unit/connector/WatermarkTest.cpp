#include <date/date.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <ctime>
#include <string>

#include "time/Watermark.h"

namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

/// Returns the UTC instant of "YYYY-MM-DD HH:MM:SS" plus `extra`.
system_clock::time_point utc(const std::string& text, system_clock::duration extra = 0s) {
    std::istringstream in(text);
    date::sys_seconds time;
    in >> date::parse("%Y-%m-%d %H:%M:%S", time);
    REQUIRE_FALSE(in.fail());
    return time + extra;
}

/// Sets the process time zone for the scope of one test, then restores it.
class ProcessTimeZone {
public:
    explicit ProcessTimeZone(const char* zone) {
        const char* old = std::getenv("TZ");
        if (old) _old = old;
        _hadOld = old != nullptr;
        setenv("TZ", zone, 1);
        tzset();
    }
    ~ProcessTimeZone() {
        if (_hadOld) {
            setenv("TZ", _old.c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }

private:
    std::string _old;
    bool _hadOld = false;
};

void checkParisWatermarks() {
    // Winter (CET, UTC+1) and summer (CEST, UTC+2).
    CHECK(lucca::watermarkAt(utc("2026-01-15 09:25:45")) == "2026-01-15T10:25:00");
    CHECK(lucca::watermarkAt(utc("2026-07-01 22:10:00")) == "2026-07-02T00:10:00");

    // The minute boundary and fractional seconds round down.
    CHECK(lucca::watermarkAt(utc("2026-01-15 09:25:00")) == "2026-01-15T10:25:00");
    CHECK(lucca::watermarkAt(utc("2026-01-15 09:25:59", 999ms)) == "2026-01-15T10:25:00");
    CHECK(lucca::watermarkAt(utc("2026-01-15 09:24:59", 999999us)) == "2026-01-15T10:24:00");

    // March gap: 02:00 to 02:59 do not exist on 2026-03-29.
    CHECK(lucca::watermarkAt(utc("2026-03-29 00:59:59", 500ms)) == "2026-03-29T01:59:00");
    CHECK(lucca::watermarkAt(utc("2026-03-29 01:00:00")) == "2026-03-29T03:00:00");
    CHECK(lucca::watermarkAt(utc("2026-03-29 01:00:30", 250ms)) == "2026-03-29T03:00:00");

    // October: 02:00 to 02:59 happen twice on 2026-10-25, first in CEST.
    CHECK(lucca::watermarkAt(utc("2026-10-24 23:59:59")) == "2026-10-25T01:59:00");
    CHECK(lucca::watermarkAt(utc("2026-10-25 00:30:10")) == "2026-10-25T02:30:00");
    CHECK(lucca::watermarkAt(utc("2026-10-25 00:59:59", 900ms)) == "2026-10-25T02:59:00");
    CHECK(lucca::watermarkAt(utc("2026-10-25 01:00:00")) == "2026-10-25T02:00:00");
    CHECK(lucca::watermarkAt(utc("2026-10-25 01:30:10")) == "2026-10-25T02:30:00");
    CHECK(lucca::watermarkAt(utc("2026-10-25 02:00:00")) == "2026-10-25T03:00:00");
}

}  // namespace

TEST_CASE("watermark with TZ America/New_York", "[watermark]") {
    ProcessTimeZone zone("America/New_York");
    checkParisWatermarks();
}

TEST_CASE("watermark with TZ UTC", "[watermark]") {
    ProcessTimeZone zone("UTC");
    checkParisWatermarks();
}

TEST_CASE("watermark with TZ Europe/Paris", "[watermark]") {
    ProcessTimeZone zone("Europe/Paris");
    checkParisWatermarks();
}

TEST_CASE("repeated autumn hour detection", "[watermark]") {
    auto wall = [](const char* text) { return *lucca::parseWallTime(text); };
    CHECK_FALSE(lucca::isRepeatedParisHour(wall("2026-10-25T01:59:00")));
    CHECK(lucca::isRepeatedParisHour(wall("2026-10-25T02:00:00")));
    CHECK(lucca::isRepeatedParisHour(wall("2026-10-25T02:59:00")));
    CHECK_FALSE(lucca::isRepeatedParisHour(wall("2026-10-25T03:00:00")));
    CHECK_FALSE(lucca::isRepeatedParisHour(wall("2026-03-29T02:30:00")));
    CHECK_FALSE(lucca::isRepeatedParisHour(wall("2026-07-01T02:30:00")));
}

TEST_CASE("query lower bound from a watermark", "[watermark]") {
    CHECK(lucca::querySince("2026-01-15T10:25:00", 0) == "2026-01-15T10:25:00");
    CHECK(lucca::querySince("2026-01-15T10:25:00", 10) == "2026-01-15T10:15:00");
    CHECK(lucca::querySince("2026-01-01T00:05:00", 10) == "2025-12-31T23:55:00");

    // Inside the repeated hour the bound starts one hour earlier, so entries
    // modified in the second 02:xx are not skipped.
    CHECK(lucca::querySince("2026-10-25T02:50:00", 0) == "2026-10-25T01:50:00");
    CHECK(lucca::querySince("2026-10-25T02:00:00", 5) == "2026-10-25T00:55:00");
    CHECK(lucca::querySince("2026-10-25T03:00:00", 0) == "2026-10-25T03:00:00");

    // Across the March gap the overlap is real time: 10 minutes before 03:05
    // summer time is 01:55 winter time. A naive 02:55 would skip the entries
    // modified from 01:55 to 01:59.
    CHECK(lucca::querySince("2026-03-29T03:05:00", 10) == "2026-03-29T01:55:00");
    CHECK(lucca::querySince("2026-03-29T03:00:00", 2) == "2026-03-29T01:58:00");
    CHECK(lucca::querySince("2026-03-29T03:00:00", 0) == "2026-03-29T03:00:00");

    // A watermark inside the gap (only a hand-edited state contains one) reads
    // as the instant of the change.
    CHECK(lucca::querySince("2026-03-29T02:30:00", 0) == "2026-03-29T03:00:00");
    CHECK(lucca::querySince("2026-03-29T02:30:00", 1) == "2026-03-29T01:59:00");

    // A bound in the repeated hour also starts an hour earlier, because its
    // wall time alone does not show which occurrence it is.
    CHECK(lucca::querySince("2026-10-25T03:00:00", 5) == "2026-10-25T01:55:00");

    // An overlap of more than an hour can reach back into the first
    // occurrence: 500 minutes before 10:00 winter time is 02:40 summer time,
    // and entries modified at 02:10 winter time come after it.
    CHECK(lucca::querySince("2026-10-25T10:00:00", 500) == "2026-10-25T01:40:00");
    CHECK(lucca::querySince("2026-10-25T10:00:00", 420) == "2026-10-25T03:00:00");

    CHECK_THROWS_AS(lucca::querySince("2026-10-25 02:50", 0), std::invalid_argument);
}

TEST_CASE("wall time parsing", "[watermark]") {
    CHECK(lucca::parseWallTime("2026-02-28T23:59:59").has_value());
    CHECK_FALSE(lucca::parseWallTime("2026-02-29T00:00:00").has_value());
    CHECK_FALSE(lucca::parseWallTime("2026-01-01T24:00:00").has_value());
    CHECK_FALSE(lucca::parseWallTime("2026-01-01T10:00:00Z").has_value());
    CHECK_FALSE(lucca::parseWallTime("2026-01-01T10:00").has_value());
    CHECK_FALSE(lucca::parseWallTime("").has_value());
    CHECK(lucca::formatWallTime(*lucca::parseWallTime("0999-01-02T03:04:05")) ==
          "0999-01-02T03:04:05");
}

TEST_CASE("watermark bounded by the server time", "[watermark]") {
    // 10:02 in Paris summer time; the server's time, rounded down, wins only
    // when it is earlier.
    const system_clock::time_point start = utc("2026-06-10 08:02:30");
    CHECK(lucca::earlierWatermark(start, "2026-06-10T10:00:05.1234567") ==
          "2026-06-10T10:00:00");
    CHECK(lucca::earlierWatermark(start, "2026-06-10T10:02:59") == "2026-06-10T10:02:00");
    CHECK(lucca::earlierWatermark(start, "2026-06-10T10:05:00") == "2026-06-10T10:02:00");

    // Text the header should not contain leaves the host's watermark.
    CHECK(lucca::earlierWatermark(start, "") == "2026-06-10T10:02:00");
    CHECK(lucca::earlierWatermark(start, "yesterday") == "2026-06-10T10:02:00");
    CHECK(lucca::earlierWatermark(start, "2026-06-10T10:00:05Z") == "2026-06-10T10:02:00");
    CHECK(lucca::earlierWatermark(start, "2026-06-10T10:00:05.") == "2026-06-10T10:02:00");
}

TEST_CASE("server time bound in the repeated hour", "[watermark]") {
    // A start at 02:40 summer time (00:40 UTC) against a server at 02:30.
    CHECK(lucca::earlierWatermark(utc("2026-10-25 00:40:00"), "2026-10-25T02:30:10") ==
          "2026-10-25T02:30:00");

    // A start at 02:37 winter time (01:37 UTC) reads 02:37 on the wall, but
    // is later than a server at 02:40 summer time (00:40 UTC). The server's
    // ambiguous 02:40 counts as its first occurrence, so it wins.
    CHECK(lucca::earlierWatermark(utc("2026-10-25 01:37:00"), "2026-10-25T02:40:00") ==
          "2026-10-25T02:40:00");

    // A server at 02:10 may be either occurrence; the first (00:10 UTC) is
    // earlier than a start at 03:07 winter time.
    CHECK(lucca::earlierWatermark(utc("2026-10-25 02:07:00"), "2026-10-25T02:10:00") ==
          "2026-10-25T02:10:00");
}
