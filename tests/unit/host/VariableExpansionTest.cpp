#include <catch2/catch.hpp>
#include <map>

#include "VariableExpansion.h"

using host::expandVariables;
using host::VariableError;

namespace {

host::VariableLookup lookupIn(std::map<std::string, std::string> variables) {
    return [variables](const std::string& name) -> std::optional<std::string> {
        auto found = variables.find(name);
        if (found == variables.end()) return std::nullopt;
        return found->second;
    };
}

}  // namespace

TEST_CASE("expansion replaces references", "[variables]") {
    auto lookup = lookupIn({{"HOST", "db1"}, {"PORT", "5432"}, {"EMPTY", ""}});
    CHECK(expandVariables("${HOST}:${PORT}", lookup) == "db1:5432");
    CHECK(expandVariables("plain text", lookup) == "plain text");
    CHECK(expandVariables("[${EMPTY}]", lookup) == "[]");
    CHECK(expandVariables("", lookup) == "");
}

TEST_CASE("expansion keeps lone dollars and escapes", "[variables]") {
    auto lookup = lookupIn({{"A", "x"}});
    CHECK(expandVariables("cost $5", lookup) == "cost $5");
    CHECK(expandVariables("$${A}", lookup) == "${A}");
    CHECK(expandVariables("$$${A}", lookup) == "$${A}");
    CHECK(expandVariables("end$", lookup) == "end$");
    CHECK(expandVariables("$A", lookup) == "$A");
}

TEST_CASE("expansion does not rescan values", "[variables]") {
    auto lookup = lookupIn({{"A", "${B}"}, {"B", "no"}});
    CHECK(expandVariables("${A}", lookup) == "${B}");
}

TEST_CASE("expansion rejects unset variable", "[variables]") {
    auto lookup = lookupIn({});
    try {
        expandVariables("key=${API_KEY}", lookup);
        FAIL("no exception");
    } catch (const VariableError& error) {
        CHECK(error.variable() == "API_KEY");
        CHECK_THAT(error.what(), Catch::Contains("'API_KEY' is not set"));
    }
}

TEST_CASE("expansion rejects malformed references", "[variables]") {
    auto lookup = lookupIn({{"A", "x"}});
    CHECK_THROWS_WITH(expandVariables("${A", lookup), Catch::Contains("unterminated"));
    CHECK_THROWS_WITH(expandVariables("${}", lookup), Catch::Contains("invalid variable name"));
    CHECK_THROWS_WITH(expandVariables("${1A}", lookup), Catch::Contains("invalid variable name"));
    CHECK_THROWS_WITH(expandVariables("${A-B}", lookup), Catch::Contains("'A-B'"));
}
