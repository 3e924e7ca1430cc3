#include "Pipeline.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <regex>
#include <set>

#include "HostError.h"
#include "YamlToJson.h"

namespace host {

namespace fs = std::filesystem;

namespace {

/// Builds error messages that point into one pipeline file.
class FileErrors {
public:
    explicit FileErrors(std::string path) : _path(std::move(path)) {}

    UsageError at(const YAML::Mark& mark, const std::string& message) const {
        // yaml-cpp marks a node that has no position with line -1.
        if (mark.line < 0) return at(1, 1, message);
        return at(mark.line + 1, mark.column + 1, message);
    }

    UsageError at(int line, int column, const std::string& message) const {
        return UsageError(_path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                          message);
    }

private:
    std::string _path;
};

bool isValidName(const std::string& name) {
    // The length bound also keeps std::regex, which recurses per character,
    // from overflowing the stack on a huge name.
    static const std::regex pattern("[A-Za-z0-9][A-Za-z0-9._-]*");
    return name.size() <= 128 && std::regex_match(name, pattern);
}

void rejectUnknownKeys(const YAML::Node& mapping, const std::set<std::string>& allowed,
                       const std::string& where, const FileErrors& errors) {
    for (const auto& item : mapping) {
        const std::string key = item.first.Scalar();
        if (allowed.count(key) == 0) {
            std::string list;
            for (const auto& name : allowed) list += (list.empty() ? "" : ", ") + name;
            throw errors.at(item.first.Mark(),
                            "unknown key '" + key + "' in " + where + "; expected one of: " + list);
        }
    }
}

std::string requireScalar(const YAML::Node& node, const std::string& what,
                          const FileErrors& errors) {
    if (!node.IsScalar() || node.Scalar().empty()) {
        throw errors.at(node.Mark(), what + " must be a non-empty text value");
    }
    return node.Scalar();
}

std::string expandField(const YAML::Node& node, const std::string& what,
                        const VariableLookup& lookup, const FileErrors& errors) {
    std::string text = requireScalar(node, what, errors);
    try {
        return expandVariables(text, lookup);
    } catch (const VariableError& error) {
        throw errors.at(node.Mark(), what + ": " + error.what());
    }
}

std::string resolveAgainst(const fs::path& folder, const std::string& path) {
    fs::path candidate(path);
    if (candidate.is_relative()) candidate = folder / candidate;
    return candidate.lexically_normal().string();
}

YAML::Node parseFile(const std::string& path, const FileErrors& errors) {
    try {
        return YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        throw UsageError("cannot open pipeline file '" + path +
                         "': " + (fs::exists(path) ? "permission denied" : "no such file"));
    } catch (const YAML::ParserException& error) {
        throw errors.at(error.mark, "invalid YAML: " + error.msg);
    }
}

std::string readPipelineName(const YAML::Node& root, const FileErrors& errors) {
    const YAML::Node node = root["pipeline"];
    if (!node) throw errors.at(1, 1, "missing key 'pipeline': give the pipeline a name");
    std::string name = requireScalar(node, "'pipeline'", errors);
    if (!isValidName(name)) {
        throw errors.at(node.Mark(), "invalid pipeline name '" + name +
                                         "': use up to 128 letters, digits, '.', '_' and '-'");
    }
    return name;
}

StateDefinition readState(const YAML::Node& root, const std::string& pipelineName,
                          const fs::path& folder, const VariableLookup& lookup,
                          const FileErrors& errors) {
    StateDefinition state;
    const YAML::Node node = root["state"];
    if (!node) {
        state.path = resolveAgainst(folder, pipelineName + ".state.db");
        return state;
    }
    if (!node.IsMap()) throw errors.at(node.Mark(), "'state' must be a mapping with 'path'");
    rejectUnknownKeys(node, {"type", "path"}, "'state'", errors);
    state.line = node.Mark().line + 1;

    if (node["type"]) state.type = requireScalar(node["type"], "'state.type'", errors);
    if (state.type == "postgresql") {
        throw errors.at(node["type"].Mark(),
                        "state type 'postgresql' is not supported by this host yet; "
                        "use 'sqlite'");
    }
    if (state.type != "sqlite") {
        throw errors.at(node["type"].Mark(),
                        "unknown state type '" + state.type + "'; expected 'sqlite'");
    }
    if (!node["path"]) {
        state.path = resolveAgainst(folder, pipelineName + ".state.db");
        return state;
    }
    state.path = resolveAgainst(folder, expandField(node["path"], "'state.path'", lookup, errors));
    return state;
}

ConnectorReference readConnector(const YAML::Node& step, const std::string& stepName,
                                 const fs::path& folder, const VariableLookup& lookup,
                                 const FileErrors& errors) {
    const YAML::Node name = step["connector"];
    const YAML::Node library = step["library"];
    if (name && library) {
        throw errors.at(library.Mark(),
                        "step '" + stepName + "' sets both 'connector' and 'library'; keep one");
    }
    if (!name && !library) {
        throw errors.at(step.Mark(), "step '" + stepName +
                                         "' has no connector: set 'connector' to a connector "
                                         "name or 'library' to a shared library path");
    }

    ConnectorReference reference;
    if (library) {
        reference.libraryPath =
            resolveAgainst(folder, expandField(library, "'library'", lookup, errors));
        return reference;
    }
    reference.name = requireScalar(name, "'connector'", errors);
    if (!isValidName(reference.name)) {
        throw errors.at(name.Mark(), "invalid connector name '" + reference.name +
                                         "': use up to 128 letters, digits, '.', '_' and "
                                         "'-', or set 'library' to a path");
    }
    return reference;
}

std::string readConfig(const YAML::Node& step, const std::string& stepName,
                       const VariableLookup& lookup, const FileErrors& errors) {
    const YAML::Node config = step["config"];
    if (!config || config.IsNull()) return "{}";
    if (!config.IsMap()) {
        throw errors.at(config.Mark(), "'config' of step '" + stepName + "' must be a mapping");
    }
    try {
        return yamlToJson(config, lookup);
    } catch (const ConversionError& error) {
        throw errors.at(error.line(), error.column(), "step '" + stepName + "': " + error.what());
    }
}

StepDefinition readStep(const YAML::Node& node, const fs::path& folder,
                        const VariableLookup& lookup, PipelineParts parts,
                        const FileErrors& errors) {
    if (!node.IsMap()) throw errors.at(node.Mark(), "each step must be a mapping with 'name'");
    rejectUnknownKeys(node, {"name", "connector", "library", "config"}, "a step", errors);
    if (!node["name"]) throw errors.at(node.Mark(), "step without 'name'");

    StepDefinition step;
    step.line = node.Mark().line + 1;
    step.name = requireScalar(node["name"], "step 'name'", errors);
    if (!isValidName(step.name)) {
        throw errors.at(node["name"].Mark(), "invalid step name '" + step.name +
                                                 "': use up to 128 letters, digits, '.', '_' and '-'");
    }
    step.connector = readConnector(node, step.name, folder, lookup, errors);
    step.configJson =
        parts == PipelineParts::All ? readConfig(node, step.name, lookup, errors) : "{}";
    return step;
}

std::vector<StepDefinition> readSteps(const YAML::Node& root, const fs::path& folder,
                                      const VariableLookup& lookup, PipelineParts parts,
                                      const FileErrors& errors) {
    const YAML::Node node = root["steps"];
    if (!node) throw errors.at(1, 1, "missing key 'steps': list at least one step");
    if (!node.IsSequence() || node.size() == 0) {
        throw errors.at(node.Mark(), "'steps' must be a non-empty list of steps");
    }

    std::vector<StepDefinition> steps;
    std::set<std::string> names;
    for (const auto& item : node) {
        StepDefinition step = readStep(item, folder, lookup, parts, errors);
        if (!names.insert(step.name).second) {
            throw errors.at(item["name"].Mark(), "duplicate step name '" + step.name + "'");
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

}  // namespace

const StepDefinition* PipelineDefinition::findStep(const std::string& stepName) const {
    for (const auto& step : steps) {
        if (step.name == stepName) return &step;
    }
    return nullptr;
}

PipelineDefinition loadPipeline(const std::string& path, const VariableLookup& lookup,
                                PipelineParts parts) {
    PipelineDefinition pipeline;
    pipeline.filePath = fs::absolute(path).lexically_normal().string();
    FileErrors errors(path);
    fs::path folder = fs::path(pipeline.filePath).parent_path();

    YAML::Node root = parseFile(path, errors);
    if (!root.IsMap()) {
        throw errors.at(root.Mark(),
                        "a pipeline file must be a mapping with 'pipeline' and 'steps'");
    }
    rejectUnknownKeys(root, {"pipeline", "state", "steps"}, "the pipeline file", errors);

    pipeline.name = readPipelineName(root, errors);
    pipeline.state = readState(root, pipeline.name, folder, lookup, errors);
    pipeline.steps = readSteps(root, folder, lookup, parts, errors);
    return pipeline;
}

std::vector<StepDefinition> selectSteps(const PipelineDefinition& pipeline,
                                        const std::string& stepName) {
    if (stepName.empty()) return pipeline.steps;
    if (const StepDefinition* step = pipeline.findStep(stepName)) return {*step};

    std::string names;
    for (const auto& step : pipeline.steps) names += (names.empty() ? "" : ", ") + step.name;
    throw UsageError("pipeline '" + pipeline.name + "' has no step '" + stepName +
                     "'; its steps are: " + names);
}

}  // namespace host
