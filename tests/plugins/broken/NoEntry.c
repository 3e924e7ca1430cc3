/* A shared library that exports a function but not connector_entry. */
#include <connector/connector.h>

CONNECTOR_EXPORT_SYMBOL int not_a_connector_entry(void) { return 0; }
