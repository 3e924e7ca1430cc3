#include "PageSelector.h"

#include <algorithm>

namespace Lucca {
namespace Simulator {

namespace {

/// Returns offset + limit, saturated so a huge offset cannot overflow.
std::int64_t pageEndOf(const EntryQuery& query) {
    return query.offset > INT64_MAX - query.limit ? INT64_MAX : query.offset + query.limit;
}

}  // namespace

PageSelector::PageSelector(const Dataset& dataset, const EntryQuery& query, const ApiKey& key,
                           bool showArchived)
    : _dataset(dataset),
      _query(query),
      _key(key),
      _showArchived(showArchived || query.filtersOn(EntryProperty::ArchivedAt)) {}

bool PageSelector::accepts(const TimeEntry& entry) const {
    if (!_showArchived && entry.isArchived()) return false;
    return _key.allows(entry, _dataset) && _query.matches(entry, _dataset);
}

Page PageSelector::select(bool withCount) const {
    if (_query.ordersById()) {
        const bool descending = !_query.order.empty() && _query.order[0].descending;
        return selectInIdOrder(withCount, descending);
    }
    return selectSorted(withCount);
}

Page PageSelector::selectInIdOrder(bool withCount, bool descending) const {
    const auto range = _query.idRange();
    const auto& entries = _dataset.entries;
    const std::size_t begin = _dataset.lowerBound(range.first);
    const std::size_t end = range.second == INT64_MAX ? entries.size()
                                                      : _dataset.lowerBound(range.second + 1);
    Page page;
    std::int64_t matched = 0;
    const std::int64_t pageEnd = pageEndOf(_query);
    auto visit = [&](const TimeEntry& entry) {
        if (!accepts(entry)) return true;
        if (matched >= _query.offset && matched < pageEnd) page.items.push_back(&entry);
        ++matched;
        return withCount || matched < pageEnd;
    };

    if (descending) {
        for (std::size_t i = end; i > begin; --i) {
            if (!visit(entries[i - 1])) break;
        }
    } else {
        for (std::size_t i = begin; i < end; ++i) {
            if (!visit(entries[i])) break;
        }
    }
    if (withCount) page.count = matched;
    return page;
}

Page PageSelector::selectSorted(bool withCount) const {
    std::vector<const TimeEntry*> candidates;
    for (const TimeEntry& entry : _dataset.entries) {
        if (accepts(entry)) candidates.push_back(&entry);
    }

    // The id breaks ties, so pages never overlap or skip entries.
    auto before = [this](const TimeEntry* a, const TimeEntry* b) {
        for (const SortKey& key : _query.order) {
            const std::int64_t left = propertyValue(*a, _dataset, key.property);
            const std::int64_t right = propertyValue(*b, _dataset, key.property);
            if (left != right) return key.descending ? left > right : left < right;
        }
        return a->id < b->id;
    };
    std::sort(candidates.begin(), candidates.end(), before);

    Page page;
    const auto total = static_cast<std::int64_t>(candidates.size());
    const std::int64_t first = std::min(_query.offset, total);
    const std::int64_t last = std::min(pageEndOf(_query), total);
    page.items.assign(candidates.begin() + first, candidates.begin() + last);
    if (withCount) page.count = total;
    return page;
}

}  // namespace Simulator
}  // namespace Lucca
