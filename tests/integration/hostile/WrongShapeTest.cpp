// Valid JSON of the wrong shape: a missing envelope member, or a field of
// the wrong type. A modelled field of the wrong type fails the run at once
// with a permanent error naming the item and the field; an unmodelled one is
// kept as received. Either way the watermark only moves on success and a
// clean run converges.
#include <Poco/JSON/Array.h>

#include <catch2/catch.hpp>
#include <regex>

#include "HostileFixture.h"

using namespace lucca::test;

namespace {

void requirePermanentFailure(HostileFixture& fixture, const std::vector<std::string>& expected) {
    CallResult result = fixture.host.run();
    INFO(result.message);
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find("unexpected response from Lucca") != std::string::npos);
    for (const std::string& text : expected) CHECK(result.message.find(text) != std::string::npos);
    CHECK(lastRunNumber(fixture.host, "all", "retries") == 0);
    fixture.requireWatermarkKept();
    requireNoApiKeyLeak(fixture.host, {result.message});
    fixture.requireConverges();
}

std::int64_t firstItemId(const std::string& page) {
    return parseObject(page)
        ->getObject("data")
        ->getArray("items")
        ->getObject(0)
        ->getValue<std::int64_t>("id");
}

/// Marks entry `id` changed upstream and sets the watermark back, so that
/// the next run replaces its row.
void changeUpstream(HostileFixture& fixture, std::int64_t id) {
    fixture.simulator.post("/_sim/entries/change",
                           "{\"id\": " + std::to_string(id) + ", \"set\": {}}");
    fixture.host.setState("watermark/all", kOldWatermark);
}

/// Returns the first page with `field` of its first item replaced by
/// `value`, JSON text inserted as is (so numbers beyond any parser's range
/// work too). A dotted field names a member of a nested object.
std::string pageWithField(const HostileFixture& fixture, const std::string& field,
                          const std::string& value) {
    const std::string placeholder = "__hostile_value__";
    Poco::JSON::Object::Ptr page = parseObject(fixture.firstPageBody());
    Poco::JSON::Object::Ptr item = page->getObject("data")->getArray("items")->getObject(0);
    std::size_t dot = field.find('.');
    if (dot == std::string::npos) {
        item->set(field, placeholder);
    } else {
        std::string parent = field.substr(0, dot);
        Poco::JSON::Object::Ptr nested = item->isNull(parent) ? nullptr : item->getObject(parent);
        if (!nested) {
            nested = new Poco::JSON::Object;
            item->set(parent, nested);
        }
        nested->set(field.substr(dot + 1), placeholder);
    }
    std::string text = toJson(page);
    text.replace(text.find("\"" + placeholder + "\""), placeholder.size() + 2, value);
    return text;
}

}  // namespace

TEST_CASE("envelope members missing or of the wrong type", "[hostile]") {
    struct Case {
        const char* body;
        const char* query;
        const char* expected;
    };
    const Case cases[] = {
        {R"({"header": {"principal": "x"}})", "paging", "missing data"},
        {R"({"data": {}})", "paging", "missing data.items"},
        {R"({"data": {"items": null}})", "paging", "data.items: expected an array"},
        {R"({"data": [1, 2]})", "paging", "data: expected an object"},
        {R"({"data": {"items": {"id": 1}}})", "paging", "data.items: expected an array"},
        {R"({"data": {"items": [1, 2]}})", "paging", "data.items[0]: expected an object"},
        {R"([{"data": {"items": []}}])", "paging", "expected a JSON object"},
        {R"("data")", "paging", "expected a JSON object"},
        {R"({"data": {}})", "collection.count", "missing data.count"},
        {R"({"data": {"count": "12"}})", "collection.count", "data.count: expected an integer"},
        {R"({"data": {"count": 1.5}})", "collection.count", "data.count: expected an integer"},
    };
    for (const Case& item : cases) {
        DYNAMIC_SECTION(item.query << " body " << item.body) {
            HostileFixture fixture;
            fixture.armRaw(item.body, item.query);
            requirePermanentFailure(fixture, {item.expected});
        }
    }
}

TEST_CASE("modelled fields of the wrong type", "[hostile]") {
    struct Case {
        const char* field;
        const char* value;
        const char* expected;
    };
    const Case cases[] = {
        {"id", R"("7")", "id: expected an integer"},
        {"id", "1.5", "id: expected an integer"},
        {"id", "0", "id: expected an integer of at least 1"},
        {"id", "-3", "id: expected an integer of at least 1"},
        {"id", "null", "id: expected an integer of at least 1"},
        {"id", "9223372036854775808", "id: expected an integer"},
        {"ownerId", R"("101")", "ownerId: expected an integer"},
        {"owner", R"("Zoë")", "owner: expected an object"},
        {"owner.id", "[101]", "owner.id: expected an integer"},
        {"owner.name", "42", "owner.name: expected a string"},
        {"owner.legalEntityId", "true", "owner.legalEntityId: expected an integer"},
        {"startsAt", "20251029", "startsAt: expected a string"},
        {"endsAt", "{}", "endsAt: expected a string"},
        {"duration", "3600", "duration: expected a string"},
        {"duration", R"("1 hour")", "duration: invalid TimeSpan '1 hour'"},
        {"duration", R"("999999999.00:00:00")", "duration: invalid TimeSpan"},
        {"unit", R"("hours")", "unit: expected an integer"},
        {"layer", "false", "layer: expected an integer"},
        {"creationSource", "2.5", "creationSource: expected an integer"},
        {"authorId", "{}", "authorId: expected an integer"},
        {"modifierId", R"("x")", "modifierId: expected an integer"},
        {"createdAt", "1", "createdAt: expected a string"},
        {"modifiedAt", "[]", "modifiedAt: expected a string"},
        {"archivedAt", "0", "archivedAt: expected a string"},
        {"comment", R"("a comment")", "comment: expected an object or null"},
        {"comment.content", "5", "comment.content: expected a string"},
        {"timeTypeId", R"("1")", "timeTypeId: expected an integer"},
        {"timesheetId", "{}", "timesheetId: expected an integer"},
    };
    for (const Case& item : cases) {
        DYNAMIC_SECTION(item.field << " = " << item.value) {
            HostileFixture fixture;
            fixture.armRaw(pageWithField(fixture, item.field, item.value), "paging");
            requirePermanentFailure(fixture, {"data.items[0]: ", item.expected});
        }
    }
}

TEST_CASE("unmodelled fields of any type are kept", "[hostile]") {
    // Fields the table does not model live only in raw_json, so any type is
    // stored as received; the next change of the entry replaces them.
    for (const char* field : {"axisSections", "externalData", "name", "url", "newField"}) {
        DYNAMIC_SECTION("field " << field) {
            HostileFixture fixture;
            std::string page = pageWithField(fixture, field, R"({"odd": [1, "two", null]})");
            std::int64_t id = firstItemId(page);
            fixture.armRaw(page, "paging", 0, 1);
            CallResult result = fixture.host.run();
            INFO(result.message);
            REQUIRE(result.code == CONNECTOR_OK);
            bool stored = false;
            for (const lucca::TimeEntryRow& row :
                 lucca::openDestination(fixture.destination.config)->readAll()) {
                if (row.id == id) {
                    stored = row.json.find(R"({"odd": [1, "two", null]})") != std::string::npos;
                }
            }
            CHECK(stored);

            changeUpstream(fixture, id);
            fixture.requireConverges();
        }
    }
}

TEST_CASE("date-time text that is not a date", "[hostile]") {
    // The connector stores date-times as received, so the destination
    // decides: SQLite keeps the text, PostgreSQL rejects it.
    HostileFixture fixture;
    std::string page = pageWithField(fixture, "startsAt", R"("not a date")");
    fixture.armRaw(page, "paging", 0, 1);
    CallResult result = fixture.host.run();
    INFO(result.message);
    CHECK(result.code == CONNECTOR_OK);
    changeUpstream(fixture, firstItemId(page));
    fixture.requireConverges();
}

TEST_CASE("date-time text that is not a date, PostgreSQL", "[hostile][postgres]") {
    HostileFixture fixture(Backend::PostgreSQL);
    fixture.armRaw(pageWithField(fixture, "startsAt", R"("not a date")"), "paging", 0, 1);
    CallResult result = fixture.host.run();
    INFO(result.message);
    // The value fails every retry until the entry changes upstream.
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find("destination: failed to write a page") != std::string::npos);
    CHECK(result.message.find("not a date") != std::string::npos);
    fixture.requireWatermarkKept();
    fixture.requireConverges();
}

TEST_CASE("whitespace between items is not stored", "[hostile]") {
    // A pretty-printing server puts line breaks between items; each row's
    // JSON must still be the item alone, byte for byte.
    HostileFixture fixture;
    std::string page = fixture.firstPageBody();
    // Items start with id then ownerId; axis sections start with id then name.
    std::string spaced =
        std::regex_replace(page, std::regex(R"(\},(\{"id":[0-9]+,"ownerId"))"), "}\n\t \r\n,$1");
    REQUIRE(spaced.size() > page.size());
    fixture.armRaw(spaced, "paging", 0, 1);
    CallResult result = fixture.host.run();
    INFO(result.message);
    REQUIRE(result.code == CONNECTOR_OK);
    for (const lucca::TimeEntryRow& row :
         lucca::openDestination(fixture.destination.config)->readAll()) {
        INFO("entry " << row.id);
        CHECK(row.json.back() == '}');
    }
    fixture.simulator.clearFaults();
    requireTableMatchesTruth(fixture.simulator, fixture.destination);
}
