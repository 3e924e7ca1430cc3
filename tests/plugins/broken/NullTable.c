/* A connector whose entry returns NULL, as one that rejects the host's ABI. */
#include <connector/connector.h>

CONNECTOR_EXPORT_SYMBOL const connector_plugin* connector_entry(uint16_t host_abi_major,
                                                                uint16_t host_abi_minor) {
    (void)host_abi_major;
    (void)host_abi_minor;
    return NULL;
}
