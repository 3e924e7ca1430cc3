#include "StateStoreFactory.h"

#include "SqliteStateStore.h"

namespace host {

std::unique_ptr<StateStore> openStateStore(const StateDefinition& state) {
    // TODO: add a PostgreSQL store for hosts that share pipelines; the
    // pipeline loader rejects "postgresql" until then.
    if (state.type != "sqlite") {
        throw UsageError("state type '" + state.type + "' is not supported; use 'sqlite'");
    }
    return std::make_unique<SqliteStateStore>(state.path);
}

}  // namespace host
