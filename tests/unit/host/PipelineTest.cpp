#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "HostError.h"
#include "Pipeline.h"

namespace fs = std::filesystem;

namespace {

/// Writes `text` to a pipeline file in a fresh temp folder, removed at scope exit.
class PipelineFile {
public:
    explicit PipelineFile(const std::string& text) {
        std::string pattern = (fs::temp_directory_path() / "host-pipeline-XXXXXX").string();
        _folder = mkdtemp(pattern.data());
        std::ofstream(path()) << text;
    }
    ~PipelineFile() { fs::remove_all(_folder); }
    std::string path() const { return (_folder / "pipeline.yaml").string(); }
    fs::path folder() const { return _folder; }

private:
    fs::path _folder;
};

std::optional<std::string> noVariables(const std::string&) { return std::nullopt; }

std::string loadError(const std::string& text) {
    PipelineFile file(text);
    try {
        host::loadPipeline(file.path(), noVariables);
    } catch (const host::UsageError& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("pipeline file loads", "[pipeline]") {
    PipelineFile file(
        "pipeline: demo\n"
        "state: {type: sqlite, path: data/state.db}\n"
        "steps:\n"
        "  - name: one\n"
        "    connector: test-connector\n"
        "    config: {a: 1}\n"
        "  - name: two\n"
        "    library: lib/custom.so\n");
    host::PipelineDefinition pipeline = host::loadPipeline(file.path(), noVariables);
    CHECK(pipeline.name == "demo");
    CHECK(pipeline.state.path == (file.folder() / "data/state.db").string());
    REQUIRE(pipeline.steps.size() == 2);
    CHECK(pipeline.steps[0].connector.name == "test-connector");
    CHECK(pipeline.steps[0].configJson == R"({"a":1})");
    CHECK(pipeline.steps[0].line == 4);
    CHECK(pipeline.steps[1].connector.libraryPath == (file.folder() / "lib/custom.so").string());
    CHECK(pipeline.steps[1].configJson == "{}");
}

TEST_CASE("pipeline state defaults beside file", "[pipeline]") {
    PipelineFile file("pipeline: demo\nsteps:\n  - {name: one, connector: c}\n");
    host::PipelineDefinition pipeline = host::loadPipeline(file.path(), noVariables);
    CHECK(pipeline.state.path == (file.folder() / "demo.state.db").string());
}

TEST_CASE("pipeline errors name line and key", "[pipeline]") {
    CHECK_THAT(loadError("pipeline: demo\nsteps: [\n"), Catch::Contains("invalid YAML"));
    CHECK_THAT(loadError("steps:\n  - {name: a, connector: c}\n"),
               Catch::Contains("missing key 'pipeline'"));
    CHECK_THAT(loadError("pipeline: demo\n"), Catch::Contains("missing key 'steps'"));
    CHECK_THAT(loadError("pipeline: demo\nsteps:\n  - name: a\n"),
               Catch::Contains(":3:5: step 'a' has no connector"));
    CHECK_THAT(loadError("pipeline: demo\nsteps:\n  - {name: a, connector: c}\n"
                         "  - {name: a, connector: c}\n"),
               Catch::Contains(":4:") && Catch::Contains("duplicate step name 'a'"));
    CHECK_THAT(loadError("pipeline: demo\nsteps:\n  - {name: a, connector: c, confg: {}}\n"),
               Catch::Contains("unknown key 'confg'"));
    CHECK_THAT(loadError("pipeline: demo\nsteps:\n  - {name: a, connector: ../evil}\n"),
               Catch::Contains("invalid connector name '../evil'"));
    CHECK_THAT(loadError("pipeline: demo\nstate: {type: postgresql, path: x}\n"
                         "steps:\n  - {name: a, connector: c}\n"),
               Catch::Contains("'postgresql' is not supported"));
    CHECK_THAT(loadError("pipeline: demo\nsteps:\n  - name: a\n    connector: c\n"
                         "    config:\n      key: ${NOT_SET_ANYWHERE}\n"),
               Catch::Contains(":6:12: step 'a': environment variable 'NOT_SET_ANYWHERE'"));
}

TEST_CASE("missing pipeline file is reported", "[pipeline]") {
    CHECK_THROWS_WITH(host::loadPipeline("/nonexistent/p.yaml", noVariables),
                      Catch::Contains("cannot open pipeline file"));
}

TEST_CASE("step selection finds named step", "[pipeline]") {
    PipelineFile file(
        "pipeline: demo\nsteps:\n  - {name: one, connector: c}\n"
        "  - {name: two, connector: c}\n");
    host::PipelineDefinition pipeline = host::loadPipeline(file.path(), noVariables);
    CHECK(host::selectSteps(pipeline, "").size() == 2);
    CHECK(host::selectSteps(pipeline, "two").at(0).name == "two");
    CHECK_THROWS_WITH(host::selectSteps(pipeline, "three"),
                      Catch::Contains("no step 'three'") && Catch::Contains("one, two"));
}
