/* A connector whose function table claims ABI major version 999. */
#include <connector/connector.h>

static connector_result create(const connector_host* host, connector_instance** instance) {
    (void)host;
    (void)instance;
    return CONNECTOR_PERMANENT;
}

static const connector_plugin table = {
    sizeof(connector_plugin),
    999,
    0,
    "broken-abi-major",
    "0.0.0",
    "{}",
    create,
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
