#include <algorithm>
#include <catch2/catch.hpp>

#include "SecretRedactor.h"
#include "SecretSchema.h"

using host::SecretRedactor;
using host::SecretSchema;

namespace {

const char* const kSchema = R"({
  "type": "object",
  "properties": {
    "url": {"type": "string"},
    "apiKey": {"type": "string", "secret": true},
    "database": {
      "type": "object",
      "properties": {
        "user": {"type": "string"},
        "password": {"type": "string", "secret": true}
      }
    },
    "tokens": {"type": "array", "items": {"type": "string", "secret": true}},
    "accounts": {
      "type": "array",
      "items": {"type": "object", "properties": {"secretKey": {"secret": true}}}
    },
    "headers": {"type": "object", "additionalProperties": {"type": "string", "secret": true}},
    "notSecret": {"type": "string", "secret": false}
  }
})";

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

TEST_CASE("schema finds nested secret paths", "[secrets]") {
    SecretSchema schema = SecretSchema::parse(kSchema);
    const auto& paths = schema.paths();
    using Path = std::vector<std::string>;
    CHECK(std::count(paths.begin(), paths.end(), Path{"apiKey"}) == 1);
    CHECK(std::count(paths.begin(), paths.end(), Path{"database", "password"}) == 1);
    CHECK(std::count(paths.begin(), paths.end(), Path{"tokens", "*"}) == 1);
    CHECK(std::count(paths.begin(), paths.end(), Path{"accounts", "*", "secretKey"}) == 1);
    CHECK(std::count(paths.begin(), paths.end(), Path{"headers", "*"}) == 1);
    CHECK(paths.size() == 5);
}

TEST_CASE("masking replaces secret values only", "[secrets]") {
    SecretSchema schema = SecretSchema::parse(kSchema);
    std::string masked = schema.maskConfig(
        R"({"url":"https://x","apiKey":"k1","database":{"user":"bob","password":"pw"},)"
        R"("tokens":["t1","t2"],"accounts":[{"secretKey":"a1","id":3}],)"
        R"("headers":{"X-Auth":"h1"},"notSecret":"visible"})",
        false);
    CHECK(masked ==
          R"({"url":"https://x","apiKey":"***","database":{"user":"bob","password":"***"},)"
          R"("tokens":["***","***"],"accounts":[{"secretKey":"***","id":3}],)"
          R"("headers":{"X-Auth":"***"},"notSecret":"visible"})");
}

TEST_CASE("masking keeps null and absent secrets", "[secrets]") {
    SecretSchema schema = SecretSchema::parse(kSchema);
    CHECK(schema.maskConfig(R"({"apiKey":null})", false) == R"({"apiKey":null})");
    CHECK(schema.maskConfig(R"({"url":"u"})", false) == R"({"url":"u"})");
}

TEST_CASE("masking hides a whole secret object", "[secrets]") {
    SecretSchema schema =
        SecretSchema::parse(R"({"properties":{"auth":{"type":"object","secret":true}}})");
    CHECK(schema.maskConfig(R"({"auth":{"user":"u","key":"k"}})", false) == R"({"auth":"***"})");
    std::vector<std::string> values = schema.secretValues(R"({"auth":{"user":"u","key":"k"}})");
    CHECK(contains(values, "u"));
    CHECK(contains(values, "k"));
}

TEST_CASE("secret values are collected", "[secrets]") {
    SecretSchema schema = SecretSchema::parse(kSchema);
    std::vector<std::string> values = schema.secretValues(
        R"({"url":"u","apiKey":"k1","database":{"password":"pw"},"tokens":["t1"],"headers":{"A":"h1"}})");
    CHECK(contains(values, "k1"));
    CHECK(contains(values, "pw"));
    CHECK(contains(values, "t1"));
    CHECK(contains(values, "h1"));
    CHECK_FALSE(contains(values, "u"));
}

TEST_CASE("schema without secrets masks nothing", "[secrets]") {
    SecretSchema schema = SecretSchema::parse(R"({"type":"object"})");
    CHECK(schema.paths().empty());
    CHECK(schema.maskConfig(R"({"a":1})", false) == R"({"a":1})");
}

TEST_CASE("invalid schema is rejected", "[secrets]") {
    CHECK_THROWS_WITH(SecretSchema::parse("{not json"), Catch::Contains("not valid JSON"));
    CHECK_THROWS_WITH(SecretSchema::parse("[1]"), Catch::Contains("not a JSON object"));
}

TEST_CASE("redactor masks secrets in text", "[secrets]") {
    SecretRedactor redactor;
    redactor.addSecrets({"hunter2", "", "a\"b"});
    CHECK(redactor.redact("password hunter2 rejected") == "password *** rejected");
    CHECK(redactor.redact("hunter2hunter2") == "******");
    CHECK(redactor.redact(R"({"k":"a\"b"})") == R"({"k":"***"})");
    CHECK(redactor.redact("a\"b") == "***");
    CHECK(redactor.redact("nothing here") == "nothing here");
}

TEST_CASE("redactor masks longer secret first", "[secrets]") {
    SecretRedactor redactor;
    redactor.addSecrets({"abc", "abcdef"});
    CHECK(redactor.redact("xabcdefx") == "x***x");
}
