#ifndef HOST_COMMAND_CONTEXT_H
#define HOST_COMMAND_CONTEXT_H

#include <memory>
#include <string>
#include <vector>

#include "CommandLine.h"
#include "ConnectorInstance.h"
#include "Logger.h"
#include "Pipeline.h"
#include "PluginLibrary.h"
#include "PluginLocator.h"
#include "StateStore.h"
#include "VariableExpansion.h"

namespace host {

/// Inputs shared by every command: the command line, the logger, the
/// connector search path and the variable lookup. Used from the main thread only.
struct CommandContext {
    CommandLine commandLine;
    Logger& logger;
    PluginLocator locator;
    VariableLookup environment;

    /// Reads the pipeline file named on the command line. Throws UsageError.
    PipelineDefinition loadPipeline() const;
};

/// A pipeline step together with its loaded connector library.
struct LoadedStep {
    StepDefinition definition;
    std::shared_ptr<PluginLibrary> library;
};

/// Loads the connector library of `step` and adds the step's secret values
/// to the logger's redactor. Throws PluginLoadError naming the step.
LoadedStep loadStep(const CommandContext& context, const StepDefinition& step);

/// Loads the libraries of all `steps` before any of them runs, so that every
/// secret is known before the first log line about a step.
std::vector<LoadedStep> loadSteps(const CommandContext& context,
                                  const std::vector<StepDefinition>& steps);

/// Creates a connector instance for `step` and configures it. `store` may
/// be null when the command opens no state store.
///
/// Throws HostError when the connector rejects its configuration, with
/// exit code 3 for a permanent rejection and 1 for a retryable one. The
/// message names the step and its line.
std::unique_ptr<ConnectorInstance> createConfiguredInstance(const CommandContext& context,
                                                            const PipelineDefinition& pipeline,
                                                            const LoadedStep& step,
                                                            StateStore* store);

}  // namespace host

#endif
