#include <catch2/catch.hpp>
#include <connector/connector.hpp>
#include <string>
#include <vector>

#include "http/ApiError.h"
#include "sync/PageParser.h"

namespace {

const std::string kItem =
    R"({"id": 12, "ownerId": 5, "owner": {"id": 5, "name": "Zoé Ünal 日本", "legalEntityId": 2},
 "startsAt": "2026-01-05T09:00:00", "endsAt": "2026-01-05T17:00:00", "duration": "08:00:00",
 "unit": 1, "layer": 0, "creationSource": 2, "authorId": 5, "modifierId": 6,
 "createdAt": "2026-01-05T18:00:00.1234567", "modifiedAt": "2026-01-06T08:00:00",
 "archivedAt": null, "axisSections": [{"id": 1}], "comment": {"content": "ok \"quoted\"", "authorId": 5},
 "timeTypeId": null, "timesheetId": 77, "futureField": {"x": [1, 2.50]}})";

std::string page(const std::string& items) {
    return R"({"header": {"generated": "2026-01-06T08:00:00", "principal": "sync"}, "data": {"items": [)" +
           items + "]}}";
}

lucca::ParsedPage parse(std::string body) {
    lucca::PageParser parser;
    return parser.parseItems(body);
}

}  // namespace

TEST_CASE("page parser reads every modelled field", "[parser]") {
    lucca::ParsedPage result = parse(page(kItem));
    REQUIRE(result.ids == std::vector<std::int64_t>{12});
    REQUIRE(result.changes.upserts.size() == 1);
    CHECK(result.changes.deletes.empty());
    const lucca::TimeEntryRow& row = result.changes.upserts[0];
    CHECK(row.id == 12);
    CHECK(row.ownerId == 5);
    CHECK(row.ownerName == std::string("Zoé Ünal 日本"));
    CHECK(row.legalEntityId == 2);
    CHECK(row.startsAt == std::string("2026-01-05T09:00:00"));
    CHECK(row.endsAt == std::string("2026-01-05T17:00:00"));
    CHECK(row.durationSeconds == 28800);
    CHECK(row.unit == 1);
    CHECK(row.layer == 0);
    CHECK(row.creationSource == 2);
    CHECK(row.authorId == 5);
    CHECK(row.modifierId == 6);
    CHECK(row.createdAt == std::string("2026-01-05T18:00:00.1234567"));
    CHECK(row.modifiedAt == std::string("2026-01-06T08:00:00"));
    CHECK(row.comment == std::string("ok \"quoted\""));
    CHECK_FALSE(row.timeTypeId.has_value());
    CHECK(row.timesheetId == 77);
    CHECK(row.json == kItem);
}

TEST_CASE("page parser deletes archived and theoretical", "[parser]") {
    lucca::ParsedPage result = parse(page(
        R"({"id": 1, "archivedAt": "2026-01-06T08:00:00"}, {"id": 2, "layer": 1}, {"id": 3, "layer": 0})"));
    CHECK(result.ids == std::vector<std::int64_t>{1, 2, 3});
    CHECK(result.changes.deletes == std::vector<std::int64_t>{1, 2});
    REQUIRE(result.changes.upserts.size() == 1);
    CHECK(result.changes.upserts[0].id == 3);
}

TEST_CASE("page parser accepts nulls and empty", "[parser]") {
    lucca::ParsedPage result = parse(page(
        R"({"id": 4, "ownerId": null, "owner": null, "duration": null, "comment": null, "startsAt": null})"));
    REQUIRE(result.changes.upserts.size() == 1);
    const lucca::TimeEntryRow& row = result.changes.upserts[0];
    CHECK_FALSE(row.ownerId.has_value());
    CHECK_FALSE(row.ownerName.has_value());
    CHECK_FALSE(row.durationSeconds.has_value());
    CHECK_FALSE(row.comment.has_value());
    CHECK(parse(page("")).ids.empty());
    CHECK(parse(R"({"data": {"items": []}})").ids.empty());
}

TEST_CASE("page parser retries damaged bodies", "[parser]") {
    std::string whole = page(kItem);
    for (std::size_t cut : {std::size_t(0), std::size_t(1), whole.size() / 2, whole.size() - 1}) {
        INFO("cut at " << cut);
        CHECK_THROWS_AS(parse(whole.substr(0, cut)), lucca::DamagedBodyError);
    }
    CHECK_THROWS_AS(parse(whole + "garbage"), lucca::DamagedBodyError);
    CHECK_THROWS_AS(parse("<html>Bad gateway</html>"), lucca::DamagedBodyError);
    CHECK_THROWS_AS(parse(page(R"({"id": 1,})")), lucca::DamagedBodyError);
}

TEST_CASE("page parser checks the values it does not read", "[parser]") {
    // Each body is valid JSON but for one value the parser only skips.
    const std::vector<std::string> bodies = {
        page(R"({"id": 1, "futureField": tru})"),
        page(R"({"id": 1, "futureField": [1 2]})"),
        page(R"({"id": 1, "futureField": {"a": 01}})"),
        page(R"({"id": 1, "futureField": "bad \q escape"})"),
        page(R"({"id": 1, "owner": {"id": 2, "extra": nul}})"),
        page(R"({"id": 1, "comment": {"content": "x", "authorId": -}})"),
        R"({"header": {"principal": fals}, "data": {"items": []}})",
        R"({"header": 1e, "data": {"items": []}})",
        R"({"data": {"count": 1x, "items": []}})",
        R"({"other": [1,,2], "data": {"items": []}})",
    };
    for (const std::string& body : bodies) {
        INFO(body);
        CHECK_THROWS_AS(parse(body), lucca::DamagedBodyError);
    }

    // Nesting beyond 1,024 levels in a skipped value is refused, not followed.
    std::string deep = std::string(5000, '[') + std::string(5000, ']');
    CHECK_THROWS_AS(parse(page(R"({"id": 1, "futureField": )" + deep + "}")),
                    lucca::DamagedBodyError);
    std::string nested = std::string(1000, '[') + std::string(1000, ']');
    CHECK(parse(page(R"({"id": 1, "futureField": )" + nested + "}")).ids.size() == 1);
}

TEST_CASE("page parser checks literals of modelled fields", "[parser]") {
    // A word that starts like null, true or false, or a number that does not
    // parse, is damage even where a value of another type would be a shape
    // error, so no such row reaches the table.
    const std::vector<std::string> bodies = {
        page(R"({"id": 1, "archivedAt": nul})"),
        page(R"({"id": 1, "timesheetId": nope})"),
        page(R"({"id": 1, "comment": nil})"),
        page(R"({"id": 1, "owner": nah})"),
        page(R"({"id": 1, "unit": tru})"),
        page(R"({"id": 1, "unit": 1x})"),
        page(R"({"id": 1, "startsAt": fals})"),
        page("nul"),
        R"({"data": {"items": nul}})",
        R"({"data": tru})",
    };
    for (const std::string& body : bodies) {
        INFO(body);
        CHECK_THROWS_AS(parse(body), lucca::DamagedBodyError);
    }

    // Valid literals of the wrong type stay shape errors.
    CHECK_THROWS_AS(parse(page(R"({"id": 1, "unit": true})")), connector::PermanentError);
    CHECK_THROWS_AS(parse(page(R"({"id": 1, "unit": 1.5})")), connector::PermanentError);
    CHECK_THROWS_AS(parse(page("null")), connector::PermanentError);
}

TEST_CASE("page parser rejects the wrong shape", "[parser]") {
    auto messageOf = [](const std::string& body) -> std::string {
        try {
            parse(body);
        } catch (const connector::PermanentError& error) {
            return error.what();
        }
        return "";
    };
    CHECK(messageOf(R"({"header": {}})").find("missing data") != std::string::npos);
    CHECK(messageOf(R"({"data": {"count": 3}})").find("missing data.items") != std::string::npos);
    CHECK(messageOf(R"({"data": {"items": {}}})").find("data.items: expected an array") !=
          std::string::npos);
    CHECK(messageOf(R"([1, 2])").find("expected a JSON object") != std::string::npos);
    CHECK(messageOf(page(R"({"id": "12"})")).find("data.items[0]: id: expected an integer") !=
          std::string::npos);
    CHECK(messageOf(page(R"({"ownerId": 3})")).find("missing id") != std::string::npos);
    CHECK(messageOf(page(R"({"id": 0})")).find("at least 1") != std::string::npos);
    CHECK(messageOf(page(R"({"id": 1}, {"id": 9, "duration": "8h"})"))
              .find("data.items[1]: (id 9) duration: invalid TimeSpan '8h'") != std::string::npos);
    CHECK(messageOf(page(R"({"id": 1, "owner": {"name": 5}})"))
              .find("owner.name: expected a string") != std::string::npos);
    CHECK(messageOf(page(R"(3)")).find("data.items[0]: expected an object") != std::string::npos);
}

TEST_CASE("count parser", "[parser]") {
    lucca::PageParser parser;
    std::string body = R"({"header": {}, "data": {"count": 12345}})";
    CHECK(parser.parseCount(body) == 12345);
    std::string zero = R"({"data": {"count": 0, "items": []}})";
    CHECK(parser.parseCount(zero) == 0);
    std::string missing = R"({"data": {"items": []}})";
    CHECK_THROWS_AS(parser.parseCount(missing), connector::PermanentError);
    std::string cut = R"({"data": {"count": 12)";
    CHECK_THROWS_AS(parser.parseCount(cut), lucca::DamagedBodyError);
}
