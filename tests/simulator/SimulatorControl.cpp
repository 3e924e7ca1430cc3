// The control interface under /_sim/: everything a test or a demo needs to
// steer the simulated tenant. The endpoints are described in docs/simulator.md.

#include "DatasetFile.h"
#include "EntryMutator.h"
#include "EntrySerializer.h"
#include "JsonText.h"
#include "QueryError.h"
#include "Simulator.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>

namespace Lucca {
namespace Simulator {

namespace {

Poco::JSON::Object::Ptr parseBody(const std::string& body) {
    if (body.empty()) return new Poco::JSON::Object;
    try {
        Poco::JSON::Parser parser;
        auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        if (!object) throw QueryError("The request body must be a JSON object.");
        return object;
    } catch (const Poco::Exception& error) {
        throw QueryError("Invalid JSON body: " + error.displayText());
    }
}

/// Reads a comma-separated list of integers, for scope parameters.
std::set<std::int32_t> parseIdList(const std::string& name, const std::string& text) {
    std::set<std::int32_t> ids;
    Poco::StringTokenizer tokens(text, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const std::string& token : tokens) {
        int id = 0;
        if (!Poco::NumberParser::tryParse(token, id)) {
            throw QueryError("Invalid " + name + " '" + token + "': expected integers separated by commas.");
        }
        ids.insert(id);
    }
    return ids;
}

std::set<std::int32_t> readIdArray(const Poco::JSON::Object& object, const std::string& name) {
    std::set<std::int32_t> ids;
    const auto array = object.getArray(name);
    if (!array) return ids;
    for (std::size_t i = 0; i < array->size(); ++i) ids.insert(array->getElement<std::int32_t>(static_cast<unsigned>(i)));
    return ids;
}

Poco::JSON::Array::Ptr toArray(const std::set<std::int32_t>& ids) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto id : ids) array->add(id);
    return array;
}

SimulatorResponse okResponse() {
    Poco::JSON::Object body;
    body.set("ok", true);
    return jsonResponse(200, body);
}

}  // namespace

SimulatorResponse Simulator::serveControl(const SimulatorRequest& request) {
    std::lock_guard<std::mutex> lock(_mutex);
    const std::string& path = request.path;
    const bool post = request.method == "POST";
    const bool get = request.method == "GET";
    try {
        if (path == "/_sim/status" && get) return controlStatus();
        if (path == "/_sim/reset" && post) {
            resetLocked();
            return okResponse();
        }
        if (path == "/_sim/clock" && (get || post)) return controlClock(request);
        if (path == "/_sim/truth" && get) return controlTruth(request);
        if (path == "/_sim/requests" && get) return controlRequests();
        if (path == "/_sim/requests/reset" && post) {
            _requests.clear();
            _droppedRequests = 0;
            return okResponse();
        }
        if (path == "/_sim/faults" && get) return controlFaults();
        if (path == "/_sim/faults" && post) return controlArmFault(request);
        if (path == "/_sim/faults/clear" && post) {
            _faults.clear();
            _appliedMutations.clear();
            return okResponse();
        }
        if (path == "/_sim/rate-limit" && post) {
            const auto body = parseBody(request.body);
            if (!body->has("perMinute")) throw QueryError("Missing perMinute.");
            const int perMinute = body->getValue<int>("perMinute");
            if (perMinute < 0) throw QueryError("Invalid perMinute: must be 0 (off) or more.");
            _settings.rateLimitPerMinute = perMinute;
            _rateLimiter.setPerMinute(perMinute);
            return okResponse();
        }
        if (path == "/_sim/keys" && (get || post)) return controlKeys(request);
        if (path == "/_sim/entries" && post) return controlCreate(request);
        if (path == "/_sim/entries/change" && post) return controlChange(request, false);
        if (path == "/_sim/entries/archive" && post) return controlChange(request, true);
        if (path.rfind("/_sim/entries/", 0) == 0 && get) {
            Poco::Int64 id = 0;
            if (!Poco::NumberParser::tryParse64(path.substr(14), id)) {
                throw QueryError("Invalid entry id '" + path.substr(14) + "'.");
            }
            return controlEntry(id, request.baseUrl);
        }
        if (path == "/_sim/mutate" && post) return controlMutate(request);
        if (path == "/_sim/dataset/save" && post) return controlDataset(request, true);
        if (path == "/_sim/dataset/load" && post) return controlDataset(request, false);
        return errorResponse(404, "No control endpoint " + request.method + " " + path + ".");
    } catch (const QueryError& error) {
        return errorResponse(400, error.what());
    } catch (const Poco::Exception& error) {
        return errorResponse(400, error.displayText());
    }
}

SimulatorResponse Simulator::controlStatus() {
    std::size_t archived = 0;
    for (const TimeEntry& entry : _dataset.entries) archived += entry.isArchived() ? 1 : 0;
    Poco::JSON::Object body;
    body.set("entries", _dataset.entries.size());
    body.set("archived", archived);
    body.set("owners", _dataset.owners.size());
    body.set("legalEntities", _dataset.legalEntities.size());
    body.set("nextId", _dataset.nextId());
    body.set("rateLimitPerMinute", _settings.rateLimitPerMinute);
    body.set("maxPageSize", _settings.maxPageSize);
    body.set("includeArchivedInList", _settings.includeArchivedInList);
    body.set("clock", formatDateTime(_clock.parisNow()));
    return jsonResponse(200, body);
}

SimulatorResponse Simulator::controlClock(const SimulatorRequest& request) {
    if (request.method == "POST") {
        const auto body = parseBody(request.body);
        if (body->has("set")) {
            const std::string text = body->getValue<std::string>("set");
            ParsedDateTime parsed;
            if (!parseDateTime(text, parsed)) {
                throw QueryError("Invalid clock value '" + text + "': expected a date-time such as 2024-03-31T01:59:00.");
            }
            // A value without offset is Paris wall time, as the API's own values are.
            _clock.setUtc(parsed.hasOffset ? parsed.ticks - parsed.offset
                                           : utcFromParisWallTime(parsed.ticks));
        } else if (body->has("advanceSeconds")) {
            const double seconds = body->getValue<double>("advanceSeconds");
            _clock.advance(static_cast<Ticks>(seconds * TicksPerSecond));
        } else if (body->optValue<bool>("real", false)) {
            _clock.useRealTime();
        } else {
            throw QueryError("Expected one of set, advanceSeconds or real in the clock request.");
        }
    }
    Poco::JSON::Object body;
    body.set("now", formatDateTime(_clock.parisNow()));
    body.set("utc", formatDateTime(_clock.utcNow()) + "Z");
    body.set("mode", _clock.isReal() ? "real" : "manual");
    return jsonResponse(200, body);
}

SimulatorResponse Simulator::controlTruth(const SimulatorRequest& request) {
    ApiKey scope;
    FieldSelection fields = FieldSelection::all();
    for (const auto& parameter : decodeQuery(request.rawQuery)) {
        if (parameter.first == "legalEntityId") {
            scope.legalEntityIds = parseIdList(parameter.first, parameter.second);
        } else if (parameter.first == "ownerId") {
            scope.ownerIds = parseIdList(parameter.first, parameter.second);
        } else if (parameter.first == "fields") {
            fields = FieldSelection::parse(parameter.second);
        } else {
            throw QueryError("Unknown truth parameter '" + parameter.first + "': use legalEntityId, ownerId or fields.");
        }
    }
    // Both lists given means entries of either, as for a key restricted to both.
    SimulatorResponse response;
    std::string& out = response.body;
    out.append("{\"items\":[");
    const EntrySerializer serializer(_dataset, fields, request.baseUrl);
    std::int64_t count = 0;
    for (const TimeEntry& entry : _dataset.entries) {
        if (entry.isArchived() || entry.layer == 1 || !scope.allows(entry, _dataset)) continue;
        if (count++ > 0) out.push_back(',');
        serializer.append(out, entry);
    }
    out.append("],\"count\":");
    appendJsonInt(out, count);
    out.push_back('}');
    return response;
}

SimulatorResponse Simulator::controlRequests() {
    Poco::JSON::Array::Ptr requests = new Poco::JSON::Array;
    for (const LoggedRequest& logged : _requests) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("method", logged.method);
        item->set("path", logged.path);
        item->set("query", logged.query);
        item->set("status", logged.status);
        if (!logged.fault.empty()) item->set("fault", logged.fault);
        requests->add(item);
    }
    Poco::JSON::Object body;
    body.set("requests", requests);
    body.set("dropped", _droppedRequests);
    return jsonResponse(200, body);
}

SimulatorResponse Simulator::controlFaults() {
    Poco::JSON::Array::Ptr faults = new Poco::JSON::Array;
    for (const Fault& fault : _faults) faults->add(fault.toJson());
    Poco::JSON::Array::Ptr applied = new Poco::JSON::Array;
    for (const auto& record : _appliedMutations) applied->add(record);
    Poco::JSON::Object body;
    body.set("faults", faults);
    body.set("appliedMutations", applied);
    return jsonResponse(200, body);
}

SimulatorResponse Simulator::controlArmFault(const SimulatorRequest& request) {
    Fault fault = Fault::fromJson(*parseBody(request.body));
    fault.id = _nextFaultId++;
    _faults.push_back(fault);
    return jsonResponse(200, *fault.toJson());
}

SimulatorResponse Simulator::controlKeys(const SimulatorRequest& request) {
    if (request.method == "POST") {
        const auto body = parseBody(request.body);
        ApiKey key;
        key.key = body->optValue<std::string>("key", "");
        if (key.key.empty()) throw QueryError("Missing key.");
        key.principal = body->optValue<std::string>("principal", key.principal);
        key.legalEntityIds = readIdArray(*body, "legalEntityIds");
        key.ownerIds = readIdArray(*body, "ownerIds");
        auto existing = std::find_if(_settings.keys.begin(), _settings.keys.end(),
                                     [&](const ApiKey& candidate) { return candidate.key == key.key; });
        if (body->optValue<bool>("remove", false)) {
            if (existing != _settings.keys.end()) _settings.keys.erase(existing);
        } else if (existing != _settings.keys.end()) {
            *existing = key;
        } else {
            _settings.keys.push_back(key);
        }
    }
    // Keys are test values, but the listing still shows only their length.
    Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
    for (const ApiKey& key : _settings.keys) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("principal", key.principal);
        item->set("keyLength", key.key.size());
        item->set("legalEntityIds", toArray(key.legalEntityIds));
        item->set("ownerIds", toArray(key.ownerIds));
        keys->add(item);
    }
    Poco::JSON::Object body;
    body.set("keys", keys);
    return jsonResponse(200, body);
}

SimulatorResponse Simulator::controlCreate(const SimulatorRequest& request) {
    const auto body = parseBody(request.body);
    EntryMutator mutator(_dataset);
    const Ticks now = _clock.parisNow();
    MutationSummary summary;
    if (const auto entries = body->getArray("entries")) {
        for (std::size_t i = 0; i < entries->size(); ++i) {
            const auto properties = entries->getObject(static_cast<unsigned>(i));
            if (!properties) throw QueryError("Every element of entries must be an object.");
            summary.created.push_back(mutator.create(*properties, now));
        }
    } else {
        summary.created.push_back(mutator.create(*body, now));
    }
    return jsonResponse(200, *summary.toJson());
}

SimulatorResponse Simulator::controlChange(const SimulatorRequest& request, bool archive) {
    const auto body = parseBody(request.body);
    std::vector<std::int64_t> ids;
    if (body->has("id")) ids.push_back(body->getValue<std::int64_t>("id"));
    if (const auto array = body->getArray("ids")) {
        for (std::size_t i = 0; i < array->size(); ++i) ids.push_back(array->getElement<std::int64_t>(static_cast<unsigned>(i)));
    }
    if (ids.empty()) throw QueryError("Expected id or ids in the request body.");

    const auto properties = body->getObject("set");
    const Poco::JSON::Object none;
    EntryMutator mutator(_dataset);
    const Ticks now = _clock.parisNow();
    MutationSummary summary;
    for (const std::int64_t id : ids) {
        if (archive) {
            mutator.archive(id, now);
            summary.archived.push_back(id);
        } else {
            mutator.change(id, properties ? *properties : none, now);
            summary.changed.push_back(id);
        }
    }
    return jsonResponse(200, *summary.toJson());
}

SimulatorResponse Simulator::controlMutate(const SimulatorRequest& request) {
    const auto body = parseBody(request.body);
    const double changeShare = body->optValue<double>("changeShare", 0.0);
    const double archiveShare = body->optValue<double>("archiveShare", 0.0);
    const int create = body->optValue<int>("create", 0);
    const auto seed = body->optValue<std::uint64_t>("seed", 1);
    if (changeShare < 0 || archiveShare < 0 || changeShare + archiveShare > 1 || create < 0) {
        throw QueryError("Invalid mutation: shares must be between 0 and 1 and sum to at most 1, and create must be 0 or more.");
    }
    EntryMutator mutator(_dataset);
    const MutationSummary summary =
        mutator.mutateRandomly(changeShare, archiveShare, create, seed, _clock.parisNow());
    return jsonResponse(200, *summary.toJson());
}

SimulatorResponse Simulator::controlDataset(const SimulatorRequest& request, bool save) {
    const auto body = parseBody(request.body);
    const std::string path = body->optValue<std::string>("path", "");
    if (path.empty()) throw QueryError("Missing path of the dataset file.");
    if (save) {
        DatasetFile::save(_dataset, path);
    } else {
        // The loaded dataset also becomes the one reset() restores.
        _initial = DatasetFile::load(path);
        _dataset = _initial;
        _dataset.rebuildIndexes();
    }
    Poco::JSON::Object result;
    result.set("path", path);
    result.set("entries", _dataset.entries.size());
    return jsonResponse(200, result);
}

SimulatorResponse Simulator::controlEntry(std::int64_t id, const std::string& baseUrl) {
    const TimeEntry* entry = _dataset.findEntry(id);
    if (entry == nullptr) return errorResponse(404, "Entry " + std::to_string(id) + " not found.");
    SimulatorResponse response;
    EntrySerializer(_dataset, FieldSelection::all(), baseUrl).append(response.body, *entry);
    return response;
}

}  // namespace Simulator
}  // namespace Lucca
