#include "PluginLocator.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "HostError.h"

namespace host {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> splitSearchPath(const std::string& text) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t colon = text.find(':', start);
        if (colon == std::string::npos) colon = text.size();
        if (colon > start) parts.push_back(text.substr(start, colon - start));
        start = colon + 1;
    }
    return parts;
}

std::string executableFolder() {
    std::error_code error;
    fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (error) return ".";
    return executable.parent_path().string();
}

}  // namespace

PluginLocator PluginLocator::fromOptions(const std::string& pluginDirOption) {
    if (!pluginDirOption.empty()) return PluginLocator({pluginDirOption});
    if (const char* fromEnvironment = std::getenv("CONNECTOR_PLUGIN_PATH")) {
        std::vector<std::string> directories = splitSearchPath(fromEnvironment);
        if (!directories.empty()) return PluginLocator(directories);
    }
    return PluginLocator({(fs::path(executableFolder()) / ".." / "lib").lexically_normal()});
}

std::string PluginLocator::resolve(const ConnectorReference& connector) const {
    if (!connector.libraryPath.empty()) {
        if (!fs::exists(connector.libraryPath)) {
            throw PluginLoadError("connector library '" + connector.libraryPath +
                                  "' does not exist; check the step's 'library' path");
        }
        return connector.libraryPath;
    }

    std::string searched;
    for (const auto& directory : _directories) {
        fs::path candidate = fs::path(directory) / (connector.name + ".so");
        if (fs::exists(candidate)) return candidate.string();
        searched += (searched.empty() ? "" : ", ") + directory;
    }
    throw PluginLoadError("unknown connector '" + connector.name + "': no file '" + connector.name +
                          ".so' in " + searched +
                          "; set --plugin-dir or CONNECTOR_PLUGIN_PATH, or give 'library'");
}

}  // namespace host
