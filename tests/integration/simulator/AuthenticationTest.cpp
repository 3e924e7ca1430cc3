// Authentication, key scopes and the rate limit.

#include "SimulatorTestHelpers.h"

using namespace Lucca::Test;

TEST_CASE("authorization header variants", "[auth]") {
    SimulatorProcess simulator(unlimited());
    const std::string path = "/api/v3/timeentries?paging=0,1";
    const std::string key = SimulatorProcess::DemoApiKey;

    SECTION("missing header") {
        const auto reply = simulator.rawGet(path, {});
        CHECK(reply.status == 401);
        CHECK(reply.json()->getValue<int>("Status") == 401);
        CHECK_FALSE(reply.json()->getValue<std::string>("Message").empty());
    }
    SECTION("wrong schemes and malformed values") {
        const std::vector<std::string> values = {"Bearer " + key, "lucca " + key, "lucca application=", "application=" + key,
            "Basic bHVjY2E6a2V5", "lucca  application=" + key, "lucca application=" + key + "x"};
        for (const std::string& value : values) {
            const auto reply = simulator.rawGet(path, {{"Authorization", value}});
            INFO("Authorization: " << value);
            CHECK(reply.status == 401);
            CHECK(reply.json()->getValue<int>("Status") == 401);
        }
    }
    SECTION("unknown key") {
        CHECK(simulator.apiGet(path, "not-a-key").status == 401);
    }
    SECTION("demo key") {
        const auto reply = simulator.apiGet(path);
        CHECK(reply.status == 200);
        CHECK(reply.json()->getObject("header")->getValue<std::string>("principal") == "Simulator integration");
    }
}

TEST_CASE("api keys from the command line", "[auth]") {
    SimulatorProcess simulator(unlimited({"--api-key", "first-key", "--api-key", "second-key"}));
    CHECK(simulator.apiGet("/api/v3/timeentries", "first-key").status == 200);
    CHECK(simulator.apiGet("/api/v3/timeentries", "second-key").status == 200);
    CHECK(simulator.apiGet("/api/v3/timeentries").status == 401);
}

TEST_CASE("key restricted to a legal entity", "[auth]") {
    SimulatorProcess simulator(unlimited({"--api-key", "all", "--api-key", "entity-two",
                                          "--key-legal-entities", "entity-two=2"}));
    const auto everything = simulator.apiGet("/api/v3/timeentries?fields=id&paging=0,10000", "all");
    const auto inEntityTwo =
        simulator.apiGet("/api/v3/timeentries?fields=id&paging=0,10000&owner.legalEntityId=2", "all");
    const auto restricted = simulator.apiGet("/api/v3/timeentries?fields=id&paging=0,10000", "entity-two");
    REQUIRE(everything.status == 200);
    REQUIRE(restricted.status == 200);
    const auto restrictedIds = idsOf(restricted.json()->getObject("data"));
    CHECK_FALSE(restrictedIds.empty());
    CHECK(restrictedIds == idsOf(inEntityTwo.json()->getObject("data")));
    CHECK(restrictedIds.size() < idsOf(everything.json()->getObject("data")).size());

    // An entry outside the scope is not found, even by id.
    const auto outside = idsOf(simulator.apiGet("/api/v3/timeentries?fields=id&owner.legalEntityId=1", "all")
                                   .json()->getObject("data"));
    REQUIRE_FALSE(outside.empty());
    CHECK(simulator.apiGet("/api/v3/timeentries/" + std::to_string(outside[0]), "entity-two").status == 404);
    CHECK(simulator.apiGet("/api/v3/timeentries/" + std::to_string(outside[0]), "all").status == 200);
}

TEST_CASE("key restricted to owners by control request", "[auth]") {
    SimulatorProcess simulator(unlimited());
    simulator.post("/_sim/keys", R"({"key":"owner-key","principal":"Payroll export","ownerIds":[101,102]})");
    const auto reply = simulator.apiGet("/api/v3/timeentries?fields=id,ownerId&paging=0,10000", "owner-key");
    REQUIRE(reply.status == 200);
    CHECK(reply.json()->getObject("header")->getValue<std::string>("principal") == "Payroll export");
    const auto items = itemsOf(reply.json()->getObject("data"));
    REQUIRE_FALSE(items.empty());
    for (const auto& item : items) {
        const int owner = item->getValue<int>("ownerId");
        CHECK((owner == 101 || owner == 102));
    }
    CHECK(items.size() == fetchIds(simulator, "ownerId=101,102").size());

    simulator.post("/_sim/keys", R"({"key":"owner-key","remove":true})");
    CHECK(simulator.apiGet("/api/v3/timeentries", "owner-key").status == 401);
}

TEST_CASE("rate limit per key", "[auth]") {
    SimulatorProcess simulator({"--rate-limit", "3", "--api-key", "a", "--api-key", "b"});
    for (int i = 0; i < 3; ++i) REQUIRE(simulator.apiGet("/api/v3/timeentries", "a").status == 200);

    const auto limited = simulator.apiGet("/api/v3/timeentries", "a");
    CHECK(limited.status == 429);
    REQUIRE(limited.headers.has("Retry-After"));
    const int retryAfter = std::stoi(limited.headers.get("Retry-After"));
    CHECK(retryAfter >= 1);
    CHECK(retryAfter <= 60);
    CHECK(limited.json()->getValue<int>("Status") == 429);

    // Another key has its own budget.
    CHECK(simulator.apiGet("/api/v3/timeentries", "b").status == 200);

    simulator.setRateLimit(0);
    for (int i = 0; i < 10; ++i) CHECK(simulator.apiGet("/api/v3/timeentries", "a").status == 200);
}

TEST_CASE("rate limit defaults to 50 a minute", "[auth]") {
    SimulatorProcess simulator;
    for (int i = 0; i < 50; ++i) REQUIRE(simulator.apiGet("/api/v3/timeentries?fields=id&paging=0,1").status == 200);
    CHECK(simulator.apiGet("/api/v3/timeentries?fields=id&paging=0,1").status == 429);
}
