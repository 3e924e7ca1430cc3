// Field selection, counting, paging, ordering and the serialisation of values.

#include "SimulatorTestHelpers.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <algorithm>
#include <regex>
#include <set>

using namespace Lucca::Test;
using Item = Poco::JSON::Object::Ptr;

namespace {

std::set<std::string> keysOf(const Item& object) {
    std::set<std::string> keys;
    for (const auto& member : *object) keys.insert(member.first);
    return keys;
}

int fractionDigits(const std::string& dateTime) {
    const std::size_t dot = dateTime.find('.');
    return dot == std::string::npos ? 0 : static_cast<int>(dateTime.size() - dot - 1);
}

}  // namespace

TEST_CASE("fields default to id, name and url", "[fields]") {
    SimulatorProcess simulator(unlimited());
    const auto items = itemsOf(fetchData(simulator, "paging=0,5"));
    REQUIRE(items.size() == 5);
    for (const auto& item : items) {
        CHECK(keysOf(item) == std::set<std::string>{"id", "name", "url"});
        const std::string url = item->getValue<std::string>("url");
        CHECK(url == simulator.httpUrl() + "/api/v3/timeentries/" + std::to_string(item->getValue<int>("id")));
    }
}

TEST_CASE("fields select nested owner properties", "[fields]") {
    SimulatorProcess simulator(unlimited());
    const auto items = itemsOf(fetchData(simulator, "paging=0,5&fields=id,owner[id,name,legalEntityId]"));
    REQUIRE(items.size() == 5);
    for (const auto& item : items) {
        CHECK(keysOf(item) == std::set<std::string>{"id", "owner"});
        const auto owner = item->getObject("owner");
        CHECK(keysOf(owner) == std::set<std::string>{"id", "name", "legalEntityId"});
        CHECK(owner->getValue<int>("legalEntityId") >= 1);
    }
}

TEST_CASE("fields accept dotted paths and any case", "[fields]") {
    SimulatorProcess simulator(unlimited());
    const auto items = itemsOf(fetchData(simulator, "paging=0,3&fields=ID,Owner.NAME,owner.Id,MODIFIEDAT"));
    REQUIRE(items.size() == 3);
    for (const auto& item : items) {
        CHECK(keysOf(item) == std::set<std::string>{"id", "owner", "modifiedAt"});
        CHECK(keysOf(item->getObject("owner")) == std::set<std::string>{"id", "name"});
    }
    const auto comments = itemsOf(fetchData(simulator, "paging=0,50&fields=comment[content]&layer=0"));
    int withComment = 0;
    for (const auto& item : comments) {
        if (item->isNull("comment")) continue;
        ++withComment;
        CHECK(keysOf(item->getObject("comment")) == std::set<std::string>{"content"});
    }
    CHECK(withComment > 0);
}

TEST_CASE("fields with every property", "[fields]") {
    SimulatorProcess simulator(unlimited());
    const auto items = itemsOf(fetchData(simulator, "paging=0,1&fields=" + allFields));
    REQUIRE(items.size() == 1);
    CHECK(keysOf(items[0]) ==
          std::set<std::string>{"id", "name", "url", "ownerId", "owner", "startsAt", "endsAt",
                                "duration", "unit", "layer", "creationSource", "authorId",
                                "modifierId", "createdAt", "modifiedAt", "archivedAt",
                                "axisSections", "comment", "timeTypeId", "timesheetId",
                                "externalData"});
    // externalData stands for properties a client does not model and must keep.
    const auto external = items[0]->getObject("externalData");
    CHECK(external->getValue<std::string>("origin") == "lucca-simulator");
    CHECK(external->getValue<int>("revision") >= 1);
}

TEST_CASE("fields errors return 400", "[fields]") {
    SimulatorProcess simulator(unlimited());
    for (const char* fields : {"id,unknown", "owner[unknown]", "id[sub]", "owner[id", "id,,name",
                               "collection.size", "owner]"}) {
        const auto reply = simulator.apiGet(std::string("/api/v3/timeentries?fields=") + fields);
        INFO("fields: " << fields << " body: " << reply.body);
        CHECK(reply.status == 400);
        CHECK(reply.json()->getValue<int>("Status") == 400);
    }
}

TEST_CASE("collection count alone has no items", "[fields]") {
    SimulatorProcess simulator(unlimited());
    const auto live = fetchIds(simulator, "");
    const auto data = fetchData(simulator, "fields=collection.count");
    CHECK(keysOf(data) == std::set<std::string>{"count"});
    CHECK(data->getValue<std::size_t>("count") == live.size());

    const auto filtered = fetchData(simulator, "fields=collection.count&ownerId=101&layer=notequal,1");
    CHECK(filtered->getValue<std::size_t>("count") == fetchIds(simulator, "ownerId=101&layer=notequal,1").size());
}

TEST_CASE("collection count ignores paging", "[fields][paging]") {
    SimulatorProcess simulator(unlimited());
    const auto live = fetchIds(simulator, "");
    const auto data = fetchData(simulator, "fields=id,collection.count&paging=10,5");
    CHECK(data->getValue<std::size_t>("count") == live.size());
    CHECK(idsOf(data) == std::vector<std::int64_t>(live.begin() + 10, live.begin() + 15));
}

TEST_CASE("paging defaults to 0,1000", "[paging]") {
    SimulatorProcess simulator(unlimited({"--entries", "1500"}));
    const auto ids = idsOf(fetchData(simulator, "fields=id"));
    CHECK(ids.size() == 1000);
    CHECK(ids.front() == fetchIds(simulator, "").front());
}

TEST_CASE("paging edges", "[paging]") {
    SimulatorProcess simulator(unlimited({"--max-page-size", "50"}));
    const auto live = fetchData(simulator, "fields=collection.count")->getValue<std::int64_t>("count");

    SECTION("limit at the maximum") {
        CHECK(idsOf(fetchData(simulator, "fields=id&paging=0,50")).size() == 50);
    }
    SECTION("offset past the end gives an empty page") {
        const auto data = fetchData(simulator, "fields=id,collection.count&paging=" + std::to_string(live + 10) + ",20");
        CHECK(idsOf(data).empty());
        CHECK(data->getValue<std::int64_t>("count") == live);
    }
    SECTION("last partial page") {
        CHECK(idsOf(fetchData(simulator, "fields=id&paging=" + std::to_string(live - 3) + ",20")).size() == 3);
    }
    SECTION("invalid paging is rejected") {
        for (const char* paging : {"0,51", "0,0", "-1,10", "abc", "10", "0,10,5", "0,", ",10", "0,1.5"}) {
            const auto reply = simulator.apiGet(std::string("/api/v3/timeentries?paging=") + paging);
            INFO("paging: " << paging);
            CHECK(reply.status == 400);
            CHECK(reply.json()->getValue<int>("Status") == 400);
        }
    }
}

TEST_CASE("pages in id order cover every entry once", "[paging]") {
    SimulatorProcess simulator(unlimited());
    const auto all = fetchIds(simulator, "");
    std::vector<std::int64_t> paged;
    for (std::size_t offset = 0;; offset += 37) {
        const auto ids = idsOf(fetchData(simulator, "fields=id&orderby=id,asc&paging=" + std::to_string(offset) + ",37"));
        if (ids.empty()) break;
        paged.insert(paged.end(), ids.begin(), ids.end());
    }
    CHECK(paged == all);
}

TEST_CASE("orderby id and date fields", "[paging]") {
    SimulatorProcess simulator(unlimited());
    auto ascending = fetchIds(simulator, "");
    const auto descending = idsOf(fetchData(simulator, "fields=id&orderby=id,desc&paging=0,10000"));
    std::reverse(ascending.begin(), ascending.end());
    CHECK(descending == ascending);

    const auto items = itemsOf(fetchData(simulator, "fields=id,modifiedAt&orderby=modifiedAt,desc&paging=0,10000"));
    REQUIRE(items.size() > 100);
    for (std::size_t i = 1; i < items.size(); ++i) {
        const auto previous = textOf(items[i - 1], "modifiedAt");
        const auto current = textOf(items[i], "modifiedAt");
        REQUIRE(previous >= current);
        if (previous == current) {
            REQUIRE(items[i - 1]->getValue<std::int64_t>("id") < items[i]->getValue<std::int64_t>("id"));
        }
    }
    const auto byStart = itemsOf(fetchData(simulator, "fields=id,startsAt&orderby=startsAt,asc&paging=0,10000"));
    for (std::size_t i = 1; i < byStart.size(); ++i) {
        REQUIRE(textOf(byStart[i - 1], "startsAt") <= textOf(byStart[i], "startsAt"));
    }
}

TEST_CASE("values use the API text formats", "[fields]") {
    SimulatorProcess simulator(unlimited());
    const auto items = fetchAllLive(simulator);
    const std::regex duration(R"(^(\d+\.)?\d\d:\d\d:\d\d$)");
    const std::regex dateTime(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?$)");
    std::set<int> digitCounts;
    int zeroDurations = 0, fullDays = 0, theoretical = 0, submitted = 0, withAxes = 0, emptyAxes = 0;
    for (const auto& item : items) {
        const std::string text = textOf(item, "duration");
        REQUIRE(std::regex_match(text, duration));
        // The longest duration is one day; anything with a day part must be exactly that.
        if (text.find('.') != std::string::npos) REQUIRE(text == "1.00:00:00");
        zeroDurations += text == "00:00:00";
        fullDays += text == "1.00:00:00";
        for (const char* name : {"startsAt", "endsAt", "createdAt", "modifiedAt"}) {
            REQUIRE(std::regex_match(textOf(item, name), dateTime));
        }
        digitCounts.insert(fractionDigits(textOf(item, "createdAt")));
        digitCounts.insert(fractionDigits(textOf(item, "modifiedAt")));
        theoretical += item->getValue<int>("layer") == 1;
        submitted += !item->isNull("timesheetId");
        const auto axes = item->getArray("axisSections");
        REQUIRE(axes);
        (axes->size() == 0 ? emptyAxes : withAxes) += 1;
    }
    CHECK(zeroDurations > 0);
    CHECK(fullDays > 0);
    CHECK(theoretical > 0);
    CHECK(submitted > 0);
    CHECK(withAxes > 0);
    CHECK(emptyAxes > 0);
    for (int digits = 0; digits <= 7; ++digits) CHECK(digitCounts.count(digits) == 1);
}

TEST_CASE("text passes through as UTF-8 and is escaped", "[fields]") {
    SimulatorProcess simulator(unlimited({"--seed", "3"}));
    const auto reply = simulator.apiGet("/api/v3/timeentries?paging=0,10000&fields=id,owner[name],comment");
    REQUIRE(reply.status == 200);
    // Non-ASCII text is sent as raw UTF-8, not as \u escapes.
    const bool nonAscii = std::any_of(reply.body.begin(), reply.body.end(),
                                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    CHECK(nonAscii);
    CHECK(reply.body.find("\\u00e9") == std::string::npos);

    bool quoted = false, emoji = false;
    for (const auto& item : itemsOf(reply.json()->getObject("data"))) {
        if (item->isNull("comment")) continue;
        const std::string content = item->getObject("comment")->getValue<std::string>("content");
        quoted = quoted || content == "Correction d'une \"erreur\" de saisie\\ligne 2\nsuite à l'audit";
        emoji = emoji || content.find("\xF0\x9F") != std::string::npos;
    }
    CHECK(quoted);
    CHECK(emoji);
}

TEST_CASE("paging maximum defaults to 10000", "[paging]") {
    // About 2% of generated entries are archived and hidden, so generate enough for a full page.
    SimulatorProcess simulator(unlimited({"--entries", "10600"}));
    CHECK(idsOf(fetchData(simulator, "fields=id&paging=0,10000")).size() == 10000);
    CHECK(simulator.apiGet("/api/v3/timeentries?paging=0,10001").status == 400);
    const auto tail = fetchData(simulator, "fields=id,collection.count&paging=10000,10000");
    CHECK(tail->getValue<std::int64_t>("count") == static_cast<std::int64_t>(10000 + idsOf(tail).size()));
}

TEST_CASE("single entry by id", "[fields]") {
    SimulatorProcess simulator(unlimited());
    const auto live = fetchIds(simulator, "");
    const auto reply = simulator.apiGet("/api/v3/timeentries/" + std::to_string(live[3]) + "?fields=id,duration");
    REQUIRE(reply.status == 200);
    const auto data = reply.json()->getObject("data");
    CHECK(keysOf(data) == std::set<std::string>{"id", "duration"});
    CHECK(data->getValue<std::int64_t>("id") == live[3]);

    CHECK(simulator.apiGet("/api/v3/timeentries/99999999").status == 404);
    CHECK(simulator.apiGet("/api/v3/timeentries/abc").status == 400);
    CHECK(simulator.apiGet("/api/v3/users").status == 404);
}

TEST_CASE("only GET is allowed", "[fields]") {
    SimulatorProcess simulator(unlimited());
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(simulator.httpPort()));
    Poco::Net::HTTPRequest request("DELETE", "/api/v3/timeentries/1", Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", std::string("lucca application=") + SimulatorProcess::DemoApiKey);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    session.receiveResponse(response).ignore(1 << 20);
    CHECK(response.getStatus() == 405);
}

TEST_CASE("responses without the header", "[fields]") {
    SimulatorProcess plain(unlimited());
    const HttpReply withHeader = plain.apiGet("/api/v3/timeentries?fields=collection.count");
    REQUIRE(withHeader.status == 200);
    CHECK(withHeader.json()->has("header"));

    SimulatorProcess simulator(unlimited({"--no-header"}));
    const HttpReply reply = simulator.apiGet("/api/v3/timeentries?fields=id&paging=0,3");
    REQUIRE(reply.status == 200);
    const auto body = reply.json();
    CHECK_FALSE(body->has("header"));
    CHECK(body->getObject("data")->getArray("items")->size() == 3);
}
