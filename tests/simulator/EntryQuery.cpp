#include "EntryQuery.h"

#include "QueryError.h"

#include <Poco/String.h>

#include <algorithm>
#include <charconv>

namespace Lucca {
namespace Simulator {

namespace {

enum class ValueType { Integer, DateTime, Duration, Text };

struct PropertyInfo {
    const char* name;  ///< Lowercase query name.
    EntryProperty property;
    ValueType type;
    bool sortable;
};

const PropertyInfo properties[] = {
    {"id", EntryProperty::Id, ValueType::Integer, true},
    {"ownerid", EntryProperty::OwnerId, ValueType::Integer, true},
    {"owner.id", EntryProperty::OwnerId, ValueType::Integer, true},
    {"owner.legalentityid", EntryProperty::OwnerLegalEntityId, ValueType::Integer, false},
    {"owner.name", EntryProperty::OwnerName, ValueType::Text, false},
    {"startsat", EntryProperty::StartsAt, ValueType::DateTime, true},
    {"endsat", EntryProperty::EndsAt, ValueType::DateTime, true},
    {"duration", EntryProperty::Duration, ValueType::Duration, true},
    {"unit", EntryProperty::Unit, ValueType::Integer, false},
    {"layer", EntryProperty::Layer, ValueType::Integer, false},
    {"creationsource", EntryProperty::CreationSource, ValueType::Integer, false},
    {"authorid", EntryProperty::AuthorId, ValueType::Integer, false},
    {"modifierid", EntryProperty::ModifierId, ValueType::Integer, false},
    {"createdat", EntryProperty::CreatedAt, ValueType::DateTime, true},
    {"modifiedat", EntryProperty::ModifiedAt, ValueType::DateTime, true},
    {"archivedat", EntryProperty::ArchivedAt, ValueType::DateTime, true},
    {"timetypeid", EntryProperty::TimeTypeId, ValueType::Integer, false},
    {"timesheetid", EntryProperty::TimesheetId, ValueType::Integer, false},
};

const PropertyInfo& findProperty(const std::string& name) {
    const std::string lower = Poco::toLower(name);
    for (const auto& info : properties) {
        if (lower == info.name) return info;
    }
    throw QueryError("Unknown property '" + name + "': cannot filter on it.");
}

std::vector<std::string> splitCommas(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        parts.push_back(Poco::trim(text.substr(start, comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return parts;
}

bool parseInteger(const std::string& text, std::int64_t& value) {
    const char* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    return result.ec == std::errc() && result.ptr == end && !text.empty();
}

std::int64_t parseValue(const PropertyInfo& info, const std::string& name, const std::string& text,
                        bool allowNull) {
    if (Poco::icompare(text, "null") == 0) {
        if (!allowNull) {
            throw QueryError("Invalid value 'null' for '" + name +
                             "': null is allowed only in equality and notequal lists.");
        }
        return NullValue;
    }
    switch (info.type) {
        case ValueType::Integer: {
            std::int64_t value = 0;
            if (!parseInteger(text, value)) {
                throw QueryError("Invalid value '" + text + "' for '" + name +
                                 "': expected an integer.");
            }
            return value;
        }
        case ValueType::DateTime: {
            ParsedDateTime parsed;
            if (!parseDateTime(text, parsed)) {
                throw QueryError("Invalid value '" + text + "' for '" + name +
                                 "': expected a date-time such as 2024-04-22T09:30:00.");
            }
            return toParisWallTime(parsed);
        }
        case ValueType::Duration: {
            std::int32_t seconds = 0;
            if (!parseDuration(text, seconds)) {
                throw QueryError("Invalid value '" + text + "' for '" + name +
                                 "': expected a duration such as 01:30:00.");
            }
            return seconds;
        }
        case ValueType::Text:
            break;
    }
    return 0;
}

EntryFilter parseFilter(const std::string& name, const std::string& value) {
    const PropertyInfo& info = findProperty(name);
    std::vector<std::string> parts = splitCommas(value);
    if (value.empty()) throw QueryError("Filter '" + name + "' has no value.");

    EntryFilter filter;
    filter.property = info.property;
    const std::string keyword = Poco::toLower(parts.front());
    std::size_t expected = 0;  // 0 means one or more
    if (keyword == "notequal") {
        filter.op = FilterOperator::NoneOf;
    } else if (keyword == "since" || keyword == "greaterthanorequal") {
        filter.op = FilterOperator::AtLeast;
        expected = 1;
    } else if (keyword == "until" || keyword == "lessthanorequal") {
        filter.op = FilterOperator::AtMost;
        expected = 1;
    } else if (keyword == "greaterthan") {
        filter.op = FilterOperator::Above;
        expected = 1;
    } else if (keyword == "lessthan") {
        filter.op = FilterOperator::Below;
        expected = 1;
    } else if (keyword == "between") {
        filter.op = FilterOperator::Between;
        expected = 2;
    } else {
        filter.op = FilterOperator::AnyOf;
    }
    if (filter.op != FilterOperator::AnyOf) parts.erase(parts.begin());

    if (parts.empty() || (expected != 0 && parts.size() != expected)) {
        std::string operands = "at least one value";
        if (expected == 1) operands = "one value";
        if (expected == 2) operands = "two values";
        throw QueryError("Filter '" + name + "=" + value + "': operator '" + keyword +
                         "' expects " + operands + ".");
    }
    const bool list = filter.op == FilterOperator::AnyOf || filter.op == FilterOperator::NoneOf;
    if (info.type == ValueType::Text && !list) {
        throw QueryError("Filter '" + name + "' accepts only a list of values or notequal.");
    }
    for (const std::string& part : parts) {
        if (part.empty()) throw QueryError("Filter '" + name + "=" + value + "' has an empty value.");
        if (info.type == ValueType::Text) {
            filter.texts.push_back(part);
        } else {
            filter.numbers.push_back(parseValue(info, name, part, list));
        }
    }
    return filter;
}

void parsePaging(const std::string& value, std::int64_t maxPageSize, EntryQuery& query) {
    const std::vector<std::string> parts = splitCommas(value);
    std::int64_t offset = 0;
    std::int64_t limit = 0;
    if (parts.size() != 2 || !parseInteger(parts[0], offset) || !parseInteger(parts[1], limit)) {
        throw QueryError("Invalid paging '" + value + "': expected paging={offset},{limit}.");
    }
    if (offset < 0) throw QueryError("Invalid paging '" + value + "': offset must be 0 or more.");
    if (limit < 1 || limit > maxPageSize) {
        throw QueryError("Invalid paging '" + value + "': limit must be between 1 and " +
                         std::to_string(maxPageSize) + ".");
    }
    query.offset = offset;
    query.limit = limit;
}

void parseOrder(const std::string& value, EntryQuery& query) {
    const std::vector<std::string> parts = splitCommas(value);
    query.order.clear();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const PropertyInfo& info = findProperty(parts[i]);
        if (!info.sortable) throw QueryError("Cannot order by '" + parts[i] + "'.");
        SortKey key;
        key.property = info.property;
        if (i + 1 < parts.size()) {
            const std::string direction = Poco::toLower(parts[i + 1]);
            if (direction == "asc" || direction == "desc") {
                key.descending = direction == "desc";
                ++i;
            }
        }
        query.order.push_back(key);
    }
}

bool contains(const std::vector<std::int64_t>& values, std::int64_t value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool acceptsNumber(const EntryFilter& filter, std::int64_t value) {
    switch (filter.op) {
        case FilterOperator::AnyOf: return contains(filter.numbers, value);
        case FilterOperator::NoneOf: return !contains(filter.numbers, value);
        default: break;
    }
    if (value == NullValue) return false;
    switch (filter.op) {
        case FilterOperator::AtLeast: return value >= filter.numbers[0];
        case FilterOperator::AtMost: return value <= filter.numbers[0];
        case FilterOperator::Above: return value > filter.numbers[0];
        case FilterOperator::Below: return value < filter.numbers[0];
        case FilterOperator::Between: return value >= filter.numbers[0] && value <= filter.numbers[1];
        default: return false;
    }
}

bool acceptsText(const EntryFilter& filter, const std::string& value) {
    const bool found = std::find(filter.texts.begin(), filter.texts.end(), value) != filter.texts.end();
    return filter.op == FilterOperator::AnyOf ? found : !found;
}

}  // namespace

std::int64_t propertyValue(const TimeEntry& entry, const Dataset& dataset, EntryProperty property) {
    auto nullable = [](std::int32_t value) {
        return value == NullId ? NullValue : static_cast<std::int64_t>(value);
    };
    switch (property) {
        case EntryProperty::Id: return entry.id;
        case EntryProperty::OwnerId: return entry.ownerId;
        case EntryProperty::OwnerLegalEntityId: {
            const Owner* owner = dataset.findOwner(entry.ownerId);
            return owner ? owner->legalEntityId : NullValue;
        }
        case EntryProperty::OwnerName: return NullValue;
        case EntryProperty::StartsAt: return entry.startsAt;
        case EntryProperty::EndsAt: return entry.endsAt;
        case EntryProperty::Duration: return entry.durationSeconds;
        case EntryProperty::Unit: return entry.unit;
        case EntryProperty::Layer: return entry.layer;
        case EntryProperty::CreationSource: return entry.creationSource;
        case EntryProperty::AuthorId: return entry.authorId;
        case EntryProperty::ModifierId: return entry.modifierId;
        case EntryProperty::CreatedAt: return entry.createdAt;
        case EntryProperty::ModifiedAt: return entry.modifiedAt;
        case EntryProperty::ArchivedAt: return entry.archivedAt;
        case EntryProperty::TimeTypeId: return nullable(entry.timeTypeId);
        case EntryProperty::TimesheetId: return nullable(entry.timesheetId);
    }
    return NullValue;
}

EntryQuery EntryQuery::parse(const std::vector<std::pair<std::string, std::string>>& parameters,
                             std::int64_t maxPageSize) {
    EntryQuery query;
    for (const auto& parameter : parameters) {
        const std::string name = Poco::toLower(parameter.first);
        if (name == "fields") {
            query.fields = FieldSelection::parse(parameter.second);
        } else if (name == "paging") {
            parsePaging(parameter.second, maxPageSize, query);
        } else if (name == "orderby") {
            parseOrder(parameter.second, query);
        } else {
            query.filters.push_back(parseFilter(parameter.first, parameter.second));
        }
    }
    return query;
}

bool EntryQuery::matches(const TimeEntry& entry, const Dataset& dataset) const {
    for (const EntryFilter& filter : filters) {
        if (filter.property == EntryProperty::OwnerName) {
            const Owner* owner = dataset.findOwner(entry.ownerId);
            if (!acceptsText(filter, owner ? owner->name : std::string())) return false;
        } else if (!acceptsNumber(filter, propertyValue(entry, dataset, filter.property))) {
            return false;
        }
    }
    return true;
}

bool EntryQuery::filtersOn(EntryProperty property) const {
    return std::any_of(filters.begin(), filters.end(),
                       [property](const EntryFilter& filter) { return filter.property == property; });
}

std::pair<std::int64_t, std::int64_t> EntryQuery::idRange() const {
    std::int64_t low = INT64_MIN + 1;
    std::int64_t high = INT64_MAX;
    for (const EntryFilter& filter : filters) {
        if (filter.property != EntryProperty::Id) continue;
        const auto& v = filter.numbers;
        switch (filter.op) {
            case FilterOperator::AtLeast: low = std::max(low, v[0]); break;
            case FilterOperator::Above: low = std::max(low, v[0] == INT64_MAX ? v[0] : v[0] + 1); break;
            case FilterOperator::AtMost: high = std::min(high, v[0]); break;
            case FilterOperator::Below: high = std::min(high, v[0] == INT64_MIN ? v[0] : v[0] - 1); break;
            case FilterOperator::Between:
                low = std::max(low, v[0]);
                high = std::min(high, v[1]);
                break;
            case FilterOperator::AnyOf:
                low = std::max(low, *std::min_element(v.begin(), v.end()));
                high = std::min(high, *std::max_element(v.begin(), v.end()));
                break;
            case FilterOperator::NoneOf: break;
        }
    }
    return {low, high};
}

bool EntryQuery::ordersById() const {
    return order.empty() || (order.size() == 1 && order[0].property == EntryProperty::Id);
}

}  // namespace Simulator
}  // namespace Lucca
