// The library's one exported symbol, connector_entry.
#include "LuccaConnector.h"
#include "config/ConfigSchema.h"

#include <connector/connector.hpp>

CONNECTOR_EXPORT(lucca::LuccaConnector, "lucca-timeentries", LUCCA_CONNECTOR_VERSION,
                 lucca::configSchema())
