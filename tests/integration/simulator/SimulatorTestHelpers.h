#pragma once

// Helpers shared by the simulator suites: fetching pages and reading their items.

#include "SimulatorProcess.h"

#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <vector>

namespace Lucca {
namespace Test {

/// Every property of an entry, nested objects included, for `fields=`.
inline const std::string allFields =
    "id,name,url,ownerId,owner[id,name,legalEntityId,url],startsAt,endsAt,duration,unit,layer,"
    "creationSource,authorId,modifierId,createdAt,modifiedAt,archivedAt,axisSections,comment,"
    "timeTypeId,timesheetId,externalData";

/// Every property except the url ones, whose port differs between processes.
inline const std::string portableFields =
    "id,name,ownerId,owner[id,name,legalEntityId],startsAt,endsAt,duration,unit,layer,"
    "creationSource,authorId,modifierId,createdAt,modifiedAt,archivedAt,axisSections,comment,"
    "timeTypeId,timesheetId,externalData";

/// Starts a simulator without a rate limit and with the given extra arguments.
inline std::vector<std::string> unlimited(std::vector<std::string> arguments = {}) {
    arguments.insert(arguments.end(), {"--rate-limit", "0"});
    return arguments;
}

/// Fetches `/api/v3/timeentries?query` with the demo key, requires status
/// 200 and returns the `data` object.
inline Poco::JSON::Object::Ptr fetchData(const SimulatorProcess& simulator, const std::string& query) {
    const HttpReply reply = simulator.apiGet("/api/v3/timeentries?" + query);
    INFO("query: " << query << "\nbody: " << reply.body.substr(0, 500));
    REQUIRE(reply.status == 200);
    const auto data = reply.json()->getObject("data");
    REQUIRE(data);
    return data;
}

/// Returns the items of a `data` object (or of a truth document).
inline std::vector<Poco::JSON::Object::Ptr> itemsOf(const Poco::JSON::Object::Ptr& data) {
    std::vector<Poco::JSON::Object::Ptr> items;
    const auto array = data->getArray("items");
    REQUIRE(array);
    for (std::size_t i = 0; i < array->size(); ++i) {
        items.push_back(array->getObject(static_cast<unsigned>(i)));
    }
    return items;
}

/// Returns the ids of the items of a `data` object.
inline std::vector<std::int64_t> idsOf(const Poco::JSON::Object::Ptr& data) {
    std::vector<std::int64_t> ids;
    for (const auto& item : itemsOf(data)) ids.push_back(item->getValue<std::int64_t>("id"));
    return ids;
}

/// Fetches the ids matching `query`, in id order, in one page of up to 10,000.
inline std::vector<std::int64_t> fetchIds(const SimulatorProcess& simulator, const std::string& query) {
    return idsOf(fetchData(simulator, "fields=id&orderby=id,asc&paging=0,10000&" + query));
}

/// Fetches every live entry with every property, in id order.
inline std::vector<Poco::JSON::Object::Ptr> fetchAllLive(const SimulatorProcess& simulator) {
    return itemsOf(fetchData(simulator, "orderby=id,asc&paging=0,10000&fields=" + allFields));
}

/// Returns the string value of a property, or "null" when it is null.
inline std::string textOf(const Poco::JSON::Object::Ptr& item, const std::string& name) {
    if (item->isNull(name)) return "null";
    return item->getValue<std::string>(name);
}

}  // namespace Test
}  // namespace Lucca
