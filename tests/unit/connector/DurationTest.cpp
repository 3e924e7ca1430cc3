#include <catch2/catch.hpp>

#include "time/Duration.h"

using lucca::parseDurationSeconds;

TEST_CASE("duration without days", "[duration]") {
    CHECK(parseDurationSeconds("00:00:00") == 0);
    CHECK(parseDurationSeconds("08:00:00") == 8 * 3600);
    CHECK(parseDurationSeconds("01:02:03") == 3723);
    CHECK(parseDurationSeconds("23:59:59") == 86399);
}

TEST_CASE("duration with days", "[duration]") {
    CHECK(parseDurationSeconds("1.00:00:00") == 86400);
    CHECK(parseDurationSeconds("2.03:04:05") == 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
    CHECK(parseDurationSeconds("-1.00:00:00") == -86400);
}

TEST_CASE("duration with fractions", "[duration]") {
    CHECK(parseDurationSeconds("00:30:00.5") == 1800);
    CHECK(parseDurationSeconds("00:00:01.9999999") == 1);
    CHECK(parseDurationSeconds("1.00:00:00.0000001") == 86400);
}

TEST_CASE("duration invalid text", "[duration]") {
    for (const char* text : {"", "8:00:00", "08:00", "24:00:00", "00:60:00", "00:00:60", "PT8H",
                             "08:00:00.", "08:00:00.12345678", "1.", ".08:00:00", "a.08:00:00",
                             "08:00:00 ", " 08:00:00", "08-00-00", "-"}) {
        INFO("text: '" << text << "'");
        CHECK_FALSE(parseDurationSeconds(text).has_value());
    }
}
