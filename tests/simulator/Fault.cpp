#include "Fault.h"

#include "QueryError.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Exception.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <sstream>

namespace Lucca {
namespace Simulator {

namespace {

struct KindName {
    const char* name;
    FaultKind kind;
};

const KindName kindNames[] = {
    {"status", FaultKind::Status},         {"delay", FaultKind::Delay},
    {"truncate", FaultKind::Truncate},     {"malformed", FaultKind::Malformed},
    {"close", FaultKind::Close},           {"wrongCount", FaultKind::WrongCount},
    {"mutate", FaultKind::Mutate},         {"raw", FaultKind::Raw},
};

struct MutationName {
    const char* name;
    MutationKind mutation;
};

const MutationName mutationNames[] = {
    {"archiveUndelivered", MutationKind::ArchiveUndelivered},
    {"modifyUndelivered", MutationKind::ModifyUndelivered},
    {"archiveDelivered", MutationKind::ArchiveDelivered},
    {"modifyDelivered", MutationKind::ModifyDelivered},
    {"create", MutationKind::Create},
};

const int allowedStatuses[] = {400, 401, 403, 404, 408, 429, 500, 502, 503, 504};

/// Reads the status, headers and body of a Raw fault.
void readRaw(const Poco::JSON::Object& object, Fault& fault) {
    fault.status = object.optValue<int>("status", 200);
    if (fault.status < 200 || fault.status > 599) {
        throw QueryError("Unsupported raw status " + std::to_string(fault.status) +
                         ": use 200 to 599.");
    }
    if (object.has("headers")) {
        Poco::JSON::Object::Ptr headers = object.getObject("headers");
        if (!headers) throw QueryError("Invalid fault: headers must be an object of strings.");
        for (const std::string& name : headers->getNames()) {
            fault.rawHeaders.emplace_back(name, headers->getValue<std::string>(name));
        }
    }
    if (object.has("content") && object.has("contentBase64")) {
        throw QueryError("Invalid fault: set either content or contentBase64.");
    }
    if (object.has("contentBase64")) {
        std::istringstream encoded(object.getValue<std::string>("contentBase64"));
        Poco::Base64Decoder decoder(encoded);
        Poco::StreamCopier::copyToString(decoder, fault.rawBody);
    } else {
        fault.rawBody = object.optValue<std::string>("content", "");
    }
}

}  // namespace

Fault Fault::fromJson(const Poco::JSON::Object& object) {
    Fault fault;
    try {
        const std::string kind = object.optValue<std::string>("kind", "status");
        bool known = false;
        for (const auto& entry : kindNames) {
            if (Poco::icompare(kind, entry.name) == 0) {
                fault.kind = entry.kind;
                known = true;
            }
        }
        if (!known) {
            throw QueryError("Unknown fault kind '" + kind +
                             "': use status, delay, truncate, malformed, close, wrongCount, mutate or raw.");
        }

        fault.path = object.optValue<std::string>("path", fault.path);
        fault.query = object.optValue<std::string>("query", "");
        fault.skip = object.optValue<int>("skip", 0);
        fault.times = object.optValue<int>("times", 1);
        fault.status = object.optValue<int>("status", 500);
        fault.retryAfterSeconds =
            object.optValue<int>("retryAfter", fault.status == 429 ? 1 : -1);
        fault.message = object.optValue<std::string>("message", "");
        fault.delayMs = object.optValue<int>("delayMs", 0);
        fault.countDelta = object.optValue<std::int64_t>("countDelta", 1);
        fault.resetConnection = object.optValue<bool>("reset", false);

        const std::string body = object.optValue<std::string>("body", "json");
        if (body == "json") fault.body = ErrorBodyKind::Json;
        else if (body == "text") fault.body = ErrorBodyKind::Text;
        else if (body == "empty") fault.body = ErrorBodyKind::Empty;
        else throw QueryError("Unknown fault body '" + body + "': use json, text or empty.");

        if (fault.kind == FaultKind::Raw) readRaw(object, fault);
        if (fault.kind == FaultKind::Status) {
            bool allowed = false;
            for (const int status : allowedStatuses) allowed = allowed || status == fault.status;
            if (!allowed) {
                throw QueryError("Unsupported fault status " + std::to_string(fault.status) +
                                 ": use 400, 401, 403, 404, 408, 429, 500, 502, 503 or 504.");
            }
        }

        const std::string mutation = object.optValue<std::string>("mutation", "archiveUndelivered");
        known = false;
        for (const auto& entry : mutationNames) {
            if (mutation == entry.name) {
                fault.mutation = entry.mutation;
                known = true;
            }
        }
        if (!known) {
            throw QueryError("Unknown mutation '" + mutation +
                             "': use archiveUndelivered, modifyUndelivered, archiveDelivered, "
                             "modifyDelivered or create.");
        }
    } catch (const Poco::Exception& error) {
        throw QueryError("Invalid fault: " + error.displayText());
    }
    if (fault.skip < 0 || fault.times < 1) {
        throw QueryError("Invalid fault: skip must be 0 or more and times 1 or more.");
    }
    return fault;
}

Poco::JSON::Object::Ptr Fault::toJson() const {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("id", id);
    for (const auto& entry : kindNames) {
        if (entry.kind == kind) object->set("kind", std::string(entry.name));
    }
    object->set("path", path);
    object->set("query", query);
    object->set("skip", skip);
    object->set("times", times);
    object->set("fired", fired);
    object->set("armed", armed());
    if (kind == FaultKind::Status || kind == FaultKind::Raw) object->set("status", status);
    if (kind == FaultKind::Mutate) {
        for (const auto& entry : mutationNames) {
            if (entry.mutation == mutation) object->set("mutation", std::string(entry.name));
        }
    }
    if (delayMs > 0) object->set("delayMs", delayMs);
    return object;
}

bool Fault::matches(const std::string& requestPath, const std::string& rawQuery,
                    const std::string& decodedQuery) const {
    if (requestPath.find(path) == std::string::npos) return false;
    if (query.empty()) return true;
    return rawQuery.find(query) != std::string::npos ||
           decodedQuery.find(query) != std::string::npos;
}

}  // namespace Simulator
}  // namespace Lucca
