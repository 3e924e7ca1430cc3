// Pages whose body is not JSON, or not all of it. Each is retried, then the
// run fails with a retryable error that gives the reason. The watermark
// stays, and the next clean run converges.
#include <catch2/catch.hpp>

#include "HostileFixture.h"

using namespace lucca::test;

namespace {

void requireRetryableFailure(HostileFixture& fixture, const std::string& expected) {
    CallResult result = fixture.host.run();
    INFO(result.message);
    CHECK(result.code == CONNECTOR_RETRYABLE);
    CHECK(result.message.find("after 4 attempts") != std::string::npos);
    CHECK(result.message.find(expected) != std::string::npos);
    CHECK(lastRunNumber(fixture.host, "all", "retries") == 3);
    fixture.requireWatermarkKept();
    requireNoApiKeyLeak(fixture.host, {result.message});
    fixture.requireConverges();
}

}  // namespace

TEST_CASE("page cut short with a correct length", "[hostile]") {
    HostileFixture fixture;
    std::string page = fixture.firstPageBody();
    fixture.armRaw(page.substr(0, page.size() / 2), "paging");
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("page shorter than its Content-Length", "[hostile]") {
    HostileFixture fixture;
    fixture.simulator.armFault(R"({"kind": "truncate", "query": "paging", "times": 100})");
    requireRetryableFailure(fixture, "truncated body");
}

TEST_CASE("page of invalid JSON", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw(R"({"data": {"items": [{"id": 1,}]}})", "paging");
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("count of invalid JSON", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw(R"({"data": {"count": 12)", "collection.count");
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("count beyond the range of a double", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw(R"({"data": {"count": 1e400}})", "collection.count");
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("HTML error page with status 200", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw(
        "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
        "<body><h1>Bad Gateway</h1></body></html>",
        "paging", 0, 100, 200, "text/html; charset=utf-8");
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("empty body with status 200", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw("", "paging");
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("empty body with status 204", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw("", "paging", 0, 100, 204);
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("invalid UTF-8 in a page", "[hostile]") {
    HostileFixture fixture;
    std::string page = fixture.firstPageBody();
    // A lone continuation byte and a truncated sequence inside a name.
    std::size_t name = page.find("\"name\":\"");
    REQUIRE(name != std::string::npos);
    page.insert(name + 8, "\x80\xc3");
    fixture.armRawBytes(page, "paging");
    requireRetryableFailure(fixture, "UTF-8");
}

TEST_CASE("content after the envelope", "[hostile]") {
    HostileFixture fixture;
    fixture.armRaw(R"({"data": {"items": []}} {"data": {"items": []}})", "paging");
    requireRetryableFailure(fixture, "invalid JSON in the response body");
}

TEST_CASE("unexpected statuses fail at once", "[hostile]") {
    struct Case {
        int status;
        const char* expected;
    };
    for (Case item : {Case{418, "HTTP 418"}, Case{451, "HTTP 451"}, Case{301, "redirect"},
                      Case{300, "redirect"}}) {
        DYNAMIC_SECTION("status " << item.status) {
            HostileFixture fixture;
            fixture.armRaw("I'm a teapot", "paging", 0, 100, item.status, "text/plain");
            CallResult result = fixture.host.run();
            INFO(result.message);
            CHECK(result.code == CONNECTOR_PERMANENT);
            CHECK(result.message.find(item.expected) != std::string::npos);
            CHECK(lastRunNumber(fixture.host, "all", "retries") == 0);
            fixture.requireWatermarkKept();
            fixture.requireConverges();
        }
    }
}
