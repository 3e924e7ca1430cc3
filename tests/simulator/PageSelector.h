#pragma once

#include "ApiKey.h"
#include "Dataset.h"
#include "EntryQuery.h"

#include <cstdint>
#include <vector>

namespace Lucca {
namespace Simulator {

/// The entries of one page and, when requested, the number that match.
struct Page {
    std::vector<const TimeEntry*> items;
    std::int64_t count = -1;  ///< -1 unless the count was requested.
};

/// Selects the page a query requests. An entry is a candidate when the key
/// allows it, it matches every filter, and it is live unless archived
/// entries are shown (`showArchived`, or a filter on `archivedAt`).
///
/// Queries ordered by id walk the id-sorted entries from the id range the
/// filters allow and stop once the page is full unless a count is needed;
/// other orders collect and sort every candidate.
class PageSelector {
public:
    /// Keeps references to all three arguments, which must outlive the selector.
    PageSelector(const Dataset& dataset, const EntryQuery& query, const ApiKey& key,
                 bool showArchived);

    /// True when the entry is a candidate for the query.
    bool accepts(const TimeEntry& entry) const;

    /// Returns the page, counting every candidate when `withCount` is true.
    Page select(bool withCount) const;

private:
    Page selectInIdOrder(bool withCount, bool descending) const;
    Page selectSorted(bool withCount) const;

    const Dataset& _dataset;
    const EntryQuery& _query;
    const ApiKey& _key;
    bool _showArchived;
};

}  // namespace Simulator
}  // namespace Lucca
