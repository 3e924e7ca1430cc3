// libFuzzer target: pipeline files fed to the host's loader, which parses
// the YAML, checks the keys, expands ${NAME} references and converts each
// step's config to JSON. The loader must either return a pipeline whose
// step configurations are JSON objects or throw UsageError; any other
// exception, crash, hang or sanitizer report is a bug.
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "HostError.h"
#include "Pipeline.h"

namespace {

void require(bool condition) {
    if (!condition) std::abort();
}

/// A fixed environment, so that a run depends only on its input: the
/// demo pipeline's variables, PORT, and EMPTY set to the empty string. Every
/// other variable is unset.
std::optional<std::string> lookupVariable(const std::string& name) {
    if (name == "LUCCA_API_KEY") return std::string("fuzz-key");
    if (name == "LUCCA_BASE_URL") return std::string("http://127.0.0.1:8089");
    if (name == "LUCCA_DEMO_DIR") return std::string("/tmp/lucca-demo");
    if (name == "PORT") return std::string("5432");
    if (name == "EMPTY") return std::string();
    return std::nullopt;
}

/// A file private to this process, rewritten for each input, because the
/// loader reads a path.
const std::string& inputPath() {
    static const std::string path =
        "/tmp/lucca-pipeline-fuzz-" + std::to_string(::getpid()) + ".yaml";
    return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    {
        std::ofstream out(inputPath(), std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    for (host::PipelineParts parts :
         {host::PipelineParts::All, host::PipelineParts::WithoutStepConfig}) {
        try {
            host::PipelineDefinition pipeline =
                host::loadPipeline(inputPath(), lookupVariable, parts);
            require(!pipeline.name.empty());
            require(!pipeline.steps.empty());
            for (const host::StepDefinition& step : pipeline.steps) {
                // Each configuration must be one JSON object, as connectors expect.
                Poco::JSON::Parser parser;
                require(!parser.parse(step.configJson).extract<Poco::JSON::Object::Ptr>().isNull());
            }
        } catch (const host::UsageError&) {
        }
    }
    return 0;
}
