#include "CommandContext.h"

#include "HostError.h"

namespace host {

PipelineDefinition CommandContext::loadPipeline() const {
    const auto& arguments = commandLine.arguments;
    // `state ACTION PIPELINE ...` names the file second, other commands first.
    // state needs no step configuration, so it works without its variables set.
    if (commandLine.command == "state") {
        return host::loadPipeline(arguments.at(1), environment, PipelineParts::WithoutStepConfig);
    }
    return host::loadPipeline(arguments.at(0), environment);
}

LoadedStep loadStep(const CommandContext& context, const StepDefinition& step) {
    LoadedStep loaded{step, nullptr};
    try {
        loaded.library = PluginLibrary::load(context.locator.resolve(step.connector));
    } catch (const PluginLoadError& error) {
        throw PluginLoadError("step '" + step.name + "' (line " + std::to_string(step.line) +
                              "): " + error.what());
    }

    try {
        context.logger.redactor().addSecrets(
            loaded.library->secrets().secretValues(step.configJson));
    } catch (const std::exception& error) {
        throw UsageError("step '" + step.name + "': " + error.what());
    }
    return loaded;
}

std::vector<LoadedStep> loadSteps(const CommandContext& context,
                                  const std::vector<StepDefinition>& steps) {
    std::vector<LoadedStep> loaded;
    for (const auto& step : steps) loaded.push_back(loadStep(context, step));
    return loaded;
}

std::unique_ptr<ConnectorInstance> createConfiguredInstance(const CommandContext& context,
                                                            const PipelineDefinition& pipeline,
                                                            const LoadedStep& step,
                                                            StateStore* store) {
    StepId id{pipeline.name, step.definition.name};
    auto services = std::make_unique<HostServices>(id, context.logger, store);
    auto instance = std::make_unique<ConnectorInstance>(step.library, std::move(services));

    CallOutcome outcome = instance->configure(step.definition.configJson);
    if (outcome.ok()) return instance;

    ExitCode code =
        outcome.result == CONNECTOR_RETRYABLE ? ExitCode::RetryableFailure : ExitCode::UsageError;
    throw HostError(code, "step '" + step.definition.name + "' (line " +
                              std::to_string(step.definition.line) + "): connector " +
                              step.library->description() +
                              " rejected the configuration: " + outcome.message);
}

}  // namespace host
