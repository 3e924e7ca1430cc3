#pragma once

#include "Dataset.h"
#include "FieldSelection.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace Lucca {
namespace Simulator {

/// A property that a filter or a sort can name.
enum class EntryProperty : std::uint8_t {
    Id,
    OwnerId,
    OwnerLegalEntityId,
    OwnerName,
    StartsAt,
    EndsAt,
    Duration,
    Unit,
    Layer,
    CreationSource,
    AuthorId,
    ModifierId,
    CreatedAt,
    ModifiedAt,
    ArchivedAt,
    TimeTypeId,
    TimesheetId,
};

/// The comparison a filter applies, from the first word of its value.
enum class FilterOperator : std::uint8_t {
    AnyOf,  ///< `a,b,c`
    NoneOf,  ///< `notequal,a,b`
    AtLeast,  ///< `since,x` and `greaterthanorequal,x`
    AtMost,  ///< `until,x` and `lessthanorequal,x`
    Above,  ///< `greaterthan,x`
    Below,  ///< `lessthan,x`
    Between,  ///< `between,x,y`, both ends included
};

/// The value of a null property in comparisons (`archivedAt`, `timesheetId`, ...).
constexpr std::int64_t NullValue = INT64_MIN;

/// One filter from the query string. Numbers, date-times (as Europe/Paris
/// wall time ticks) and durations (in seconds) are held in `numbers`, owner
/// names in `texts`.
struct EntryFilter {
    EntryProperty property = EntryProperty::Id;
    FilterOperator op = FilterOperator::AnyOf;
    std::vector<std::int64_t> numbers;
    std::vector<std::string> texts;
};

/// One `orderby` key.
struct SortKey {
    EntryProperty property = EntryProperty::Id;
    bool descending = false;
};

/// A parsed `GET /api/v3/timeentries` query: fields, paging, order and filters.
struct EntryQuery {
    FieldSelection fields = FieldSelection::defaults();
    std::int64_t offset = 0;
    std::int64_t limit = 1000;
    std::vector<SortKey> order;
    std::vector<EntryFilter> filters;

    /// Parses decoded query parameters. Parameter names ignore case;
    /// `fields`, `paging` and `orderby` are reserved and every other name is
    /// a filter on a property. Throws QueryError (status 400) on an unknown
    /// property, an unknown operator, a value that does not parse, or paging
    /// outside `0 <= offset` and `1 <= limit <= maxPageSize`.
    static EntryQuery parse(const std::vector<std::pair<std::string, std::string>>& parameters,
                            std::int64_t maxPageSize);

    /// True when every filter accepts the entry.
    bool matches(const TimeEntry& entry, const Dataset& dataset) const;

    /// True when some filter names `property`.
    bool filtersOn(EntryProperty property) const;

    /// Returns the id range that the filters on `id` allow, inclusive, so a
    /// scan in id order can start and stop early.
    std::pair<std::int64_t, std::int64_t> idRange() const;

    /// True when the order is by id alone (or absent, which means by id).
    bool ordersById() const;
};

/// Returns the value of `property` for an entry, NullValue for null.
std::int64_t propertyValue(const TimeEntry& entry, const Dataset& dataset, EntryProperty property);

}  // namespace Simulator
}  // namespace Lucca
