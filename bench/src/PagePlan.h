// The pages a sync reads for one query, found before the timed phase.
#pragma once

#include "PageQuery.h"
#include "TimeEntriesClient.h"

#include <cstdint>
#include <vector>

namespace lucca {
namespace bench {

/// The page requests of one query, paged by id as the connector pages: each
/// page asks for ids above the last id of the page before, and the last page
/// is the first one with fewer than pageSize items.
struct PagePlan {
    std::vector<std::int64_t> afterIds;       ///< the id filter of each page, 0 for the first
    std::vector<std::int64_t> itemsPerPage;   ///< the items each page returns
    std::int64_t entries() const;             ///< the sum of itemsPerPage
};

/// Finds the page boundaries by reading the same pages with fields=id only.
/// Throws std::runtime_error when a response is not the expected JSON.
PagePlan planPages(TimeEntriesClient& client, const std::vector<QueryFilter>& filters,
                   int pageSize);

}  // namespace bench
}  // namespace lucca
