// The query strings of GET /api/v3/timeentries, in the order the connector
// sends them, so that a ceiling fetches the same pages byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lucca {
namespace bench {

/// One filter parameter, such as modifiedAt=since,2026-01-05T10:00:00.
struct QueryFilter {
    std::string name;
    std::string value;
};

/// The fields the connector requests for every page. NOTE: this list must
/// follow plugin/src/sync/EntryQuery.cpp. The benchmark compares both
/// requests through the simulator's request log and warns when they differ.
extern const char* const connectorFields;

/// Returns the query of the count request: layer=notequal,1, the filters,
/// then fields=collection.count.
std::string countQuery(const std::vector<QueryFilter>& filters);

/// Returns the query of the page after id `afterId` (0 for the first page),
/// sorted by id, with `fields` and at most `pageSize` items.
std::string pageQuery(const std::vector<QueryFilter>& filters, const std::string& fields,
                      std::int64_t afterId, int pageSize);

}  // namespace bench
}  // namespace lucca
