// Pages that break the paging contract: ids out of order or repeated, more
// items than asked for, a count that does not match, a server that never
// sends a short page. None of them loops, crashes or moves the watermark.
#include <Poco/JSON/Array.h>

#include <catch2/catch.hpp>
#include <climits>

#include "HostileFixture.h"

using namespace lucca::test;

namespace {

Poco::JSON::Array::Ptr itemsOf(const Poco::JSON::Object::Ptr& page) {
    return page->getObject("data")->getArray("items");
}

void requirePagingFailure(HostileFixture& fixture, const std::string& expected) {
    CallResult result = fixture.host.run();
    INFO(result.message);
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find(expected) != std::string::npos);
    fixture.requireWatermarkKept();
    fixture.requireConverges();
}

}  // namespace

TEST_CASE("ids in descending order", "[hostile]") {
    HostileFixture fixture;
    Poco::JSON::Object::Ptr page = parseObject(fixture.firstPageBody());
    Poco::JSON::Array::Ptr items = itemsOf(page);
    Poco::JSON::Array::Ptr reversed = new Poco::JSON::Array;
    for (std::size_t i = items->size(); i > 0; --i) reversed->add(items->get(i - 1));
    page->getObject("data")->set("items", reversed);
    fixture.armRaw(toJson(page), "paging");
    requirePagingFailure(fixture, "the server did not sort by id or ignored the id filter");
}

TEST_CASE("id repeated within a page", "[hostile]") {
    HostileFixture fixture;
    Poco::JSON::Object::Ptr page = parseObject(fixture.firstPageBody());
    Poco::JSON::Array::Ptr items = itemsOf(page);
    items->set(1, items->get(0));
    std::string firstId = std::to_string(items->getObject(0)->getValue<std::int64_t>("id"));
    fixture.armRaw(toJson(page), "paging");
    requirePagingFailure(fixture, "id " + firstId + " follows id " + firstId);
}

TEST_CASE("page repeated as the next page", "[hostile]") {
    // A server that ignores the id filter sends page 1 again.
    HostileFixture fixture;
    fixture.armRaw(fixture.firstPageBody(), "paging", 1);
    requirePagingFailure(fixture, "page 2: id ");
}

TEST_CASE("page larger than asked for", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw(fixture.firstPageBody(kPageSize + 1), "paging");
    requirePagingFailure(fixture, "the server returned 21 items for a page of 20");
}

TEST_CASE("count that does not match the pages", "[hostile]") {
    // The count only feeds progress and a bound on the number of pages, so
    // any value is tolerated: the pages decide.
    for (const char* count :
         {"0", "1", "-5", "1000000", "9223372036854775807", "-9223372036854775808"}) {
        DYNAMIC_SECTION("count " << count) {
            HostileFixture fixture;
            fixture.armRaw(std::string(R"({"data": {"count": )") + count + "}}",
                           "collection.count");
            CallResult result = fixture.host.run();
            INFO(result.message);
            REQUIRE(result.code == CONNECTOR_OK);
            CHECK(fixture.host.stateValue("watermark/all") != kOldWatermark);
            requireTableMatchesTruth(fixture.simulator, fixture.destination);
        }
    }
}

TEST_CASE("server that never sends a short page", "[hostile]") {
    // With a count of 0 the connector allows 2 * (0 / 20 + 1) + 100 = 102
    // pages. Each raw fault below fires once, on the next page request, with
    // a full page of ids above the previous ones.
    HostileFixture fixture;
    fixture.armRaw(R"({"data": {"count": 0}})", "collection.count", 0, 1);
    const int pages = 110;
    for (int page = 0; page < pages; ++page) {
        Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
        for (int i = 1; i <= kPageSize; ++i) {
            Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
            item->set("id", 1000000 + page * kPageSize + i);
            item->set("layer", 1);
            items->add(item);
        }
        fixture.armRaw("{\"data\": {\"items\": " + toJson(items) + "}}", "paging", page, 1);
    }
    requirePagingFailure(fixture, "more than 102 pages for 0 entries");
}

TEST_CASE("huge count with small pages", "[hostile]") {
    // The page bound 2 * (count / pageSize + 1) + 100 must not overflow
    // when a hostile count is near the 64-bit maximum.
    for (int pageSize : {1, 2, 3}) {
        DYNAMIC_SECTION("page size " << pageSize) {
            HostileFixture fixture;
            REQUIRE(fixture.host
                        .configure(connectorConfig(fixture.simulator.httpUrl(), fixture.destination,
                                                   "\"pageSize\": " + std::to_string(pageSize)))
                        .code == CONNECTOR_OK);
            fixture.armRaw(R"({"data": {"count": 9223372036854775807}})", "collection.count");
            CallResult result = fixture.host.run();
            INFO(result.message);
            REQUIRE(result.code == CONNECTOR_OK);
            requireTableMatchesTruth(fixture.simulator, fixture.destination);
        }
    }
}
