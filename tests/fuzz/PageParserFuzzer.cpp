// libFuzzer target: response bodies of GET /api/v3/timeentries fed to the
// page parser. The parser must either return a consistent page or throw one
// of its two documented errors. Any other exception, crash or sanitizer
// report is a bug.
#include <simdjson.h>

#include <connector/connector.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "http/ApiError.h"
#include "sync/PageParser.h"

namespace {

/// Stops the fuzzer with a crash report when an invariant does not hold.
void require(bool condition, const char* invariant) {
    if (condition) return;
    std::fprintf(stderr, "invariant violated: %s\n", invariant);
    std::abort();
}

/// Checks `text` in full with simdjson's DOM parser. The page parser itself
/// runs only the On-Demand parser on pages.
bool isValidJson(const std::string& text) {
    static simdjson::dom::parser validator;
    simdjson::padded_string copy(text);
    return validator.parse(copy).error() == simdjson::SUCCESS;
}

void parseItems(lucca::PageParser& parser, const std::string& input) {
    std::string body = input;
    try {
        lucca::ParsedPage page = parser.parseItems(body);
        require(page.ids.size() == page.changes.upserts.size() + page.changes.deletes.size(),
                "every item is either stored or deleted");
        for (const lucca::TimeEntryRow& row : page.changes.upserts) {
            require(row.id >= 1, "a stored row has an id of at least 1");
            require(!row.json.empty() && row.json.front() == '{' && row.json.back() == '}',
                    "a stored row's JSON is one object");
            require(isValidJson(row.json), "a stored row's JSON is valid JSON");
        }
    } catch (const lucca::DamagedBodyError&) {
    } catch (const connector::PermanentError&) {
    }
}

void parseCount(lucca::PageParser& parser, const std::string& input) {
    std::string body = input;
    try {
        require(parser.parseCount(body) >= 0, "a count is never negative");
    } catch (const lucca::DamagedBodyError&) {
    } catch (const connector::PermanentError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // One parser for the whole run, as a sync worker keeps one, so that
    // state left in its buffers by one input is exercised by the next.
    static lucca::PageParser parser;
    const std::string input(reinterpret_cast<const char*>(data), size);
    parseItems(parser, input);
    parseCount(parser, input);
    return 0;
}
