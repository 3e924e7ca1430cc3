/* A connector whose function table reports a struct_size below ABI 1.0's. */
#include <connector/connector.h>

static const connector_plugin table = {
    8,
    CONNECTOR_ABI_MAJOR,
    CONNECTOR_ABI_MINOR,
    "broken-struct-size",
    "0.0.0",
    "{}",
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};

CONNECTOR_EXPORT_SYMBOL const connector_plugin* connector_entry(uint16_t host_abi_major,
                                                                uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return &table;
}
