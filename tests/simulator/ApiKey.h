#pragma once

#include "Dataset.h"

#include <cstdint>
#include <set>
#include <string>

namespace Lucca {
namespace Simulator {

/// An API key the simulator accepts, with the owners whose entries it may
/// read. With both sets empty the key reads every entry. Otherwise an entry
/// is visible when its owner is in `ownerIds` or belongs to a legal entity
/// in `legalEntityIds`.
struct ApiKey {
    std::string key;
    std::string principal = "Simulator integration";  ///< Sent as `header.principal`.
    std::set<std::int32_t> legalEntityIds;
    std::set<std::int32_t> ownerIds;

    /// True when the key's scope includes the entry's owner.
    bool allows(const TimeEntry& entry, const Dataset& dataset) const {
        if (legalEntityIds.empty() && ownerIds.empty()) return true;
        if (ownerIds.count(entry.ownerId) != 0) return true;
        const Owner* owner = dataset.findOwner(entry.ownerId);
        return owner != nullptr && legalEntityIds.count(owner->legalEntityId) != 0;
    }
};

}  // namespace Simulator
}  // namespace Lucca
