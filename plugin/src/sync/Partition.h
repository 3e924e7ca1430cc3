// A partition of the scope: the unit that keeps its own watermark.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/ConnectorConfig.h"
#include "http/QueryString.h"

namespace lucca {

/// One partition: the whole tenant, one legal entity or one owner.
struct Partition {
    std::string name;                      ///< "all", "legalEntity/3" or "owner/7"
    std::optional<QueryParameter> filter;  ///< the scope filter, none for "all"

    /// Returns the host state key of the partition's watermark.
    std::string watermarkKey() const { return "watermark/" + name; }

    /// Returns the host state key of the partition's last-run record.
    std::string lastRunKey() const { return "lastRun/" + name; }
};

/// Returns the partitions of `scope`, in the configured order.
std::vector<Partition> partitionsOf(const ScopeConfig& scope);

}  // namespace lucca
