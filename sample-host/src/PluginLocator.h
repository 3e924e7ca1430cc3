#ifndef HOST_PLUGIN_LOCATOR_H
#define HOST_PLUGIN_LOCATOR_H

#include <string>
#include <vector>

#include "Pipeline.h"

namespace host {

/// Finds the shared library of a step's connector.
///
/// A connector name NAME resolves to `DIR/NAME.so` in the first directory
/// that has it. The directories come from `--plugin-dir`, else from the
/// colon-separated CONNECTOR_PLUGIN_PATH, else `<executable folder>/../lib`.
class PluginLocator {
public:
    explicit PluginLocator(std::vector<std::string> directories)
        : _directories(std::move(directories)) {}

    /// Builds the search list from the `--plugin-dir` value (empty when not
    /// given) and the environment.
    static PluginLocator fromOptions(const std::string& pluginDirOption);

    /// Returns the library path for `connector`. Throws PluginLoadError,
    /// listing the directories searched, when no such file exists.
    std::string resolve(const ConnectorReference& connector) const;

    const std::vector<std::string>& directories() const { return _directories; }

private:
    std::vector<std::string> _directories;
};

}  // namespace host

#endif
