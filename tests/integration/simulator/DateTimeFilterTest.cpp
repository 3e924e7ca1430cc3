// Date-time filter values (naive Europe/Paris wall time, Z, offsets) and
// clock stamps across the daylight saving changes of Europe/Paris.

#include "SimulatorTestHelpers.h"

using namespace Lucca::Test;

namespace {

std::int64_t createEntry(const SimulatorProcess& simulator) {
    const auto created = simulator.post("/_sim/entries", R"({"ownerId":101,"duration":"01:00:00"})");
    return created->getArray("created")->getElement<std::int64_t>(0);
}

std::string modifiedAtOf(const SimulatorProcess& simulator, std::int64_t id) {
    return simulator.get("/_sim/entries/" + std::to_string(id))->getValue<std::string>("modifiedAt");
}

}  // namespace

TEST_CASE("clock values with Z and offsets", "[time]") {
    SimulatorProcess simulator(unlimited());
    simulator.setClock("2025-07-01T10:00:00Z");
    CHECK(simulator.clockNow() == "2025-07-01T12:00:00");
    simulator.setClock("2025-01-15T10:00:00+01:00");
    CHECK(simulator.clockNow() == "2025-01-15T10:00:00");
    simulator.setClock("2025-01-15T10:00:00");
    CHECK(simulator.clockNow() == "2025-01-15T10:00:00");
    simulator.advanceClock(90.5);
    CHECK(simulator.clockNow() == "2025-01-15T10:01:30.5");
    CHECK(simulator.get("/_sim/clock")->getValue<std::string>("mode") == "manual");

    const auto page = simulator.apiGet("/api/v3/timeentries?paging=0,1").json();
    CHECK(page->getObject("header")->getValue<std::string>("generated") == "2025-01-15T10:01:30.5");

    simulator.useRealClock();
    CHECK(simulator.get("/_sim/clock")->getValue<std::string>("mode") == "real");
    CHECK(simulator.clockNow() > "2025-01-15T10:01:30.5");
}

TEST_CASE("spring forward stamps and filters", "[time]") {
    SimulatorProcess simulator(unlimited({"--clock", "2025-03-30T01:59:30"}));
    const auto before = createEntry(simulator);
    simulator.advanceClock(60);
    const auto after = createEntry(simulator);

    // One real minute later the wall clock has jumped from 01:59 to 03:00.
    CHECK(modifiedAtOf(simulator, before) == "2025-03-30T01:59:30");
    CHECK(modifiedAtOf(simulator, after) == "2025-03-30T03:00:30");

    const std::string scope = "id=" + std::to_string(before) + "," + std::to_string(after) + "&";
    const std::vector<std::int64_t> both{before, after};
    const std::vector<std::int64_t> onlyAfter{after};
    const std::vector<std::int64_t> onlyBefore{before};

    SECTION("values with Z are converted to Paris time") {
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T01:00:00Z") == onlyAfter);
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T00:59:00Z") == both);
        CHECK(fetchIds(simulator, scope + "modifiedAt=until,2025-03-30T00:59:30Z") == onlyBefore);
    }
    SECTION("values with offsets are converted to Paris time") {
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T03:00:00%2B02:00") == onlyAfter);
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T01:59:00%2B01:00") == both);
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-29T23:59:00-01:00") == both);
        // An unencoded + decodes to a space; the simulator reads it as the offset sign.
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T03:00:00+02:00") == onlyAfter);
    }
    SECTION("naive values are Paris wall time") {
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T02:30:00") == onlyAfter);
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T01:59") == both);
        CHECK(fetchIds(simulator, scope + "modifiedAt=between,2025-03-30T01:59:30,2025-03-30T03:00:30") == both);
    }
    SECTION("since compares at full precision") {
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T01:59:30") == both);
        CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-03-30T01:59:30.0000001") == onlyAfter);
        CHECK(fetchIds(simulator, scope + "modifiedAt=until,2025-03-30T01:59:30") == onlyBefore);
    }
}

TEST_CASE("autumn repeated hour stamps", "[time]") {
    SimulatorProcess simulator(unlimited());
    // 02:30 happens twice on 2025-10-26; a naive clock value means the first (summer) one.
    simulator.setClock("2025-10-26T02:30:00");
    CHECK(simulator.get("/_sim/clock")->getValue<std::string>("utc") == "2025-10-26T00:30:00Z");
    const auto first = createEntry(simulator);
    simulator.advanceClock(3600);
    CHECK(simulator.get("/_sim/clock")->getValue<std::string>("utc") == "2025-10-26T01:30:00Z");
    const auto second = createEntry(simulator);
    simulator.advanceClock(1800);
    const auto third = createEntry(simulator);

    // Wall time repeats, as it does in the real service.
    CHECK(modifiedAtOf(simulator, first) == "2025-10-26T02:30:00");
    CHECK(modifiedAtOf(simulator, second) == "2025-10-26T02:30:00");
    CHECK(modifiedAtOf(simulator, third) == "2025-10-26T03:00:00");

    const std::string scope = "id=" + std::to_string(first) + "," + std::to_string(second) + "," +
                              std::to_string(third) + "&";
    // 01:00Z is 02:00 in winter time: every stamp of the repeated hour matches.
    CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-10-26T01:00:00Z") ==
          std::vector<std::int64_t>{first, second, third});
    CHECK(fetchIds(simulator, scope + "modifiedAt=since,2025-10-26T01:45:00Z") ==
          std::vector<std::int64_t>{third});
}
