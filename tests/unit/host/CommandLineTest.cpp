#include <catch2/catch.hpp>
#include <vector>

#include "CommandLine.h"
#include "HostError.h"

using host::CommandLine;
using host::UsageError;

namespace {

CommandLine parse(std::vector<const char*> arguments) {
    arguments.insert(arguments.begin(), "connector-host");
    return host::parseCommandLine(static_cast<int>(arguments.size()), arguments.data());
}

}  // namespace

TEST_CASE("command line reads run with step", "[cli]") {
    CommandLine line = parse({"run", "p.yaml", "--step", "sync"});
    CHECK(line.command == "run");
    CHECK(line.arguments == std::vector<std::string>{"p.yaml"});
    CHECK(line.stepName == "sync");
}

TEST_CASE("command line takes options anywhere", "[cli]") {
    CommandLine line =
        parse({"--log-level=debug", "--plugin-dir", "/p", "status", "--json", "p.yaml"});
    CHECK(line.command == "status");
    CHECK(line.logLevel == host::LogLevel::Debug);
    CHECK(line.pluginDir == "/p");
    CHECK(line.json);
}

TEST_CASE("command line reads state actions", "[cli]") {
    CommandLine line = parse({"state", "set", "p.yaml", "sync", "key", "--", "-value"});
    CHECK(line.arguments == std::vector<std::string>{"set", "p.yaml", "sync", "key", "-value"});
    CHECK_NOTHROW(parse({"state", "list", "p.yaml"}));
    CHECK_NOTHROW(parse({"state", "list", "p.yaml", "sync"}));
    CHECK_THROWS_AS(parse({"state", "get", "p.yaml", "sync"}), UsageError);
    CHECK_THROWS_WITH(parse({"state", "drop", "p.yaml"}),
                      Catch::Contains("list, get, set or delete"));
}

TEST_CASE("command line rejects misuse", "[cli]") {
    CHECK_THROWS_WITH(parse({}), Catch::Contains("missing command"));
    CHECK_THROWS_WITH(parse({"launch", "p.yaml"}), Catch::Contains("unknown command 'launch'"));
    CHECK_THROWS_WITH(parse({"run"}), Catch::Contains("wrong number of arguments"));
    CHECK_THROWS_WITH(parse({"run", "a.yaml", "b.yaml"}), Catch::Contains("wrong number"));
    CHECK_THROWS_WITH(parse({"run", "p.yaml", "--json"}), Catch::Contains("no option --json"));
    CHECK_THROWS_WITH(parse({"run", "p.yaml", "--bogus"}), Catch::Contains("unknown option"));
    CHECK_THROWS_WITH(parse({"run", "p.yaml", "--step"}), Catch::Contains("needs a value"));
    CHECK_THROWS_WITH(parse({"--log-level", "loud", "run", "p.yaml"}),
                      Catch::Contains("invalid --log-level 'loud'"));
}

TEST_CASE("command line help needs no arguments", "[cli]") {
    CHECK(parse({"--help"}).help);
    CommandLine line = parse({"run", "--help"});
    CHECK(line.help);
    CHECK(line.command == "run");
}

TEST_CASE("help describes every option", "[cli]") {
    std::string program = host::helpText("");
    for (const char* text :
         {"--log-level", "--plugin-dir", "CONNECTOR_PLUGIN_PATH", "Exit codes"}) {
        CHECK_THAT(program, Catch::Contains(text));
    }
    CHECK_THAT(host::helpText("run"), Catch::Contains("--step NAME"));
    CHECK_THAT(host::helpText("validate"), Catch::Contains("--show-config"));
    CHECK_THAT(host::helpText("status"), Catch::Contains("--json"));
    CHECK_THAT(host::helpText("state"), Catch::Contains("delete"));
}
