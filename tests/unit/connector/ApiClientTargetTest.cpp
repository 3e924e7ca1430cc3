#include <catch2/catch.hpp>

#include "RecordingHost.h"
#include "config/ConnectorConfig.h"
#include "http/ApiClient.h"
#include "http/QueryString.h"
#include "http/SecretScrubber.h"

namespace {

lucca::ConnectorConfig configFor(const std::string& baseUrl) {
    return lucca::parseConnectorConfig(
        R"({"baseUrl": ")" + baseUrl +
        R"(", "apiKey": "k", "destination": {"type": "sqlite", "path": "a.db"}})");
}

}  // namespace

TEST_CASE("percent encoding of query values", "[url]") {
    CHECK(lucca::percentEncode("notequal,1") == "notequal,1");
    CHECK(lucca::percentEncode("since,2026-10-25T02:50:00") == "since,2026-10-25T02:50:00");
    CHECK(lucca::percentEncode("owner[id,name]") == "owner%5Bid,name%5D");
    CHECK(lucca::percentEncode("a b&c=d+e#f?g%") == "a%20b%26c%3Dd%2Be%23f%3Fg%25");
    CHECK(lucca::percentEncode("Zoé") == "Zo%C3%A9");
    CHECK(lucca::percentEncode("owner.legalEntityId") == "owner.legalEntityId");
}

TEST_CASE("query string building", "[url]") {
    CHECK(lucca::buildQuery({{"layer", "notequal,1"}, {"fields", "owner[id]"}}) ==
          "layer=notequal,1&fields=owner%5Bid%5D");
    CHECK(lucca::buildQuery({}).empty());
}

TEST_CASE("request target with and without trailing slash", "[url]") {
    lucca::test::RecordingHost host;
    std::vector<lucca::QueryParameter> query{{"paging", "0,10"}};
    for (const char* url : {"https://example.ilucca.net", "https://example.ilucca.net/"}) {
        lucca::ApiClient client(configFor(url), host.host());
        CHECK(client.target(query) == "/api/v3/timeentries?paging=0,10");
    }
    for (const char* url : {"http://127.0.0.1:8080/lucca", "http://127.0.0.1:8080/lucca/"}) {
        lucca::ApiClient client(configFor(url), host.host());
        CHECK(client.target(query) == "/lucca/api/v3/timeentries?paging=0,10");
    }
}

TEST_CASE("secret scrubbing", "[url]") {
    CHECK(lucca::scrubSecret("key abc and abc", "abc") == "key *** and ***");
    CHECK(lucca::scrubSecret("nothing", "") == "nothing");
    CHECK(lucca::scrubSecret("aaaa", "aa") == "******");
}
