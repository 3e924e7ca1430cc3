// A connector for the host's tests. Its `mode` setting selects what run
// does: succeed, write keys, sleep until cancelled, rewrite a counter in a
// loop, or fail in each of the ways a real connector can.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <connector/connector.hpp>
#include <cstring>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "CounterValue.h"

namespace {

const char* const kSchema = R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "mode": {"enum": ["succeed", "keys", "sleep", "counter", "retryable", "permanent", "throw"]},
    "keys": {"type": "integer", "minimum": 0},
    "sleepSeconds": {"type": "number", "minimum": 0},
    "iterations": {"type": "integer", "minimum": 0},
    "ackFile": {"type": "string"},
    "message": {"type": "string"},
    "apiKey": {"type": "string", "secret": true},
    "credentials": {
      "type": "object",
      "properties": {
        "user": {"type": "string"},
        "password": {"type": "string", "secret": true}
      }
    },
    "logSecret": {"type": "boolean"},
    "ignoreCancellation": {"type": "boolean"}
  }
})";

const std::set<std::string> kModes = {"succeed",   "keys",      "sleep", "counter",
                                      "retryable", "permanent", "throw"};

/// The parsed configuration of the test connector.
struct Settings {
    std::string mode = "succeed";
    int keys = 0;
    double sleepSeconds = 0;
    std::uint64_t iterations = 0;
    std::string ackFile;
    std::string message = "failure requested by the test configuration";
    std::string apiKey;
    bool logSecret = false;
    bool ignoreCancellation = false;
};

class TestConnector : public connector::Connector {
public:
    explicit TestConnector(connector::Host host) : Connector(host) {}

    void configure(const std::string& configJson) override {
        Poco::JSON::Object::Ptr config;
        try {
            config = Poco::JSON::Parser().parse(configJson).extract<Poco::JSON::Object::Ptr>();
        } catch (const Poco::Exception& error) {
            throw connector::PermanentError("configuration is not a JSON object: " +
                                            error.displayText());
        }
        _settings = readSettings(*config);
    }

    std::string check() override { return "test connector in mode '" + _settings.mode + "': ok"; }

    void run() override {
        host().info("run started in mode '" + _settings.mode + "'");
        if (_settings.logSecret) host().info("using API key " + _settings.apiKey);

        const std::string& mode = _settings.mode;
        if (mode == "succeed") host().statePut("lastRun", "succeeded");
        if (mode == "keys") writeKeys();
        if (mode == "sleep") sleep();
        if (mode == "counter") rewriteCounter();
        if (mode == "retryable") throw connector::RetryableError(_settings.message);
        if (mode == "permanent") throw connector::PermanentError(_settings.message);
        if (mode == "throw") throw std::runtime_error(_settings.message);
    }

    std::string status() override {
        std::optional<std::string> counter = host().stateGet("counter");
        std::optional<std::string> lastRun = host().stateGet("lastRun");
        Poco::JSON::Object status;
        status.set("mode", _settings.mode);
        status.set("lastRun", lastRun ? Poco::Dynamic::Var(*lastRun) : Poco::Dynamic::Var());
        if (counter) {
            auto number = test_plugins::parseCounterValue(*counter);
            status.set("counter", number ? Poco::Dynamic::Var(*number) : Poco::Dynamic::Var());
        }
        status.set("apiKey", _settings.apiKey);
        std::ostringstream out;
        status.stringify(out);
        return out.str();
    }

private:
    static Settings readSettings(const Poco::JSON::Object& config) {
        Settings settings;
        for (const auto& member : config) {
            const std::string& field = member.first;
            const Poco::Dynamic::Var& value = member.second;
            try {
                applySetting(settings, field, value);
            } catch (const Poco::Exception&) {
                throw connector::PermanentError("invalid value for '" + field +
                                                "': " + value.toString());
            }
        }
        return settings;
    }

    static void applySetting(Settings& settings, const std::string& field,
                             const Poco::Dynamic::Var& value) {
        if (field == "mode") {
            settings.mode = value.toString();
            if (kModes.count(settings.mode) == 0) {
                throw connector::PermanentError("invalid value for 'mode': '" + settings.mode +
                                                "' is not one of succeed, keys, sleep, counter, "
                                                "retryable, permanent, throw");
            }
        } else if (field == "keys") {
            settings.keys = value.convert<int>();
            if (settings.keys < 0) throw connector::PermanentError("'keys' must not be negative");
        } else if (field == "sleepSeconds") {
            settings.sleepSeconds = value.convert<double>();
        } else if (field == "iterations") {
            settings.iterations = value.convert<std::uint64_t>();
        } else if (field == "ackFile") {
            settings.ackFile = value.toString();
        } else if (field == "message") {
            settings.message = value.toString();
        } else if (field == "apiKey") {
            settings.apiKey = value.toString();
        } else if (field == "logSecret") {
            settings.logSecret = value.convert<bool>();
        } else if (field == "ignoreCancellation") {
            settings.ignoreCancellation = value.convert<bool>();
        } else if (field != "credentials") {
            throw connector::PermanentError("unknown configuration field '" + field + "'");
        }
    }

    void writeKeys() {
        for (int i = 0; i < _settings.keys; ++i) {
            host().statePut("key-" + std::to_string(i), "value-" + std::to_string(i));
            host().progress(static_cast<std::uint64_t>(i + 1),
                            static_cast<std::uint64_t>(_settings.keys), "keys");
        }
    }

    // Writes "sleep" only after sleeping in full, so a cancelled run leaves
    // the state as it was.
    void sleep() {
        host().info("sleeping for " + std::to_string(_settings.sleepSeconds) + " s");
        auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(_settings.sleepSeconds);
        while (std::chrono::steady_clock::now() < deadline) {
            if (host().cancelled() && !_settings.ignoreCancellation) {
                throw connector::RetryableError("cancelled while sleeping");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        host().statePut("sleep", "finished");
    }

    // Rewrites "counter" with counterValue(N) for N = stored + 1, + 2, ...
    // Even N go through state_put and odd N through compare-and-set, so a
    // kill test covers both write paths. After each write returns, appends
    // "N\n" to ackFile with write(2), which survives a SIGKILL of this
    // process, so a test can compare the store with the last acknowledged
    // write.
    void rewriteCounter() {
        int ackDescriptor = -1;
        if (!_settings.ackFile.empty()) {
            ackDescriptor = open(_settings.ackFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
            if (ackDescriptor < 0) {
                throw connector::PermanentError("cannot open 'ackFile' " + _settings.ackFile +
                                                ": " + std::strerror(errno));
            }
        }
        std::optional<std::string> stored = host().stateGet("counter");
        std::uint64_t number = 0;
        if (stored) {
            auto parsed = test_plugins::parseCounterValue(*stored);
            if (!parsed) throw connector::PermanentError("stored counter value is damaged");
            number = *parsed;
        }

        for (std::uint64_t i = 0; _settings.iterations == 0 || i < _settings.iterations; ++i) {
            if (host().cancelled()) break;
            ++number;
            std::string value = test_plugins::counterValue(number);
            if (number % 2 == 0) {
                host().statePut("counter", value);
            } else if (!host().stateCompareAndSet("counter", stored, value)) {
                throw connector::PermanentError("counter changed while this step held its lock");
            }
            stored = value;
            if (ackDescriptor >= 0) {
                std::string line = std::to_string(number) + "\n";
                (void)!::write(ackDescriptor, line.data(), line.size());
            }
            host().progress(number, 0, "writes");
        }
        if (ackDescriptor >= 0) close(ackDescriptor);
    }

    Settings _settings;
};

}  // namespace

CONNECTOR_EXPORT(TestConnector, "test-connector", "1.0.0", kSchema)
