#ifndef HOST_PLUGIN_LIBRARY_H
#define HOST_PLUGIN_LIBRARY_H

#include <connector/connector.h>

#include <memory>
#include <string>

#include "SecretSchema.h"

namespace host {

/// Size of connector_plugin in ABI 1.0, the smallest table this host
/// accepts. It stays this value when later minor versions append fields.
constexpr std::uint32_t kPluginTableSizeV1_0 =
    offsetof(connector_plugin, destroy) + sizeof(connector_plugin::destroy);

/// A loaded connector library and its checked function table.
///
/// Shared ownership keeps the library mapped: every ConnectorInstance holds
/// a reference, so the library is unloaded (dlclose) only after the last
/// instance from it is destroyed. The table is read-only, so one object may
/// be used from several threads.
class PluginLibrary {
public:
    /// Loads `path` with dlopen(RTLD_NOW | RTLD_LOCAL), calls its
    /// connector_entry with this host's ABI version and checks the returned
    /// table: not NULL, same ABI major, struct_size at least that of ABI 1.0,
    /// every string and function present, config_schema valid JSON. Throws
    /// PluginLoadError naming the path and the failed check, with the
    /// dlerror() text where the dynamic loader failed.
    static std::shared_ptr<PluginLibrary> load(const std::string& path);

    ~PluginLibrary();

    PluginLibrary(const PluginLibrary&) = delete;
    PluginLibrary& operator=(const PluginLibrary&) = delete;

    /// The function table, valid while this object lives.
    const connector_plugin& table() const { return *_table; }
    const std::string& path() const { return _path; }
    /// The connector's name and version, as "lucca-timeentries 1.2.0".
    std::string description() const;
    /// The secret properties of the connector's configuration schema.
    const SecretSchema& secrets() const { return _secrets; }

private:
    PluginLibrary(std::string path, void* handle) : _path(std::move(path)), _handle(handle) {}

    void checkTable() const;

    std::string _path;
    void* _handle;
    const connector_plugin* _table = nullptr;
    SecretSchema _secrets;
};

}  // namespace host

#endif
