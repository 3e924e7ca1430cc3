// The queries a sync sends for one partition.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "http/QueryString.h"
#include "sync/Partition.h"

namespace lucca {

/// One filtered set of entries to read in pages: for example the entries of
/// a partition changed since its watermark.
struct EntryQuery {
    std::string description;              ///< for logs, such as "changed since 2026-01-05T10:00:00"
    std::vector<QueryParameter> filters;  ///< scope, layer and date filters
};

/// Returns the `fields` value: the modelled fields, then `extraFields`.
std::string entryFields(const std::vector<std::string>& extraFields);

/// Returns the queries of a partition. With no watermark (`since` empty) a
/// full load: every actual entry, plus every archived entry when
/// `deleteArchived` is set, to remove rows left by an earlier run. With a
/// watermark: entries modified since `since`, then entries archived since.
std::vector<EntryQuery> partitionQueries(const Partition& partition, const std::string& since,
                                         bool deleteArchived);

/// Returns the parameters of the count request of `query`.
std::vector<QueryParameter> countParameters(const EntryQuery& query);

/// Returns the parameters of the page after id `afterId` (0 for the first
/// page): sorted by id, at most `pageSize` items.
std::vector<QueryParameter> pageParameters(const EntryQuery& query, const std::string& fields,
                                           std::int64_t afterId, int pageSize);

}  // namespace lucca
