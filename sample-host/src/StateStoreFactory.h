#ifndef HOST_STATE_STORE_FACTORY_H
#define HOST_STATE_STORE_FACTORY_H

#include <memory>

#include "Pipeline.h"
#include "StateStore.h"

namespace host {

/// Opens the store that `state` describes. Throws StateStoreError when it
/// cannot be opened and UsageError for a type this host does not implement.
std::unique_ptr<StateStore> openStateStore(const StateDefinition& state);

}  // namespace host

#endif
