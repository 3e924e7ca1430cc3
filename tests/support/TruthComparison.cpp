#include "TruthComparison.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "http/QueryString.h"
#include "sync/EntryQuery.h"
#include "sync/PageParser.h"
#include "time/Duration.h"

namespace Lucca {
namespace Test {
namespace {

using lucca::TimeEntryRow;
using Poco::JSON::Object;

/// Returns whether two date-times are the same instant to the microsecond.
/// PostgreSQL keeps microseconds and drops trailing zeros, and its rounding
/// of a seventh digit may differ from ours by one microsecond.
bool sameDateTime(const std::optional<std::string>& stored,
                  const std::optional<std::string>& expected) {
    if (!stored || !expected) return stored.has_value() == expected.has_value();
    auto split = [](std::string value, std::string& seconds) {
        if (value.size() > 10 && value[10] == ' ') value[10] = 'T';
        seconds = value.substr(0, 19);
        double fraction = 0;
        if (value.size() > 20 && value[19] == '.') fraction = std::stod("0" + value.substr(19));
        return std::llround(fraction * 1e7);
    };
    std::string storedSeconds, expectedSeconds;
    long long storedTicks = split(*stored, storedSeconds);
    long long expectedTicks = split(*expected, expectedSeconds);
    return storedSeconds == expectedSeconds && std::llabs(storedTicks - expectedTicks) <= 10;
}

std::optional<std::string> optionalString(const Object::Ptr& object, const std::string& key) {
    if (!object || !object->has(key) || object->isNull(key)) return std::nullopt;
    return object->getValue<std::string>(key);
}

std::optional<std::int64_t> optionalInteger(const Object::Ptr& object, const std::string& key) {
    if (!object || !object->has(key) || object->isNull(key)) return std::nullopt;
    return object->getValue<std::int64_t>(key);
}

template <typename T>
std::string text(const std::optional<T>& value) {
    if (!value) return "null";
    std::ostringstream out;
    out << *value;
    return out.str();
}

/// Appends one line per column of `row` that differs from `truth`.
void compareRow(const TimeEntryRow& row, const Object::Ptr& truth, const std::string& truthJson,
                std::vector<std::string>& differences) {
    Object::Ptr owner =
        truth->has("owner") && !truth->isNull("owner") ? truth->getObject("owner") : nullptr;
    Object::Ptr comment =
        truth->has("comment") && !truth->isNull("comment") ? truth->getObject("comment") : nullptr;
    std::optional<std::string> duration = optionalString(truth, "duration");
    std::string prefix = "entry " + std::to_string(row.id) + ": ";

    auto integer = [&](const char* column, const std::optional<std::int64_t>& stored,
                       const std::optional<std::int64_t>& expected) {
        if (stored != expected)
            differences.push_back(prefix + column + " is " + text(stored) + ", expected " +
                                  text(expected));
    };
    auto string = [&](const char* column, const std::optional<std::string>& stored,
                      const std::optional<std::string>& expected) {
        if (stored != expected)
            differences.push_back(prefix + column + " is " + text(stored) + ", expected " +
                                  text(expected));
    };
    auto dateTime = [&](const char* column, const std::optional<std::string>& stored,
                        const std::optional<std::string>& expected) {
        if (!sameDateTime(stored, expected))
            differences.push_back(prefix + column + " is " + text(stored) + ", expected " +
                                  text(expected));
    };

    integer("ownerId", row.ownerId, optionalInteger(truth, "ownerId"));
    string("ownerName", row.ownerName, optionalString(owner, "name"));
    integer("legalEntityId", row.legalEntityId, optionalInteger(owner, "legalEntityId"));
    dateTime("startsAt", row.startsAt, optionalString(truth, "startsAt"));
    dateTime("endsAt", row.endsAt, optionalString(truth, "endsAt"));
    integer("durationSeconds", row.durationSeconds,
            duration ? lucca::parseDurationSeconds(*duration) : std::nullopt);
    integer("unit", row.unit, optionalInteger(truth, "unit"));
    integer("layer", row.layer, optionalInteger(truth, "layer"));
    integer("creationSource", row.creationSource, optionalInteger(truth, "creationSource"));
    integer("timeTypeId", row.timeTypeId, optionalInteger(truth, "timeTypeId"));
    integer("timesheetId", row.timesheetId, optionalInteger(truth, "timesheetId"));
    string("comment", row.comment, optionalString(comment, "content"));
    integer("authorId", row.authorId, optionalInteger(truth, "authorId"));
    integer("modifierId", row.modifierId, optionalInteger(truth, "modifierId"));
    dateTime("createdAt", row.createdAt, optionalString(truth, "createdAt"));
    dateTime("modifiedAt", row.modifiedAt, optionalString(truth, "modifiedAt"));
    if (row.json != truthJson)
        differences.push_back(prefix + "JSON is " + row.json + ", expected " + truthJson);
}

}  // namespace

std::string fetchTruth(const std::string& baseUrl, const std::string& scopeQuery) {
    std::string target = "/_sim/truth?fields=" + lucca::percentEncode(lucca::entryFields({}));
    if (!scopeQuery.empty()) target += "&" + scopeQuery;
    Poco::URI uri(baseUrl);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, target,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
        throw std::runtime_error("GET " + target + " failed with status " +
                                 std::to_string(response.getStatus()) + ": " + body.substr(0, 300));
    }
    return body;
}

std::vector<std::string> compareRowsWithTruth(const std::vector<TimeEntryRow>& rows,
                                              const std::string& truthBody,
                                              std::size_t maxDifferences) {
    std::vector<std::string> differences;

    // 1. The truth items, and the JSON text the connector stores for each:
    //    the page parser run over the truth wrapped in the API's envelope.
    Object::Ptr truth = Poco::JSON::Parser().parse(truthBody).extract<Object::Ptr>();
    Poco::JSON::Array::Ptr items = truth->getArray("items");
    std::string envelope = "{\"data\":" + truthBody + "}";
    lucca::PageParser parser;
    lucca::ParsedPage truthPage = parser.parseItems(envelope);
    std::map<std::int64_t, std::size_t> truthIndex;
    for (std::size_t i = 0; i < items->size(); ++i) {
        truthIndex[items->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("id")] = i;
    }
    if (truthPage.changes.upserts.size() != items->size()) {
        differences.push_back("the truth has " + std::to_string(items->size()) +
                              " items but the page parser kept " +
                              std::to_string(truthPage.changes.upserts.size()));
        return differences;
    }

    // 2. The rows in id order: each one known to the truth and equal to it.
    std::map<std::int64_t, bool> seen;
    for (const TimeEntryRow& row : rows) {
        if (differences.size() >= maxDifferences) return differences;
        if (seen.count(row.id) != 0) {
            differences.push_back("entry " + std::to_string(row.id) + " is stored twice");
            continue;
        }
        seen[row.id] = true;
        auto found = truthIndex.find(row.id);
        if (found == truthIndex.end()) {
            differences.push_back("entry " + std::to_string(row.id) +
                                  " is stored but is not in the truth");
            continue;
        }
        compareRow(row, items->getObject(static_cast<unsigned>(found->second)),
                   truthPage.changes.upserts[found->second].json, differences);
    }

    // 3. Truth entries that no row holds.
    for (const auto& [id, index] : truthIndex) {
        if (differences.size() >= maxDifferences) break;
        if (seen.count(id) == 0)
            differences.push_back("entry " + std::to_string(id) +
                                  " is in the truth but not stored");
    }
    return differences;
}

}  // namespace Test
}  // namespace Lucca
