#include "PluginHost.h"

#include <dlfcn.h>

#include <stdexcept>

namespace lucca::test {
namespace {

const connector_plugin* loadPlugin() {
    static const connector_plugin* plugin = [] {
        void* library = dlopen(LUCCA_CONNECTOR_PLUGIN, RTLD_NOW | RTLD_LOCAL);
        if (!library) throw std::runtime_error(std::string("dlopen failed: ") + dlerror());
        auto entry = reinterpret_cast<connector_entry_fn>(dlsym(library, CONNECTOR_ENTRY_SYMBOL));
        if (!entry) throw std::runtime_error(std::string("dlsym failed: ") + dlerror());
        const connector_plugin* table = entry(CONNECTOR_ABI_MAJOR, CONNECTOR_ABI_MINOR);
        if (!table) throw std::runtime_error("connector_entry rejected the ABI version");
        return table;
    }();
    return plugin;
}

void appendTo(void* receiver, const char* data, size_t size) {
    static_cast<std::string*>(receiver)->append(data, size);
}

const char* levelName(connector_log_level level) {
    switch (level) {
        case CONNECTOR_LOG_TRACE:
            return "TRACE";
        case CONNECTOR_LOG_DEBUG:
            return "DEBUG";
        case CONNECTOR_LOG_INFO:
            return "INFO";
        case CONNECTOR_LOG_WARNING:
            return "WARNING";
        case CONNECTOR_LOG_ERROR:
            return "ERROR";
    }
    return "?";
}

}  // namespace

PluginHost::PluginHost() {
    _plugin = loadPlugin();
    _table.struct_size = sizeof(connector_host);
    _table.abi_major = CONNECTOR_ABI_MAJOR;
    _table.abi_minor = CONNECTOR_ABI_MINOR;
    _table.context = this;
    _table.log = [](void* context, connector_log_level level, const char* text, size_t size) {
        std::lock_guard<std::mutex> lock(self(context)->_mutex);
        self(context)->_log.push_back(std::string(levelName(level)) + " " +
                                      std::string(text, size));
    };
    _table.set_error = [](void* context, const char* text, size_t size) {
        std::lock_guard<std::mutex> lock(self(context)->_mutex);
        self(context)->_error.assign(text, size);
    };
    _table.state_get = [](void* context, const char* key, size_t keySize,
                          connector_receive_fn receive, void* receiver) {
        std::string value;
        {
            std::lock_guard<std::mutex> lock(self(context)->_mutex);
            auto& state = self(context)->_state;
            auto found = state.find(std::string(key, keySize));
            if (found == state.end()) return static_cast<int>(CONNECTOR_STATE_NOT_FOUND);
            value = found->second;
        }
        receive(receiver, value.data(), value.size());
        return static_cast<int>(CONNECTOR_STATE_OK);
    };
    _table.state_put = [](void* context, const char* key, size_t keySize, const char* value,
                          size_t valueSize) {
        std::lock_guard<std::mutex> lock(self(context)->_mutex);
        self(context)->_state[std::string(key, keySize)] = std::string(value, valueSize);
        return static_cast<int>(CONNECTOR_STATE_OK);
    };
    _table.state_compare_and_set = [](void* context, const char* key, size_t keySize,
                                      const char* expected, size_t expectedSize, const char* value,
                                      size_t valueSize) {
        std::lock_guard<std::mutex> lock(self(context)->_mutex);
        auto& state = self(context)->_state;
        std::string name(key, keySize);
        auto found = state.find(name);
        bool matches = expected ? (found != state.end() &&
                                   found->second == std::string(expected, expectedSize))
                                : found == state.end();
        if (!matches) return static_cast<int>(CONNECTOR_STATE_NOT_FOUND);
        state[name] = std::string(value, valueSize);
        return static_cast<int>(CONNECTOR_STATE_OK);
    };
    _table.state_delete = [](void* context, const char* key, size_t keySize) {
        std::lock_guard<std::mutex> lock(self(context)->_mutex);
        self(context)->_state.erase(std::string(key, keySize));
        return static_cast<int>(CONNECTOR_STATE_OK);
    };
    _table.progress = [](void* context, uint64_t, uint64_t, const char*) {
        ++self(context)->_progressCalls;
    };
    _table.is_cancelled = [](void* context) {
        PluginHost* host = self(context);
        int limit = host->_cancelAfter.load();
        return (limit >= 0 && host->_progressCalls.load() >= limit) ? 1 : 0;
    };
    if (_plugin->create(&_table, &_instance) != CONNECTOR_OK) {
        throw std::runtime_error("create failed: " + _error);
    }
}

PluginHost::~PluginHost() {
    if (_instance) _plugin->destroy(_instance);
}

CallResult PluginHost::finish(connector_result code, std::string output) {
    CallResult result;
    result.code = code;
    result.output = std::move(output);
    std::lock_guard<std::mutex> lock(_mutex);
    if (code != CONNECTOR_OK) result.message = _error;
    _error.clear();
    return result;
}

CallResult PluginHost::configure(const std::string& json) {
    return finish(_plugin->configure(_instance, json.data(), json.size()));
}

CallResult PluginHost::run() {
    _progressCalls = 0;
    CallResult result = finish(_plugin->run(_instance));
    _cancelAfter = -1;
    return result;
}

CallResult PluginHost::check() {
    std::string report;
    connector_result code = _plugin->check(_instance, &appendTo, &report);
    return finish(code, report);
}

CallResult PluginHost::status() {
    std::string json;
    connector_result code = _plugin->status(_instance, &appendTo, &json);
    return finish(code, json);
}

std::string PluginHost::stateValue(const std::string& key) const {
    std::lock_guard<std::mutex> lock(_mutex);
    auto found = _state.find(key);
    return found == _state.end() ? "" : found->second;
}

void PluginHost::setState(const std::string& key, const std::string& value) {
    std::lock_guard<std::mutex> lock(_mutex);
    _state[key] = value;
}

void PluginHost::eraseState(const std::string& key) {
    std::lock_guard<std::mutex> lock(_mutex);
    _state.erase(key);
}

std::vector<std::string> PluginHost::logLines() const {
    std::lock_guard<std::mutex> lock(_mutex);
    return _log;
}

std::string PluginHost::configSchema() const { return _plugin->config_schema; }

}  // namespace lucca::test
