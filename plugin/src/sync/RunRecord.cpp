#include "sync/RunRecord.h"

#include <Poco/JSON/Object.h>
#include <date/date.h>

#include <sstream>

namespace lucca {

std::string RunRecord::toJson() const {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("start", start);
    object.set("end", end);
    object.set("result", result);
    if (!error.empty()) object.set("error", error);
    object.set("watermark",
               watermark.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(watermark));
    object.set("fetched", fetched);
    object.set("upserted", upserted);
    object.set("deleted", deleted);
    object.set("pages", pages);
    object.set("retries", retries);
    object.set("rateLimitedUntil", rateLimitedUntil.empty() ? Poco::Dynamic::Var()
                                                            : Poco::Dynamic::Var(rateLimitedUntil));
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

std::string formatUtc(std::chrono::system_clock::time_point time) {
    return date::format("%Y-%m-%dT%H:%M:%SZ", date::floor<std::chrono::seconds>(time));
}

}  // namespace lucca
