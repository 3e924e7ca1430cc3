// Faults armed through /_sim/faults: error statuses, broken deliveries and
// data that moves between pages.

#include "SimulatorTestHelpers.h"

#include <Poco/Exception.h>

using namespace Lucca::Test;

namespace {

const std::string firstPage = "/api/v3/timeentries?fields=id,collection.count&orderby=id,asc&paging=0,10";

std::vector<std::int64_t> page(const SimulatorProcess& simulator, int index) {
    return fetchIds(simulator, "paging=" + std::to_string(index * 10) + ",10");
}

std::vector<std::int64_t> slice(const std::vector<std::int64_t>& ids, std::size_t from, std::size_t to) {
    return std::vector<std::int64_t>(ids.begin() + static_cast<long>(from), ids.begin() + static_cast<long>(to));
}

}  // namespace

TEST_CASE("fault status 429 with Retry-After", "[fault]") {
    SimulatorProcess simulator(unlimited());
    simulator.armFault(R"({"kind":"status","status":429,"retryAfter":7})");
    const auto limited = simulator.apiGet(firstPage);
    CHECK(limited.status == 429);
    CHECK(limited.headers.get("Retry-After", "") == "7");
    CHECK(limited.json()->getValue<int>("Status") == 429);
    CHECK(simulator.apiGet(firstPage).status == 200);
}

TEST_CASE("fault statuses with a JSON body", "[fault]") {
    SimulatorProcess simulator(unlimited());
    for (const int status : {400, 401, 403, 408, 500, 502, 503}) {
        simulator.armFault(R"({"status":)" + std::to_string(status) + R"(,"message":"simulated"})");
        const auto reply = simulator.apiGet(firstPage);
        INFO("status " << status);
        CHECK(reply.status == status);
        const auto body = reply.json();
        CHECK(body->getValue<int>("Status") == status);
        CHECK(body->getValue<std::string>("Message") == "simulated");
    }
    CHECK(simulator.apiGet(firstPage).status == 200);
}

TEST_CASE("fault bodies in plain text or empty", "[fault]") {
    SimulatorProcess simulator(unlimited());
    simulator.armFault(R"({"status":500,"body":"text","message":"Internal error, try later"})");
    const auto text = simulator.apiGet(firstPage);
    CHECK(text.status == 500);
    CHECK(text.body == "Internal error, try later");
    CHECK(text.headers.get("Content-Type", "").find("text/plain") == 0);

    simulator.armFault(R"({"status":502,"body":"empty"})");
    const auto empty = simulator.apiGet(firstPage);
    CHECK(empty.status == 502);
    CHECK(empty.body.empty());
}

TEST_CASE("fault skips matching requests", "[fault]") {
    SimulatorProcess simulator(unlimited());
    simulator.armFault(R"({"status":503,"skip":2,"times":2})");
    CHECK(simulator.apiGet(firstPage).status == 200);
    CHECK(simulator.apiGet(firstPage).status == 200);
    CHECK(simulator.apiGet(firstPage).status == 503);
    CHECK(simulator.apiGet(firstPage).status == 503);
    CHECK(simulator.apiGet(firstPage).status == 200);
    const auto faults = simulator.get("/_sim/faults")->getArray("faults");
    REQUIRE(faults->size() == 1);
    CHECK(faults->getObject(0)->getValue<int>("fired") == 2);
    CHECK_FALSE(faults->getObject(0)->getValue<bool>("armed"));
}

TEST_CASE("fault matches a query substring", "[fault]") {
    SimulatorProcess simulator(unlimited());
    simulator.armFault(R"({"status":500,"query":"paging=20,"})");
    CHECK(simulator.apiGet("/api/v3/timeentries?paging=0,10").status == 200);
    CHECK(simulator.apiGet("/api/v3/timeentries?paging=10,10").status == 200);
    CHECK(simulator.apiGet("/api/v3/timeentries?paging=20,10").status == 500);
    CHECK(simulator.apiGet("/api/v3/timeentries?paging=20,10").status == 200);
    // Control requests never match.
    simulator.armFault(R"({"status":500,"path":"/"})");
    CHECK_NOTHROW(simulator.get("/_sim/status"));
    CHECK(simulator.apiGet(firstPage).status == 500);
}

TEST_CASE("fault delay still answers", "[fault]") {
    SimulatorProcess simulator(unlimited());
    simulator.armFault(R"({"kind":"delay","delayMs":50})");
    CHECK(simulator.apiGet(firstPage).status == 200);
    const auto log = simulator.requests();
    REQUIRE(log->size() == 1);
    CHECK(log->getObject(0)->getValue<std::string>("fault") == "delay");
    CHECK(log->getObject(0)->getValue<int>("status") == 200);
}

TEST_CASE("fault truncated body", "[fault]") {
    // A stopped clock keeps header.generated, and so the body, the same between requests.
    SimulatorProcess simulator(unlimited({"--clock", "2026-01-05T09:00:00"}));
    const auto full = simulator.apiGet(firstPage);
    simulator.armFault(R"({"kind":"truncate"})");
    const auto cut = simulator.apiGet(firstPage);
    CHECK(cut.status == 200);
    CHECK(std::stoul(cut.headers.get("Content-Length")) == full.body.size());
    CHECK(cut.body.size() < full.body.size());
    CHECK(cut.body == full.body.substr(0, cut.body.size()));
    CHECK_THROWS(cut.json());
}

TEST_CASE("fault malformed JSON", "[fault]") {
    SimulatorProcess simulator(unlimited());
    simulator.armFault(R"({"kind":"malformed"})");
    const auto reply = simulator.apiGet(firstPage);
    CHECK(reply.status == 200);
    CHECK(std::stoul(reply.headers.get("Content-Length")) == reply.body.size());
    CHECK_THROWS(reply.json());
    CHECK_NOTHROW(simulator.apiGet(firstPage).json());
}

TEST_CASE("fault closed connection", "[fault]") {
    SimulatorProcess simulator(unlimited());
    simulator.armFault(R"({"kind":"close"})");
    CHECK_THROWS_AS(simulator.apiGet(firstPage), Poco::Exception);
    simulator.armFault(R"({"kind":"close","reset":true})");
    CHECK_THROWS_AS(simulator.apiGet(firstPage), Poco::Exception);
    CHECK(simulator.apiGet(firstPage).status == 200);
    const auto log = simulator.requests();
    REQUIRE(log->size() == 3);
    CHECK(log->getObject(0)->getValue<int>("status") == 0);
    CHECK(log->getObject(0)->getValue<std::string>("fault") == "close");
}

TEST_CASE("fault wrong count", "[fault]") {
    SimulatorProcess simulator(unlimited());
    const auto real = simulator.apiGet(firstPage).json()->getObject("data")->getValue<int>("count");
    simulator.armFault(R"({"kind":"wrongCount","countDelta":5})");
    CHECK(simulator.apiGet(firstPage).json()->getObject("data")->getValue<int>("count") == real + 5);
    CHECK(simulator.apiGet(firstPage).json()->getObject("data")->getValue<int>("count") == real);
}

TEST_CASE("fault arming errors", "[fault]") {
    SimulatorProcess simulator(unlimited());
    for (const char* body : {R"({"kind":"explode"})", R"({"status":418})", R"({"times":0})",
                             R"({"kind":"mutate","mutation":"shuffle"})", R"({"body":"xml"})", "not json"}) {
        INFO(body);
        CHECK_THROWS_AS(simulator.armFault(body), Poco::Exception);
    }
    simulator.armFault(R"({"status":500})");
    simulator.clearFaults();
    CHECK(simulator.apiGet(firstPage).status == 200);
}

TEST_CASE("mutate archives an undelivered entry", "[fault][mutate]") {
    SimulatorProcess simulator(unlimited());
    const auto live = fetchIds(simulator, "");
    simulator.armFault(R"({"kind":"mutate","mutation":"archiveUndelivered","skip":2})");
    CHECK(page(simulator, 0) == slice(live, 0, 10));
    CHECK(page(simulator, 1) == slice(live, 10, 20));
    CHECK(page(simulator, 2) == slice(live, 20, 30));
    // live[30] was archived after the third page: offset 30 now starts at live[31].
    CHECK(page(simulator, 3) == slice(live, 31, 41));
    const auto applied = simulator.get("/_sim/faults")->getArray("appliedMutations");
    REQUIRE(applied->size() == 1);
    CHECK(applied->getObject(0)->getValue<std::int64_t>("entryId") == live[30]);
    CHECK_FALSE(simulator.get("/_sim/entries/" + std::to_string(live[30]))->isNull("archivedAt"));
}

TEST_CASE("mutate archives a delivered entry", "[fault][mutate]") {
    SimulatorProcess simulator(unlimited());
    const auto live = fetchIds(simulator, "");
    simulator.armFault(R"({"kind":"mutate","mutation":"archiveDelivered"})");
    CHECK(page(simulator, 0) == slice(live, 0, 10));
    // The list lost live[0], so offset paging skips live[10]: the trap a client must survive.
    CHECK(page(simulator, 1) == slice(live, 11, 21));
    CHECK(simulator.get("/_sim/faults")->getArray("appliedMutations")->getObject(0)->getValue<std::int64_t>("entryId") == live[0]);
}

TEST_CASE("mutate creates a higher id", "[fault][mutate]") {
    SimulatorProcess simulator(unlimited());
    const auto live = fetchIds(simulator, "");
    simulator.armFault(R"({"kind":"mutate","mutation":"create"})");
    CHECK(page(simulator, 0) == slice(live, 0, 10));
    const auto created = simulator.get("/_sim/faults")->getArray("appliedMutations")->getObject(0)->getValue<std::int64_t>("entryId");
    CHECK(created > live.back());
    const auto after = fetchIds(simulator, "");
    CHECK(after.size() == live.size() + 1);
    CHECK(after.back() == created);
    const auto model = simulator.get("/_sim/entries/" + std::to_string(live[9]));
    const auto copy = simulator.get("/_sim/entries/" + std::to_string(created));
    CHECK(copy->getValue<int>("ownerId") == model->getValue<int>("ownerId"));
}

TEST_CASE("mutate modifies a delivered entry", "[fault][mutate]") {
    SimulatorProcess simulator(unlimited({"--clock", "2026-01-05T09:00:00"}));
    const auto live = fetchIds(simulator, "");
    const auto before = simulator.get("/_sim/entries/" + std::to_string(live[0]));
    simulator.armFault(R"({"kind":"mutate","mutation":"modifyDelivered"})");
    CHECK(page(simulator, 0) == slice(live, 0, 10));
    const auto after = simulator.get("/_sim/entries/" + std::to_string(live[0]));
    CHECK(after->getValue<std::string>("modifiedAt") == "2026-01-05T09:00:00");
    CHECK(after->getObject("externalData")->getValue<int>("revision") ==
          before->getObject("externalData")->getValue<int>("revision") + 1);
    CHECK(fetchIds(simulator, "modifiedAt=since,2026-01-05T09:00:00") == std::vector<std::int64_t>{live[0]});
}
