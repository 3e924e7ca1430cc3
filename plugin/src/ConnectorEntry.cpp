// The library's one exported symbol, connector_entry.
#include <connector/connector.hpp>

#include "LuccaConnector.h"
#include "config/ConfigSchema.h"

CONNECTOR_EXPORT(lucca::LuccaConnector, "lucca-timeentries", LUCCA_CONNECTOR_VERSION,
                 lucca::configSchema())
