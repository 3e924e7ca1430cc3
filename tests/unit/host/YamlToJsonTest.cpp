#include <catch2/catch.hpp>

#include "YamlToJson.h"

using host::ConversionError;

namespace {

std::optional<std::string> lookup(const std::string& name) {
    if (name == "TOKEN") return std::string("abc\"def");
    if (name == "PORT") return std::string("5432");
    return std::nullopt;
}

std::string convert(const std::string& yaml) { return host::yamlToJson(YAML::Load(yaml), lookup); }

}  // namespace

TEST_CASE("plain scalars get JSON types", "[yaml]") {
    CHECK(convert("a: 1") == R"({"a":1})");
    CHECK(convert("a: -17") == R"({"a":-17})");
    CHECK(convert("a: +007") == R"({"a":7})");
    CHECK(convert("a: 0x1F") == R"({"a":31})");
    CHECK(convert("a: 0o17") == R"({"a":15})");
    CHECK(convert("a: 2.5") == R"({"a":2.5})");
    CHECK(convert("a: .5") == R"({"a":0.5})");
    CHECK(convert("a: 1.") == R"({"a":1.0})");
    CHECK(convert("a: 1e3") == R"({"a":1e3})");
    CHECK(convert("a: -1.5E-3") == R"({"a":-1.5E-3})");
    CHECK(convert("a: true") == R"({"a":true})");
    CHECK(convert("a: False") == R"({"a":false})");
    CHECK(convert("a: null") == R"({"a":null})");
    CHECK(convert("a: ~") == R"({"a":null})");
    CHECK(convert("a:") == R"({"a":null})");
    CHECK(convert("a: hello world") == R"({"a":"hello world"})");
}

TEST_CASE("words outside the core schema stay strings", "[yaml]") {
    CHECK(convert("a: yes") == R"({"a":"yes"})");
    CHECK(convert("a: off") == R"({"a":"off"})");
    CHECK(convert("a: .inf") == R"({"a":".inf"})");
    CHECK(convert("a: 1.2.3") == R"({"a":"1.2.3"})");
    CHECK(convert("a: 12:30") == R"({"a":"12:30"})");
}

TEST_CASE("quoted scalars stay strings", "[yaml]") {
    CHECK(convert(R"(a: "1")") == R"({"a":"1"})");
    CHECK(convert("a: 'true'") == R"({"a":"true"})");
    CHECK(convert(R"(a: "null")") == R"({"a":"null"})");
    CHECK(convert("a: !!str 42") == R"({"a":"42"})");
    CHECK(convert(R"(a: "")") == R"({"a":""})");
}

TEST_CASE("mappings and sequences recurse", "[yaml]") {
    CHECK(convert("a: {b: [1, x, {c: null}]}") == R"({"a":{"b":[1,"x",{"c":null}]}})");
    CHECK(convert("list:\n  - 1\n  - two\n") == R"({"list":[1,"two"]})");
    CHECK(convert("z: 1\na: 2\nm: 3") == R"({"z":1,"a":2,"m":3})");
}

TEST_CASE("strings are escaped for JSON", "[yaml]") {
    CHECK(convert(R"(a: "line\nbreak \"q\" \\")") == R"({"a":"line\nbreak \"q\" \\"})");
    CHECK(convert(R"(a: "tab\there")") == R"({"a":"tab\there"})");
}

TEST_CASE("variables expand before typing", "[yaml]") {
    CHECK(convert("port: ${PORT}") == R"({"port":5432})");
    CHECK(convert(R"(port: "${PORT}")") == R"({"port":"5432"})");
    CHECK(convert("token: ${TOKEN}") == R"({"token":"abc\"def"})");
    CHECK(convert("${PORT}: x") == R"({"${PORT}":"x"})");
    CHECK(convert("a: $${PORT}") == R"({"a":"${PORT}"})");
}

TEST_CASE("unset variable names line and column", "[yaml]") {
    try {
        convert("a: 1\nb:\n  c: x-${MISSING}\n");
        FAIL("no exception");
    } catch (const ConversionError& error) {
        CHECK(error.line() == 3);
        CHECK(error.column() == 6);
        CHECK(error.variable() == "MISSING");
        CHECK_THAT(error.what(), Catch::Contains("'MISSING' is not set"));
    }
}

TEST_CASE("duplicate keys are rejected", "[yaml]") {
    try {
        convert("a: 1\na: 2\n");
        FAIL("no exception");
    } catch (const ConversionError& error) {
        CHECK(error.line() == 2);
        CHECK_THAT(error.what(), Catch::Contains("duplicate key 'a'"));
    }
}

TEST_CASE("tag mismatch is rejected", "[yaml]") {
    CHECK_THROWS_WITH(convert("a: !!int abc"), Catch::Contains("does not match its tag"));
    CHECK(convert("a: !!int 12") == R"({"a":12})");
}
