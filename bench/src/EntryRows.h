// The rows a sync stores, built in memory before a write ceiling is timed.
#pragma once

#include "PageQuery.h"
#include "TimeEntriesClient.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lucca {
namespace bench {

/// One row of the time-entries table: the connector's modelled columns and
/// the item's JSON text exactly as the simulator sent it.
struct EntryRow {
    std::int64_t id = 0;
    std::optional<std::int64_t> ownerId;
    std::optional<std::string> ownerName;
    std::optional<std::int64_t> legalEntityId;
    std::optional<std::string> startsAt;
    std::optional<std::string> endsAt;
    std::optional<std::int64_t> durationSeconds;
    std::optional<std::int64_t> unit;
    std::optional<std::int64_t> layer;
    std::optional<std::int64_t> creationSource;
    std::optional<std::int64_t> timeTypeId;
    std::optional<std::int64_t> timesheetId;
    std::optional<std::string> comment;  ///< comment.content
    std::optional<std::int64_t> authorId;
    std::optional<std::int64_t> modifierId;
    std::optional<std::string> createdAt;
    std::optional<std::string> modifiedAt;
    std::string json;
};

/// Fetches every page of the query with the connector's fields, paged by id,
/// and returns the rows to store, one vector per page. Archived and
/// theoretical items are left out, as the connector deletes them. Throws
/// std::runtime_error when a response is not the expected JSON.
std::vector<std::vector<EntryRow>> loadRows(TimeEntriesClient& client,
                                            const std::vector<QueryFilter>& filters,
                                            int pageSize);

/// Returns the number of rows in all pages.
std::int64_t countRows(const std::vector<std::vector<EntryRow>>& pages);

}  // namespace bench
}  // namespace lucca
