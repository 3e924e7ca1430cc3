// A connector_host for unit tests: state in memory, log lines kept.
#pragma once

#include <connector/connector.hpp>
#include <map>
#include <string>
#include <vector>

namespace lucca::test {

/// Implements every host function in memory. Not thread-safe.
class RecordingHost {
public:
    RecordingHost() {
        _table.struct_size = sizeof(connector_host);
        _table.abi_major = CONNECTOR_ABI_MAJOR;
        _table.abi_minor = CONNECTOR_ABI_MINOR;
        _table.context = this;
        _table.log = [](void* context, connector_log_level, const char* text, size_t size) {
            self(context)->logLines.emplace_back(text, size);
        };
        _table.set_error = [](void* context, const char* text, size_t size) {
            self(context)->error.assign(text, size);
        };
        _table.state_get = [](void* context, const char* key, size_t keySize,
                              connector_receive_fn receive, void* receiver) {
            auto& state = self(context)->state;
            auto found = state.find(std::string(key, keySize));
            if (found == state.end()) return static_cast<int>(CONNECTOR_STATE_NOT_FOUND);
            receive(receiver, found->second.data(), found->second.size());
            return static_cast<int>(CONNECTOR_STATE_OK);
        };
        _table.state_put = [](void* context, const char* key, size_t keySize, const char* value,
                              size_t valueSize) {
            self(context)->state[std::string(key, keySize)] = std::string(value, valueSize);
            return static_cast<int>(CONNECTOR_STATE_OK);
        };
        _table.state_compare_and_set = [](void* context, const char* key, size_t keySize,
                                          const char* expected, size_t expectedSize,
                                          const char* value, size_t valueSize) {
            auto& state = self(context)->state;
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
            self(context)->state.erase(std::string(key, keySize));
            return static_cast<int>(CONNECTOR_STATE_OK);
        };
        _table.progress = [](void*, uint64_t, uint64_t, const char*) {};
        _table.is_cancelled = [](void* context) { return self(context)->cancelled ? 1 : 0; };
    }

    RecordingHost(const RecordingHost&) = delete;
    RecordingHost& operator=(const RecordingHost&) = delete;

    connector::Host host() const { return connector::Host(&_table); }

    std::map<std::string, std::string> state;
    std::vector<std::string> logLines;
    std::string error;
    bool cancelled = false;

private:
    static RecordingHost* self(void* context) { return static_cast<RecordingHost*>(context); }

    connector_host _table{};
};

}  // namespace lucca::test
