#include "sync/Partition.h"

namespace lucca {

std::vector<Partition> partitionsOf(const ScopeConfig& scope) {
    std::vector<Partition> partitions;
    switch (scope.kind) {
        case ScopeConfig::Kind::Tenant:
            partitions.push_back(Partition{"all", std::nullopt});
            break;
        case ScopeConfig::Kind::LegalEntities:
            for (std::int64_t id : scope.ids) {
                partitions.push_back(
                    Partition{"legalEntity/" + std::to_string(id),
                              QueryParameter{"owner.legalEntityId", std::to_string(id)}});
            }
            break;
        case ScopeConfig::Kind::Owners:
            for (std::int64_t id : scope.ids) {
                partitions.push_back(Partition{"owner/" + std::to_string(id),
                                               QueryParameter{"ownerId", std::to_string(id)}});
            }
            break;
    }
    return partitions;
}

}  // namespace lucca
