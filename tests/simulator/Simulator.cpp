#include "Simulator.h"

#include "EntryMutator.h"
#include "EntrySerializer.h"
#include "JsonText.h"
#include "QueryError.h"

#include <Poco/JSON/Stringifier.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

namespace Lucca {
namespace Simulator {

namespace {

const std::string entriesPath = "/api/v3/timeentries";

/// The request log keeps this many requests and then drops the oldest half.
constexpr std::size_t maxLoggedRequests = 200000;

const char* faultName(FaultKind kind) {
    switch (kind) {
        case FaultKind::Status: return "status";
        case FaultKind::Delay: return "delay";
        case FaultKind::Truncate: return "truncate";
        case FaultKind::Malformed: return "malformed";
        case FaultKind::Close: return "close";
        case FaultKind::WrongCount: return "wrongCount";
        case FaultKind::Mutate: return "mutate";
        case FaultKind::Raw: return "raw";
    }
    return "";
}

SimulatorResponse faultStatusResponse(const Fault& fault) {
    const std::string message =
        !fault.message.empty() ? fault.message
                               : "Simulated failure with status " + std::to_string(fault.status) + ".";
    SimulatorResponse response;
    if (fault.body == ErrorBodyKind::Json) {
        response = errorResponse(fault.status, message);
    } else {
        response.status = fault.status;
        if (fault.body == ErrorBodyKind::Text) {
            response.contentType = "text/plain; charset=utf-8";
            response.body = message;
        } else {
            response.contentType.clear();
        }
    }
    if (fault.retryAfterSeconds >= 0) {
        response.headers.emplace_back("Retry-After", std::to_string(fault.retryAfterSeconds));
    }
    return response;
}

SimulatorResponse faultRawResponse(const Fault& fault) {
    SimulatorResponse response;
    response.status = fault.status;
    response.body = fault.rawBody;
    response.headers = fault.rawHeaders;
    return response;
}

}  // namespace

SimulatorResponse jsonResponse(int status, const Poco::JSON::Object& body) {
    SimulatorResponse response;
    response.status = status;
    std::ostringstream text;
    body.stringify(text);
    response.body = text.str();
    return response;
}

SimulatorResponse errorResponse(int status, const std::string& message) {
    SimulatorResponse response;
    response.status = status;
    response.body = "{\"Status\":" + std::to_string(status) + ",\"Message\":";
    appendJsonString(response.body, message);
    response.body.push_back('}');
    return response;
}

std::vector<std::pair<std::string, std::string>> decodeQuery(const std::string& rawQuery) {
    std::vector<std::pair<std::string, std::string>> parameters;
    std::size_t start = 0;
    while (start <= rawQuery.size()) {
        std::size_t end = rawQuery.find('&', start);
        if (end == std::string::npos) end = rawQuery.size();
        const std::string part = rawQuery.substr(start, end - start);
        if (!part.empty()) {
            const std::size_t equals = part.find('=');
            std::string name, value;
            Poco::URI::decode(part.substr(0, equals), name, true);
            if (equals != std::string::npos) Poco::URI::decode(part.substr(equals + 1), value, true);
            parameters.emplace_back(name, value);
        }
        start = end + 1;
    }
    return parameters;
}

Simulator::Simulator(Dataset initial, SimulatorSettings settings)
    : _initial(std::move(initial)), _initialSettings(std::move(settings)) {
    std::lock_guard<std::mutex> lock(_mutex);
    resetLocked();
}

void Simulator::resetLocked() {
    _dataset = _initial;
    _dataset.rebuildIndexes();
    _settings = _initialSettings;
    if (_settings.clockUtc == NullTicks) {
        _clock.useRealTime();
    } else {
        _clock.setUtc(_settings.clockUtc);
    }
    _rateLimiter.setPerMinute(_settings.rateLimitPerMinute);
    _faults.clear();
    _appliedMutations.clear();
    _requests.clear();
    _droppedRequests = 0;
}

std::size_t Simulator::entryCount() {
    std::lock_guard<std::mutex> lock(_mutex);
    return _dataset.entries.size();
}

const ApiKey* Simulator::authenticate(const std::string& authorization) const {
    // Lucca expects exactly `lucca application=KEY`; the scheme name ignores case.
    const std::string scheme = "lucca ";
    const std::string prefix = "application=";
    if (authorization.size() <= scheme.size() + prefix.size()) return nullptr;
    if (Poco::icompare(authorization.substr(0, scheme.size()), scheme) != 0) return nullptr;
    if (authorization.compare(scheme.size(), prefix.size(), prefix) != 0) return nullptr;
    const std::string key = authorization.substr(scheme.size() + prefix.size());
    for (const ApiKey& candidate : _settings.keys) {
        if (candidate.key == key) return &candidate;
    }
    return nullptr;
}

std::vector<Fault> Simulator::fireFaults(const SimulatorRequest& request,
                                         const std::string& decodedQuery) {
    std::vector<Fault> fired;
    for (Fault& fault : _faults) {
        if (!fault.armed() || !fault.matches(request.path, request.rawQuery, decodedQuery)) continue;
        if (fault.skip > 0) {
            --fault.skip;
            continue;
        }
        ++fault.fired;
        fired.push_back(fault);
    }
    return fired;
}

void Simulator::logRequest(const SimulatorRequest& request, int status, const std::string& fault) {
    if (_requests.size() >= maxLoggedRequests) {
        _droppedRequests += _requests.size() / 2;
        _requests.erase(_requests.begin(), _requests.begin() + static_cast<long>(_requests.size() / 2));
    }
    _requests.push_back({request.method, request.path, request.rawQuery, status, fault});
}

SimulatorResponse Simulator::serveApi(const SimulatorRequest& request) {
    std::lock_guard<std::mutex> lock(_mutex);
    std::string decodedQuery;
    Poco::URI::decode(request.rawQuery, decodedQuery, true);

    // 1. Faults that replace the whole response fire before authentication.
    const std::vector<Fault> fired = fireFaults(request, decodedQuery);
    int delayMs = 0;
    for (const Fault& fault : fired) delayMs += fault.delayMs;
    for (const Fault& fault : fired) {
        if (fault.kind == FaultKind::Status || fault.kind == FaultKind::Close ||
            fault.kind == FaultKind::Raw) {
            SimulatorResponse response =
                fault.kind == FaultKind::Raw ? faultRawResponse(fault) : faultStatusResponse(fault);
            if (fault.kind == FaultKind::Close) {
                response.delivery = fault.resetConnection ? SimulatorResponse::Delivery::Reset
                                                          : SimulatorResponse::Delivery::Close;
            }
            response.delayMs = delayMs;
            logRequest(request, fault.kind == FaultKind::Close ? 0 : response.status,
                       faultName(fault.kind));
            return response;
        }
    }

    // 2. Routing, authentication and the rate limit.
    SimulatorResponse response;
    const ApiKey* key = nullptr;
    std::string path = request.path;
    if (path.size() > 1 && path.back() == '/') path.pop_back();
    if (path != entriesPath && path.rfind(entriesPath + "/", 0) != 0) {
        response = errorResponse(404, "No resource at " + request.path + ".");
    } else if (request.method != "GET") {
        response = errorResponse(405, "Method " + request.method + " is not allowed on " + path + ".");
    } else if ((key = authenticate(request.authorization)) == nullptr) {
        response = errorResponse(401, request.authorization.empty()
                                          ? "Authorization header is missing."
                                          : "Invalid authorization: expected 'lucca application={key}' with a known key.");
    } else if (const int retryAfter = _rateLimiter.admit(key->key)) {
        response = errorResponse(429, "Rate limit of " + std::to_string(_rateLimiter.perMinute()) +
                                          " requests per minute exceeded; retry after " +
                                          std::to_string(retryAfter) + " seconds.");
        response.headers.emplace_back("Retry-After", std::to_string(retryAfter));
    } else if (path == entriesPath) {
        response = serveEntries(request, *key, fired);
    } else {
        const std::string idText = path.substr(entriesPath.size() + 1);
        Poco::Int64 id = 0;
        response = Poco::NumberParser::tryParse64(idText, id)
                       ? serveEntry(request, *key, id)
                       : errorResponse(400, "Invalid entry id '" + idText + "'.");
    }

    // 3. Faults that damage a normal response.
    std::string faultNames;
    for (const Fault& fault : fired) {
        if (!faultNames.empty()) faultNames += ",";
        faultNames += faultName(fault.kind);
        if (response.status != 200) continue;
        if (fault.kind == FaultKind::Truncate) {
            response.delivery = SimulatorResponse::Delivery::Truncate;
        } else if (fault.kind == FaultKind::Malformed) {
            // A body cut inside an object, then closed as if complete.
            response.body = response.body.substr(0, response.body.size() * 2 / 3) + "\",]}}";
        }
    }
    response.delayMs = delayMs;
    logRequest(request, response.status, faultNames);
    return response;
}

void Simulator::appendHeader(std::string& out, const ApiKey& key) const {
    if (!_settings.sendHeader) {
        out.append("{\"data\":");
        return;
    }
    out.append("{\"header\":{\"generated\":\"");
    appendDateTime(out, _clock.parisNow());
    out.append("\",\"principal\":");
    appendJsonString(out, key.principal);
    out.append("},\"data\":");
}

SimulatorResponse Simulator::serveEntries(const SimulatorRequest& request, const ApiKey& key,
                                          const std::vector<Fault>& fired) {
    EntryQuery query;
    try {
        query = EntryQuery::parse(decodeQuery(request.rawQuery), _settings.maxPageSize);
    } catch (const QueryError& error) {
        return errorResponse(400, error.what());
    }

    const PageSelector selector(_dataset, query, key, _settings.includeArchivedInList);
    const bool withItems = query.fields.entry != 0;
    const Page page = selector.select(query.fields.count);

    SimulatorResponse response;
    std::string& out = response.body;
    appendHeader(out, key);
    out.push_back('{');
    if (withItems) {
        out.append("\"items\":[");
        // A full entry takes about 500 bytes; reserving ahead avoids copies as the page grows.
        out.reserve(out.size() + page.items.size() * 800 + 2048);
        const EntrySerializer serializer(_dataset, query.fields, request.baseUrl);
        JsonWriter writer(out);
        for (std::size_t i = 0; i < page.items.size(); ++i) {
            serializer.write(writer, *page.items[i]);
            // The serializer reserves room for the object, plus spare room for this comma.
            if (i + 1 < page.items.size()) writer.character(',');
        }
        writer.finish();
        out.push_back(']');
    }
    if (query.fields.count) {
        std::int64_t count = page.count;
        for (const Fault& fault : fired) {
            if (fault.kind == FaultKind::WrongCount) count += fault.countDelta;
        }
        if (withItems) out.push_back(',');
        out.append("\"count\":");
        appendJsonInt(out, count);
    }
    out.append("}}");

    // Mutations run after the page is built, so the client sees them on its next request.
    // The page's entry pointers dangle once a created entry grows the dataset, so each
    // mutation gets the delivered ids instead.
    std::vector<std::int64_t> deliveredIds;
    for (const TimeEntry* entry : page.items) deliveredIds.push_back(entry->id);
    for (const Fault& fault : fired) {
        if (fault.kind == FaultKind::Mutate) applyMutation(fault, query, key, deliveredIds);
    }
    return response;
}

SimulatorResponse Simulator::serveEntry(const SimulatorRequest& request, const ApiKey& key,
                                        std::int64_t id) {
    EntryQuery query;
    try {
        query = EntryQuery::parse(decodeQuery(request.rawQuery), _settings.maxPageSize);
    } catch (const QueryError& error) {
        return errorResponse(400, error.what());
    }
    const TimeEntry* entry = _dataset.findEntry(id);
    if (entry == nullptr || !key.allows(*entry, _dataset)) {
        return errorResponse(404, "Time entry " + std::to_string(id) + " not found.");
    }
    SimulatorResponse response;
    appendHeader(response.body, key);
    EntrySerializer(_dataset, query.fields, request.baseUrl).append(response.body, *entry);
    response.body.push_back('}');
    return response;
}

void Simulator::applyMutation(const Fault& fault, const EntryQuery& query, const ApiKey& key,
                              const std::vector<std::int64_t>& deliveredIds) {
    // "Delivered" means up to the highest id of this page, since clients page by id.
    std::int64_t lowestDelivered = INT64_MAX;
    std::int64_t highestDelivered = 0;
    for (const std::int64_t id : deliveredIds) {
        lowestDelivered = std::min(lowestDelivered, id);
        highestDelivered = std::max(highestDelivered, id);
    }

    std::int64_t target = 0;
    const bool undelivered = fault.mutation == MutationKind::ArchiveUndelivered ||
                             fault.mutation == MutationKind::ModifyUndelivered;
    if (undelivered) {
        // The filters without paging: the next entry this query would return.
        EntryQuery unpaged = query;
        unpaged.offset = 0;
        const PageSelector selector(_dataset, unpaged, key, _settings.includeArchivedInList);
        for (std::size_t i = _dataset.lowerBound(highestDelivered + 1); i < _dataset.entries.size(); ++i) {
            const TimeEntry& entry = _dataset.entries[i];
            if (!entry.isArchived() && selector.accepts(entry)) {
                target = entry.id;
                break;
            }
        }
    } else if (!deliveredIds.empty()) {
        target = fault.mutation == MutationKind::Create ? highestDelivered : lowestDelivered;
    }

    Poco::JSON::Object::Ptr record = new Poco::JSON::Object;
    record->set("faultId", fault.id);
    record->set("mutation", fault.toJson()->getValue<std::string>("mutation"));
    if (target == 0) {
        record->set("entryId", Poco::Dynamic::Var());
        _appliedMutations.push_back(record);
        return;
    }

    EntryMutator mutator(_dataset);
    const Ticks now = _clock.parisNow();
    const TimeEntry* entry = _dataset.findEntry(target);
    switch (fault.mutation) {
        case MutationKind::ArchiveUndelivered:
        case MutationKind::ArchiveDelivered:
            if (!entry->isArchived()) mutator.archive(target, now);
            break;
        case MutationKind::ModifyUndelivered:
        case MutationKind::ModifyDelivered:
            if (!entry->isArchived()) mutator.change(target, Poco::JSON::Object(), now);
            break;
        case MutationKind::Create:
            target = mutator.createCopy(*entry, now);
            break;
    }
    record->set("entryId", target);
    _appliedMutations.push_back(record);
}

}  // namespace Simulator
}  // namespace Lucca
