#include <filesystem>
#include <iostream>

#include "Commands.h"
#include "HostError.h"

namespace host {

namespace {

/// Checks what validate can check of the state store without opening it.
void checkStateFolder(const PipelineDefinition& pipeline) {
    std::filesystem::path folder = std::filesystem::path(pipeline.state.path).parent_path();
    if (!std::filesystem::is_directory(folder)) {
        throw UsageError(pipeline.filePath + ":" +
                         std::to_string(std::max(pipeline.state.line, 1)) +
                         ": the folder of state file '" + pipeline.state.path +
                         "' does not exist; create it or change 'state.path'");
    }
}

/// Loads and configures one step. Returns its exit code and logs failures.
ExitCode validateStep(const CommandContext& context, const PipelineDefinition& pipeline,
                      const StepDefinition& definition, std::string& maskedConfig) {
    const std::string scope = pipeline.name + "/" + definition.name;
    try {
        LoadedStep step = loadStep(context, definition);
        maskedConfig = step.library->secrets().maskConfig(definition.configJson, true);
        createConfiguredInstance(context, pipeline, step, nullptr);
        context.logger.log(LogLevel::Debug, scope,
                           "configuration accepted by " + step.library->description());
        return ExitCode::Success;
    } catch (const HostError& error) {
        context.logger.log(LogLevel::Error, scope, error.what());
        return error.code();
    }
}

void printConfig(const StepDefinition& step, const std::string& maskedConfig,
                 const SecretRedactor& redactor) {
    std::cout << "# step " << step.name << " (" << step.connector.label() << ", line " << step.line
              << ")\n";
    if (maskedConfig.empty()) {
        std::cout << "# not shown: the connector did not load, so its secret fields are unknown\n";
    } else {
        // Masks secrets that also appear inside other fields' text.
        std::cout << redactor.redact(maskedConfig) << "\n";
    }
}

}  // namespace

ExitCode validateCommand(const CommandContext& context) {
    // 1. The file itself: YAML, required keys, names, variables.
    PipelineDefinition pipeline = context.loadPipeline();
    checkStateFolder(pipeline);

    // 2. Every step, so one run reports all broken steps at once.
    ExitCode result = ExitCode::Success;
    std::vector<std::string> maskedConfigs(pipeline.steps.size());
    for (std::size_t i = 0; i < pipeline.steps.size(); ++i) {
        result = moreSevere(result,
                            validateStep(context, pipeline, pipeline.steps[i], maskedConfigs[i]));
    }

    // 3. The configuration, masked, only once every step's secrets are known.
    if (context.commandLine.showConfig) {
        for (std::size_t i = 0; i < pipeline.steps.size(); ++i) {
            printConfig(pipeline.steps[i], maskedConfigs[i], context.logger.redactor());
        }
    }
    if (result == ExitCode::Success) {
        std::cout << "pipeline '" << pipeline.name << "' is valid: " << pipeline.steps.size()
                  << " step(s)\n";
    }
    return result;
}

}  // namespace host
