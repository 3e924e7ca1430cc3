#include "ConnectorInstance.h"

#include "HostError.h"

namespace host {

namespace {

void appendTo(void* receiver, const char* data, size_t size) {
    static_cast<std::string*>(receiver)->append(data, size);
}

}  // namespace

ExitCode CallOutcome::exitCode() const {
    if (result == CONNECTOR_OK) return ExitCode::Success;
    if (result == CONNECTOR_RETRYABLE) return ExitCode::RetryableFailure;
    return ExitCode::PermanentFailure;
}

const char* CallOutcome::kind() const {
    return result == CONNECTOR_RETRYABLE ? "retryable" : "permanent";
}

ConnectorInstance::ConnectorInstance(std::shared_ptr<PluginLibrary> library,
                                     std::unique_ptr<HostServices> services)
    : _library(std::move(library)), _services(std::move(services)) {
    _services->clearError();
    int result = _library->table().create(_services->table(), &_instance);
    CallOutcome outcome = finish("create", result);
    if (outcome.ok() && _instance == nullptr) {
        outcome = {CONNECTOR_PERMANENT, "create returned success but no instance"};
    }
    if (!outcome.ok()) {
        throw HostError(outcome.exitCode(),
                        "connector " + _library->description() +
                            " failed to create an instance: " + outcome.message);
    }
}

ConnectorInstance::~ConnectorInstance() {
    if (_instance != nullptr) _library->table().destroy(_instance);
}

CallOutcome ConnectorInstance::configure(const std::string& configJson) {
    _services->clearError();
    return finish("configure",
                  _library->table().configure(_instance, configJson.data(), configJson.size()));
}

CallOutcome ConnectorInstance::check(std::string& report) {
    _services->clearError();
    report.clear();
    return finish("check", _library->table().check(_instance, &appendTo, &report));
}

CallOutcome ConnectorInstance::run() {
    _services->clearError();
    return finish("run", _library->table().run(_instance));
}

CallOutcome ConnectorInstance::status(std::string& statusJson) {
    _services->clearError();
    statusJson.clear();
    return finish("status", _library->table().status(_instance, &appendTo, &statusJson));
}

CallOutcome ConnectorInstance::finish(const char* call, int result) const {
    CallOutcome outcome;
    if (result == CONNECTOR_OK) return outcome;

    const Logger& logger = _services->logger();
    outcome.message = logger.redactor().redact(_services->error());
    if (result == CONNECTOR_RETRYABLE || result == CONNECTOR_PERMANENT) {
        outcome.result = static_cast<connector_result>(result);
    } else {
        outcome.result = CONNECTOR_PERMANENT;
        outcome.message = "returned the unknown result code " + std::to_string(result) +
                          (outcome.message.empty() ? "" : ": " + outcome.message);
    }
    if (outcome.message.empty()) {
        outcome.message = std::string(call) + " failed without an error message";
    }
    return outcome;
}

}  // namespace host
