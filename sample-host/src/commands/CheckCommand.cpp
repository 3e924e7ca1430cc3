#include <iostream>

#include "Commands.h"
#include "HostError.h"
#include "StateStoreFactory.h"

namespace host {

ExitCode checkCommand(const CommandContext& context) {
    PipelineDefinition pipeline = context.loadPipeline();
    std::vector<LoadedStep> steps =
        loadSteps(context, selectSteps(pipeline, context.commandLine.stepName));
    std::unique_ptr<StateStore> store;
    try {
        store = openStateStore(pipeline.state);
    } catch (const StateStoreError& error) {
        throw HostError(ExitCode::PermanentFailure, error.what());
    }

    ExitCode result = ExitCode::Success;
    for (const LoadedStep& step : steps) {
        const std::string scope = pipeline.name + "/" + step.definition.name;
        std::cout << "== " << step.definition.name << " (" << step.library->description() << ")\n";
        try {
            auto instance = createConfiguredInstance(context, pipeline, step, store.get());
            std::string report;
            CallOutcome outcome = instance->check(report);
            std::cout << context.logger.redactor().redact(report);
            if (!report.empty() && report.back() != '\n') std::cout << '\n';
            if (!outcome.ok()) {
                std::cout << "check failed (" << outcome.kind() << "): " << outcome.message << "\n";
                context.logger.log(
                    LogLevel::Error, scope,
                    std::string("check failed (") + outcome.kind() + "): " + outcome.message);
            }
            result = moreSevere(result, outcome.exitCode());
        } catch (const HostError& error) {
            std::cout << "check not run: " << error.what() << "\n";
            context.logger.log(LogLevel::Error, scope, error.what());
            result = moreSevere(result, error.code());
        }
    }
    std::cout.flush();
    return result;
}

}  // namespace host
