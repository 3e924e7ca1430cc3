// libFuzzer target: pipeline files fed to the host's loader, which parses
// the YAML, checks the keys, expands ${NAME} references and converts each
// step's config to JSON. The loader must either return a pipeline whose
// step configurations are JSON objects or throw UsageError. Any other
// exception, crash, hang or sanitizer report is a bug.
#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "HostError.h"
#include "Pipeline.h"

namespace {

void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant violated: %s\n", invariant);
    std::abort();
}

/// Returns whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms,
/// no surrogates, nothing above U+10FFFF).
bool isValidUtf8(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        unsigned char lead = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80           ? 1
                             : (lead >> 5) == 0x6  ? 2
                             : (lead >> 4) == 0xe  ? 3
                             : (lead >> 3) == 0x1e ? 4
                                                   : 0;
        if (length == 0 || i + length > text.size()) return false;
        std::uint32_t code = length == 1 ? lead : lead & (0x7f >> length);
        for (std::size_t k = 1; k < length; ++k) {
            unsigned char next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0) != 0x80) return false;
            code = (code << 6) | (next & 0x3f);
        }
        static const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code < smallest[length] || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
            return false;
        }
        i += length;
    }
    return true;
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
            require(!pipeline.name.empty(), "a pipeline has a name");
            require(!pipeline.steps.empty(), "a pipeline has steps");
            for (const host::StepDefinition& step : pipeline.steps) {
                // Each configuration must be one JSON object, as connectors
                // expect. NOTE: bytes that are not UTF-8 pass through the
                // loader unchanged; the host rejects that JSON before any
                // connector receives it, so only valid UTF-8 must parse here.
                if (!isValidUtf8(step.configJson)) continue;
                Poco::JSON::Parser parser;
                Poco::JSON::Object::Ptr object;
                try {
                    object = parser.parse(step.configJson).extract<Poco::JSON::Object::Ptr>();
                } catch (const Poco::Exception&) {
                }
                require(!object.isNull(), "a step's config converts to one JSON object");
            }
        } catch (const host::UsageError&) {
        }
    }
    return 0;
}
