#include "sync/EntryQuery.h"

namespace lucca {

std::string entryFields(const std::vector<std::string>& extraFields) {
    std::string fields =
        "id,ownerId,owner[id,name,legalEntityId],startsAt,endsAt,duration,unit,layer,"
        "creationSource,authorId,modifierId,createdAt,modifiedAt,archivedAt,axisSections,"
        "comment,timeTypeId,timesheetId";
    for (const std::string& field : extraFields) fields += "," + field;
    return fields;
}

std::vector<EntryQuery> partitionQueries(const Partition& partition, const std::string& since,
                                         bool deleteArchived) {
    // Every request excludes theoretical entries (layer 1).
    std::vector<QueryParameter> base{{"layer", "notequal,1"}};
    if (partition.filter) base.push_back(*partition.filter);

    std::vector<EntryQuery> queries;
    if (since.empty()) {
        queries.push_back(EntryQuery{"full load", base});
        if (deleteArchived) {
            EntryQuery archived{"archived entries", base};
            archived.filters.emplace_back("archivedAt", "notequal,null");
            queries.push_back(archived);
        }
        return queries;
    }
    EntryQuery changed{"changed since " + since, base};
    changed.filters.emplace_back("modifiedAt", "since," + since);
    EntryQuery archived{"archived since " + since, base};
    archived.filters.emplace_back("archivedAt", "since," + since);
    queries.push_back(changed);
    queries.push_back(archived);
    return queries;
}

std::vector<QueryParameter> countParameters(const EntryQuery& query) {
    std::vector<QueryParameter> parameters = query.filters;
    parameters.emplace_back("fields", "collection.count");
    return parameters;
}

std::vector<QueryParameter> pageParameters(const EntryQuery& query, const std::string& fields,
                                           std::int64_t afterId, int pageSize) {
    // Paging by id rather than by offset: entries created or archived during
    // the run shift offsets, but never move an unread id below `afterId`.
    std::vector<QueryParameter> parameters = query.filters;
    if (afterId > 0) parameters.emplace_back("id", "greaterthan," + std::to_string(afterId));
    parameters.emplace_back("fields", fields);
    parameters.emplace_back("orderby", "id,asc");
    parameters.emplace_back("paging", "0," + std::to_string(pageSize));
    return parameters;
}

}  // namespace lucca
