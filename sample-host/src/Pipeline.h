#ifndef HOST_PIPELINE_H
#define HOST_PIPELINE_H

#include <string>
#include <vector>

#include "VariableExpansion.h"

namespace host {

/// Source of a step's connector: a name looked up in the plugin
/// directories, or an explicit shared library path.
struct ConnectorReference {
    /// Connector name such as "lucca-timeentries"; empty when `libraryPath` is set.
    std::string name;
    /// Absolute library path, resolved against the pipeline file's folder.
    std::string libraryPath;

    /// Returns the name, or the library path when no name is set.
    const std::string& label() const { return name.empty() ? libraryPath : name; }
};

/// One entry of the `steps:` list.
struct StepDefinition {
    std::string name;
    ConnectorReference connector;
    /// The `config:` mapping as compact JSON, variables already expanded.
    std::string configJson;
    /// 1-based line of the step in the pipeline file.
    int line = 0;
};

/// The `state:` mapping: the store that keeps the steps' state and locks.
struct StateDefinition {
    /// Store backend; "sqlite" is the only one this host implements.
    std::string type = "sqlite";
    /// Absolute path of the SQLite file.
    std::string path;
    int line = 0;
};

/// A parsed pipeline file. Plain data, safe to copy and share between threads.
struct PipelineDefinition {
    std::string name;
    /// Absolute path of the file it was read from.
    std::string filePath;
    StateDefinition state;
    /// Steps in file order, names unique.
    std::vector<StepDefinition> steps;

    /// Returns the step called `name`, or nullptr.
    const StepDefinition* findStep(const std::string& name) const;
};

/// Parts of a pipeline file that loadPipeline reads.
enum class PipelineParts {
    /// Everything, with each step's `config:` converted to JSON.
    All,
    /// Everything but the steps' `config:` mappings, which stay "{}". For
    /// commands that only need names and the state store, so that they work
    /// without the configuration's variables set.
    WithoutStepConfig,
};

/// Reads and checks the pipeline file at `path`, expanding `${NAME}`
/// references through `lookup`. Throws UsageError with a message of the form
/// `FILE:LINE:COLUMN: what is wrong` for unreadable files, invalid YAML,
/// missing or duplicate fields, invalid names and unset variables.
PipelineDefinition loadPipeline(const std::string& path, const VariableLookup& lookup,
                                PipelineParts parts = PipelineParts::All);

/// Returns the steps to work on: all of them, or only `stepName` when it is
/// not empty. Throws UsageError when no step has that name.
std::vector<StepDefinition> selectSteps(const PipelineDefinition& pipeline,
                                        const std::string& stepName);

}  // namespace host

#endif
