#include <cstdio>
#include <iomanip>
#include <iostream>
#include <iterator>

#include "Commands.h"
#include "HostError.h"
#include "StateStoreFactory.h"

namespace host {

namespace {

constexpr std::size_t kPreviewLength = 48;

/// Returns the start of `value` with control characters escaped, for a table cell.
std::string preview(const std::string& value) {
    std::string text;
    for (char c : value.substr(0, kPreviewLength)) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            char code[8];
            std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned char>(c));
            text += code;
        } else {
            text += c;
        }
    }
    if (value.size() > kPreviewLength) text += "...";
    return text;
}

ExitCode listState(StateStore& store, const PipelineDefinition& pipeline,
                   const std::string& stepName) {
    std::vector<StateEntry> entries = store.list(pipeline.name, stepName);
    std::size_t stepWidth = 4;
    std::size_t keyWidth = 3;
    for (const auto& entry : entries) {
        stepWidth = std::max(stepWidth, entry.step.size());
        keyWidth = std::max(keyWidth, entry.key.size());
    }
    auto row = [&](const std::string& step, const std::string& key, const std::string& bytes,
                   const std::string& updated, const std::string& value) {
        std::cout << std::left << std::setw(static_cast<int>(stepWidth + 2)) << step
                  << std::setw(static_cast<int>(keyWidth + 2)) << key << std::setw(8) << bytes
                  << std::setw(26) << updated << value << "\n";
    };
    row("STEP", "KEY", "BYTES", "UPDATED", "VALUE");
    for (const auto& entry : entries) {
        row(entry.step, entry.key, std::to_string(entry.value.size()), entry.updatedAt,
            preview(entry.value));
    }
    return ExitCode::Success;
}

std::string readValueArgument(const std::string& argument) {
    if (argument != "-") return argument;
    return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

void warnUnknownStep(const CommandContext& context, const PipelineDefinition& pipeline,
                     const std::string& stepName) {
    if (pipeline.findStep(stepName) == nullptr) {
        context.logger.log(
            LogLevel::Warning, pipeline.name,
            "pipeline has no step '" + stepName + "'; working on its leftover state anyway");
    }
}

}  // namespace

ExitCode stateCommand(const CommandContext& context) {
    const std::vector<std::string>& arguments = context.commandLine.arguments;
    const std::string& action = arguments[0];
    PipelineDefinition pipeline = context.loadPipeline();

    std::unique_ptr<StateStore> store;
    try {
        store = openStateStore(pipeline.state);
    } catch (const StateStoreError& error) {
        throw HostError(ExitCode::PermanentFailure, error.what());
    }

    if (action == "list")
        return listState(*store, pipeline, arguments.size() > 2 ? arguments[2] : "");

    StepId step{pipeline.name, arguments[2]};
    const std::string& key = arguments[3];
    warnUnknownStep(context, pipeline, step.step);

    if (action == "get") {
        std::optional<std::string> value = store->get(step, key);
        if (!value) {
            throw UsageError("no state under key '" + key + "' of step '" + step.label() + "'");
        }
        std::cout << *value << "\n";
        return ExitCode::Success;
    }

    // set and delete change what a running step relies on, so they take its lock.
    std::unique_ptr<StepLock> lock = store->tryLockStep(step);
    if (action == "set") {
        std::string value = readValueArgument(arguments[4]);
        store->put(step, key, value);
        context.logger.log(
            LogLevel::Info, step.label(),
            "stored state key '" + key + "' (" + std::to_string(value.size()) + " bytes)");
    } else {
        store->remove(step, key);
        context.logger.log(LogLevel::Info, step.label(), "deleted state key '" + key + "'");
    }
    return ExitCode::Success;
}

}  // namespace host
