// Very large strings and pages: stored as received, or rejected cleanly.
#include <Poco/JSON/Array.h>

#include <catch2/catch.hpp>

#include "HostileFixture.h"

using namespace lucca::test;

TEST_CASE("comment of several megabytes", "[hostile]") {
    HostileFixture fixture;
    // 6 MB of text with multi-byte characters and escapes.
    std::string comment;
    while (comment.size() < 6 * 1024 * 1024) comment += "Réunion \"client\" ☕\\ ligne\n";
    Poco::JSON::Object entry;
    entry.set("ownerId", 101);
    entry.set("startsAt", "2025-10-30T09:00:00");
    entry.set("endsAt", "2025-10-30T10:00:00");
    entry.set("duration", "01:00:00");
    entry.set("comment", comment);
    Poco::JSON::Object::Ptr created = fixture.simulator.post("/_sim/entries", entry);
    REQUIRE(created->getArray("created")->size() == 1);
    fixture.requireConverges();
}

TEST_CASE("unknown field of several megabytes", "[hostile]") {
    HostileFixture fixture;
    Poco::JSON::Object::Ptr page = parseObject(fixture.firstPageBody());
    Poco::JSON::Object::Ptr item = page->getObject("data")->getArray("items")->getObject(0);
    item->set("attachment", std::string(8 * 1024 * 1024, 'x'));
    std::int64_t id = item->getValue<std::int64_t>("id");
    fixture.armRaw(toJson(page), "paging", 0, 1);
    CallResult result = fixture.host.run();
    INFO(result.message);
    REQUIRE(result.code == CONNECTOR_OK);
    bool stored = false;
    for (const lucca::TimeEntryRow& row :
         lucca::openDestination(fixture.destination.config)->readAll()) {
        if (row.id == id) stored = row.json.size() > 8 * 1024 * 1024;
    }
    CHECK(stored);
    fixture.host.setState("watermark/all", kOldWatermark);
    fixture.requireConverges();
}

TEST_CASE("deeply nested unknown field", "[hostile]") {
    // simdjson limits nesting depth; a deeper body is damaged JSON.
    HostileFixture fixture;
    std::string page = fixture.firstPageBody();
    std::size_t firstItem = page.find("{\"id\":");
    REQUIRE(firstItem != std::string::npos);
    page.insert(firstItem + 1,
                "\"nested\":" + std::string(5000, '[') + std::string(5000, ']') + ",");
    fixture.armRaw(page, "paging");
    CallResult result = fixture.host.run();
    INFO(result.message);
    CHECK(result.code == CONNECTOR_RETRYABLE);
    CHECK(result.message.find("invalid JSON in the response body") != std::string::npos);
    fixture.requireWatermarkKept();
    fixture.requireConverges();
}
