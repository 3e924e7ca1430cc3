// The rows a sync stores, built in memory before a write ceiling is timed.
#pragma once

#include "PageQuery.h"
#include "destination/Destination.h"
#include "TimeEntriesClient.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lucca {
namespace bench {

/// One row of the time-entries table, as the connector's destination stores it.
using EntryRow = lucca::TimeEntryRow;

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
