// Filters of GET /api/v3/timeentries, checked against the same predicate
// evaluated here on the full list of live entries.

#include "SimulatorTestHelpers.h"

#include <functional>

using Lucca::Test::fetchAllLive;
using Lucca::Test::fetchIds;
using Lucca::Test::SimulatorProcess;
using Lucca::Test::textOf;
using Item = Poco::JSON::Object::Ptr;

namespace {

struct FilterFixture {
    SimulatorProcess simulator{Lucca::Test::unlimited({"--seed", "7"})};
    std::vector<Item> all = fetchAllLive(simulator);

    std::vector<std::int64_t> expected(const std::function<bool(const Item&)>& predicate) const {
        std::vector<std::int64_t> ids;
        for (const auto& item : all) {
            if (predicate(item)) ids.push_back(item->getValue<std::int64_t>("id"));
        }
        return ids;
    }

    /// Requires the filter to select a non-empty, proper subset equal to the predicate's.
    void check(const std::string& query, const std::function<bool(const Item&)>& predicate) const {
        const auto wanted = expected(predicate);
        INFO("query: " << query);
        REQUIRE_FALSE(wanted.empty());
        REQUIRE(wanted.size() < all.size());
        REQUIRE(fetchIds(simulator, query) == wanted);
    }

    int status(const std::string& query) const {
        return simulator.apiGet("/api/v3/timeentries?" + query).status;
    }
};

std::int64_t intOf(const Item& item, const std::string& name) {
    return item->getValue<std::int64_t>(name);
}

std::int64_t legalEntityOf(const Item& item) {
    return item->getObject("owner")->getValue<std::int64_t>("legalEntityId");
}

}  // namespace

TEST_CASE_METHOD(FilterFixture, "filter equality list", "[filter]") {
    check("ownerId=101,103", [](const Item& i) {
        return intOf(i, "ownerId") == 101 || intOf(i, "ownerId") == 103;
    });
    check("layer=1", [](const Item& i) { return intOf(i, "layer") == 1; });
    check("OwnerID=104", [](const Item& i) { return intOf(i, "ownerId") == 104; });
    check("id=3,5,700", [](const Item& i) {
        const auto id = intOf(i, "id");
        return id == 3 || id == 5 || id == 700;
    });
}

TEST_CASE_METHOD(FilterFixture, "filter notequal list", "[filter]") {
    check("layer=notequal,1", [](const Item& i) { return intOf(i, "layer") != 1; });
    check("ownerId=notequal,101,102", [](const Item& i) {
        return intOf(i, "ownerId") != 101 && intOf(i, "ownerId") != 102;
    });
}

TEST_CASE_METHOD(FilterFixture, "filter null literal", "[filter]") {
    check("timesheetId=notequal,null", [](const Item& i) { return !i->isNull("timesheetId"); });
    check("timesheetId=null", [](const Item& i) { return i->isNull("timesheetId"); });
    check("timeTypeId=null,1", [](const Item& i) {
        return i->isNull("timeTypeId") || intOf(i, "timeTypeId") == 1;
    });
}

TEST_CASE_METHOD(FilterFixture, "filter number comparisons", "[filter]") {
    check("id=greaterthan,100", [](const Item& i) { return intOf(i, "id") > 100; });
    check("id=greaterthanorequal,100", [](const Item& i) { return intOf(i, "id") >= 100; });
    check("id=lessthan,50", [](const Item& i) { return intOf(i, "id") < 50; });
    check("id=lessthanorequal,50", [](const Item& i) { return intOf(i, "id") <= 50; });
    check("ownerId=greaterthan,105", [](const Item& i) { return intOf(i, "ownerId") > 105; });
    check("id=between,10,20", [](const Item& i) {
        return intOf(i, "id") >= 10 && intOf(i, "id") <= 20;
    });
}

TEST_CASE_METHOD(FilterFixture, "filter date operators", "[filter]") {
    // Bounds equal to existing values prove that since, until and between include them.
    const std::string low = textOf(all[100], "startsAt");
    const std::string high = textOf(all[300], "startsAt");
    REQUIRE(low < high);
    check("startsAt=since," + low, [&](const Item& i) { return textOf(i, "startsAt") >= low; });
    check("startsAt=until," + low, [&](const Item& i) { return textOf(i, "startsAt") <= low; });
    check("startsAt=between," + low + "," + high, [&](const Item& i) {
        return textOf(i, "startsAt") >= low && textOf(i, "startsAt") <= high;
    });
    check("startsAt=greaterthan," + low, [&](const Item& i) { return textOf(i, "startsAt") > low; });
    check("startsAt=lessthan," + low, [&](const Item& i) { return textOf(i, "startsAt") < low; });

    const std::string modified = textOf(all[200], "modifiedAt");
    check("modifiedAt=since," + modified,
          [&](const Item& i) { return textOf(i, "modifiedAt") >= modified; });
    check("createdAt=until,2025-10-15", [&](const Item& i) {
        return textOf(i, "createdAt") <= "2025-10-15T00:00:00";
    });
}

TEST_CASE_METHOD(FilterFixture, "filter archived entries", "[filter]") {
    const auto archived = fetchIds(simulator, "archivedAt=notequal,null");
    REQUIRE_FALSE(archived.empty());
    for (const auto id : archived) {
        const auto entry = simulator.get("/_sim/entries/" + std::to_string(id));
        CHECK_FALSE(entry->isNull("archivedAt"));
        CHECK(entry->getValue<std::string>("archivedAt") == entry->getValue<std::string>("modifiedAt"));
    }
    // archivedAt=null selects exactly the live entries, which the plain list shows.
    check("archivedAt=null&id=lessthanorequal,500", [](const Item& i) {
        return i->isNull("archivedAt") && intOf(i, "id") <= 500;
    });
}

TEST_CASE_METHOD(FilterFixture, "filter nested owner property", "[filter]") {
    check("owner.legalEntityId=2", [](const Item& i) { return legalEntityOf(i) == 2; });
    check("owner.legalEntityId=notequal,2", [](const Item& i) { return legalEntityOf(i) != 2; });
    check("owner.id=101", [](const Item& i) { return intOf(i, "ownerId") == 101; });
}

TEST_CASE_METHOD(FilterFixture, "filter duration values", "[filter]") {
    check("duration=00:00:00", [](const Item& i) { return textOf(i, "duration") == "00:00:00"; });
    check("duration=greaterthanorequal,1.00:00:00",
          [](const Item& i) { return textOf(i, "duration") == "1.00:00:00"; });
}

TEST_CASE_METHOD(FilterFixture, "filters are combined with and", "[filter]") {
    check("layer=notequal,1&owner.legalEntityId=1&id=greaterthan,200&timesheetId=notequal,null",
          [](const Item& i) {
              return intOf(i, "layer") != 1 && legalEntityOf(i) == 1 && intOf(i, "id") > 200 &&
                     !i->isNull("timesheetId");
          });
}

TEST_CASE_METHOD(FilterFixture, "filter errors return 400", "[filter]") {
    const char* invalid[] = {
        "limit=10",                        // not a v3 paging parameter: an unknown property
        "page=2",                          // the same
        "unknownProperty=1",
        "ownerId=abc",
        "ownerId=",
        "ownerId=1,,2",
        "startsAt=since,yesterday",
        "startsAt=since,2025-13-01",
        "startsAt=between,2025-10-01",
        "startsAt=between,2025-10-01,2025-10-02,2025-10-03",
        "id=greaterthan",
        "id=greaterthan,null",
        "duration=7h",
        "owner.unknown=1",
        "comment=null",
        "orderby=comment,asc",
    };
    for (const char* query : invalid) {
        const auto reply = simulator.apiGet(std::string("/api/v3/timeentries?") + query);
        INFO("query: " << query << " body: " << reply.body);
        CHECK(reply.status == 400);
        const auto body = reply.json();
        CHECK(body->getValue<int>("Status") == 400);
        CHECK_FALSE(body->getValue<std::string>("Message").empty());
    }
}

TEST_CASE_METHOD(FilterFixture, "filter error names the value", "[filter]") {
    const auto reply = simulator.apiGet("/api/v3/timeentries?ownerId=abc");
    REQUIRE(reply.status == 400);
    const std::string message = reply.json()->getValue<std::string>("Message");
    CHECK(message.find("abc") != std::string::npos);
    CHECK(message.find("ownerId") != std::string::npos);
}
