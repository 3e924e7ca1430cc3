#include <chrono>
#include <cstdio>

#include "Commands.h"
#include "HostError.h"
#include "SignalCancellation.h"
#include "StateStoreFactory.h"

namespace host {

namespace {

using Clock = std::chrono::steady_clock;

std::string formatSeconds(Clock::duration duration) {
    char text[32];
    double seconds = std::chrono::duration<double>(duration).count();
    std::snprintf(text, sizeof text, "%.3f s", seconds);
    return text;
}

/// Counts of step outcomes for the closing summary line.
struct RunSummary {
    int succeeded = 0;
    int failed = 0;
    int skipped = 0;
    ExitCode exitCode = ExitCode::Success;
};

/// Runs one step under its lock and returns its exit code. Logs the start,
/// the outcome and, for failures, whether a retry may help.
ExitCode runStep(const CommandContext& context, const PipelineDefinition& pipeline,
                 const LoadedStep& step, StateStore& store) {
    StepId id{pipeline.name, step.definition.name};
    const std::string scope = id.label();
    Clock::time_point start = Clock::now();

    try {
        // 1. Take the step lock, so that a second run of the step fails here at once.
        std::unique_ptr<StepLock> lock = store.tryLockStep(id);
        context.logger.log(LogLevel::Info, scope,
                           "step started with connector " + step.library->description());

        // 2. Create and configure the instance, then run it.
        auto instance = createConfiguredInstance(context, pipeline, step, &store);
        CallOutcome outcome = instance->run();
        std::string elapsed = formatSeconds(Clock::now() - start);

        // 3. Report the outcome. The lock is released when this scope ends.
        if (outcome.ok()) {
            context.logger.log(LogLevel::Info, scope, "step succeeded in " + elapsed);
            return ExitCode::Success;
        }
        if (cancellationRequested()) {
            context.logger.log(LogLevel::Warning, scope,
                               "step cancelled after " + elapsed + ": " + outcome.message);
            return ExitCode::Cancelled;
        }
        std::string advice = outcome.result == CONNECTOR_RETRYABLE
                                 ? "; a later run may succeed"
                                 : "; fix the cause before running it again";
        context.logger.log(LogLevel::Error, scope,
                           std::string("step failed (") + outcome.kind() + ") after " + elapsed +
                               ": " + outcome.message + advice);
        return outcome.exitCode();
    } catch (const HostError& error) {
        context.logger.log(LogLevel::Error, scope, std::string("step failed: ") + error.what());
        return error.code();
    } catch (const StateStoreError& error) {
        context.logger.log(LogLevel::Error, scope,
                           std::string("step failed: state store error: ") + error.what());
        return ExitCode::RetryableFailure;
    }
}

void logSummary(const CommandContext& context, const PipelineDefinition& pipeline,
                const RunSummary& summary, Clock::duration duration) {
    std::string line = "run finished: " + std::to_string(summary.succeeded) + " step(s) ok, " +
                       std::to_string(summary.failed) + " failed, " +
                       std::to_string(summary.skipped) + " skipped in " + formatSeconds(duration) +
                       " (exit code " + std::to_string(toInt(summary.exitCode)) + ")";
    LogLevel level = summary.exitCode == ExitCode::Success ? LogLevel::Info : LogLevel::Error;
    context.logger.log(level, pipeline.name, line);
}

/// Loads the connectors of the selected steps and opens the state store.
/// Throws HostError when a connector cannot be loaded or the store opened.
std::vector<LoadedStep> prepareRun(const CommandContext& context,
                                   const PipelineDefinition& pipeline,
                                   std::unique_ptr<StateStore>& store) {
    std::vector<LoadedStep> steps =
        loadSteps(context, selectSteps(pipeline, context.commandLine.stepName));
    try {
        store = openStateStore(pipeline.state);
    } catch (const StateStoreError& error) {
        throw HostError(ExitCode::PermanentFailure, error.what());
    }
    return steps;
}

}  // namespace

ExitCode runCommand(const CommandContext& context) {
    Clock::time_point start = Clock::now();
    RunSummary summary;

    // 1. Read the pipeline, then load every connector before anything runs.
    //    An invalid file ends the command without a summary, because the
    //    pipeline it would summarise is unknown.
    PipelineDefinition pipeline = context.loadPipeline();
    std::unique_ptr<StateStore> store;
    std::vector<LoadedStep> steps;
    try {
        steps = prepareRun(context, pipeline, store);
    } catch (const HostError& error) {
        context.logger.log(LogLevel::Error, pipeline.name, error.what());
        summary.exitCode = error.code();
        summary.skipped = static_cast<int>(pipeline.steps.size());
        if (!context.commandLine.stepName.empty()) summary.skipped = 1;
        logSummary(context, pipeline, summary, Clock::now() - start);
        return summary.exitCode;
    }

    // 2. Run the steps in order. The first failure or a signal skips the rest.
    for (const LoadedStep& step : steps) {
        if (summary.exitCode != ExitCode::Success || cancellationRequested()) {
            context.logger.log(LogLevel::Info, pipeline.name + "/" + step.definition.name,
                               "step skipped");
            ++summary.skipped;
            continue;
        }
        ExitCode code = runStep(context, pipeline, step, *store);
        if (code == ExitCode::Success) {
            ++summary.succeeded;
        } else {
            ++summary.failed;
            summary.exitCode = code;
        }
    }
    // Steps skipped after successful ones can only be skipped because of a signal.
    if (summary.skipped > 0 && summary.exitCode == ExitCode::Success) {
        summary.exitCode = ExitCode::Cancelled;
    }

    // 3. Close with one summary line.
    logSummary(context, pipeline, summary, Clock::now() - start);
    return summary.exitCode;
}

}  // namespace host
