#include "PluginLibrary.h"

#include <dlfcn.h>

#include <string>

#include "HostError.h"

namespace host {

namespace {

std::string lastDlError() {
    const char* text = dlerror();
    return text ? text : "unknown dynamic loader error";
}

std::string abiVersion(unsigned major, unsigned minor) {
    return std::to_string(major) + "." + std::to_string(minor);
}

}  // namespace

std::shared_ptr<PluginLibrary> PluginLibrary::load(const std::string& path) {
    // 1. Map the library; RTLD_NOW reports missing symbols here, not mid-run.
    dlerror();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        throw PluginLoadError("cannot load connector library '" + path + "': " + lastDlError());
    }
    std::shared_ptr<PluginLibrary> library(new PluginLibrary(path, handle));

    // 2. Resolve the entry symbol.
    dlerror();
    void* symbol = dlsym(handle, CONNECTOR_ENTRY_SYMBOL);
    if (symbol == nullptr) {
        throw PluginLoadError("connector library '" + path + "' does not export '" +
                              CONNECTOR_ENTRY_SYMBOL + "' (" + lastDlError() +
                              "); build it with CONNECTOR_EXPORT from connector.hpp");
    }

    // 3. Negotiate the ABI version and check the table.
    auto entry = reinterpret_cast<connector_entry_fn>(symbol);
    library->_table = entry(CONNECTOR_ABI_MAJOR, CONNECTOR_ABI_MINOR);
    if (library->_table == nullptr) {
        throw PluginLoadError("connector library '" + path + "' rejected host ABI " +
                              abiVersion(CONNECTOR_ABI_MAJOR, CONNECTOR_ABI_MINOR) +
                              " (connector_entry returned NULL); rebuild it against this SDK");
    }
    library->checkTable();

    // 4. Read which configuration properties are secret.
    try {
        library->_secrets = SecretSchema::parse(library->_table->config_schema);
    } catch (const std::exception& error) {
        throw PluginLoadError("connector library '" + path + "': " + error.what());
    }
    return library;
}

void PluginLibrary::checkTable() const {
    const connector_plugin& table = *_table;
    const std::string prefix = "connector library '" + _path + "' ";
    if (table.abi_major != CONNECTOR_ABI_MAJOR) {
        throw PluginLoadError(
            prefix + "implements connector ABI " + abiVersion(table.abi_major, table.abi_minor) +
            ", but this host supports major version " + std::to_string(CONNECTOR_ABI_MAJOR) +
            " only; use a build of the connector for ABI " + std::to_string(CONNECTOR_ABI_MAJOR) +
            ".x");
    }
    if (table.struct_size < kPluginTableSizeV1_0) {
        throw PluginLoadError(prefix + "returned a function table of " +
                              std::to_string(table.struct_size) + " bytes, smaller than the " +
                              std::to_string(kPluginTableSizeV1_0) +
                              " bytes of ABI 1.0; the library is damaged or not a connector");
    }

    const std::pair<const char*, bool> required[] = {
        {"name", table.name != nullptr},
        {"version", table.version != nullptr},
        {"config_schema", table.config_schema != nullptr},
        {"create", table.create != nullptr},
        {"configure", table.configure != nullptr},
        {"check", table.check != nullptr},
        {"run", table.run != nullptr},
        {"status", table.status != nullptr},
        {"destroy", table.destroy != nullptr},
    };
    for (const auto& [field, present] : required) {
        if (!present)
            throw PluginLoadError(prefix + "leaves the required field '" + field + "' NULL");
    }
}

std::string PluginLibrary::description() const {
    return std::string(_table->name) + " " + _table->version;
}

PluginLibrary::~PluginLibrary() { dlclose(_handle); }

}  // namespace host
