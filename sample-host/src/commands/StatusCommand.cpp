#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "Commands.h"
#include "HostError.h"
#include "StateStoreFactory.h"

namespace host {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

constexpr std::size_t kMaxCellWidth = 72;

/// Status of one step: its lock holder and its connector's report or error.
struct StepStatus {
    std::string step;
    std::string connector;
    std::optional<LockHolder> holder;
    /// The connector's status object; null when the call failed.
    Object::Ptr status;
    std::string error;
    ExitCode code = ExitCode::Success;
};

Object::Ptr parseObject(const std::string& json) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    Var parsed = parser.parse(json);
    if (parsed.type() != typeid(Object::Ptr)) throw std::runtime_error("not a JSON object");
    return parsed.extract<Object::Ptr>();
}

StepStatus collectStatus(const CommandContext& context, const PipelineDefinition& pipeline,
                         const LoadedStep& step, StateStore& store) {
    StepStatus result{step.definition.name, step.library->description(), {}, nullptr, {}};
    result.holder = store.lockHolder({pipeline.name, step.definition.name});
    try {
        auto instance = createConfiguredInstance(context, pipeline, step, &store);
        std::string json;
        CallOutcome outcome = instance->status(json);
        if (!outcome.ok()) {
            result.error =
                std::string("status failed (") + outcome.kind() + "): " + outcome.message;
            result.code = outcome.exitCode();
            return result;
        }
        result.status = parseObject(context.logger.redactor().redact(json));
    } catch (const HostError& error) {
        result.error = error.what();
        result.code = error.code();
    } catch (const std::exception& error) {
        result.error = std::string("the connector's status is not a JSON object: ") + error.what();
        result.code = ExitCode::PermanentFailure;
    }
    return result;
}

std::string cellText(const Var& value) {
    std::string text;
    if (value.isEmpty()) {
        text = "null";
    } else if (value.type() == typeid(Object::Ptr) ||
               value.type() == typeid(Poco::JSON::Array::Ptr)) {
        std::ostringstream out;
        Poco::JSON::Stringifier::stringify(value, out, 0);
        text = out.str();
    } else {
        text = value.convert<std::string>();
    }
    if (text.size() > kMaxCellWidth) text = text.substr(0, kMaxCellWidth - 3) + "...";
    return text;
}

/// Prints one row per status field, with the step and connector on the first row only.
void printTable(const std::vector<StepStatus>& steps) {
    std::vector<std::vector<std::string>> rows = {{"STEP", "CONNECTOR", "FIELD", "VALUE"}};
    for (const StepStatus& step : steps) {
        std::vector<std::pair<std::string, std::string>> fields;
        fields.emplace_back("running", step.holder ? "yes, " + step.holder->describe() : "no");
        if (step.status) {
            for (const auto& member : *step.status) {
                fields.emplace_back(member.first, cellText(member.second));
            }
        } else {
            fields.emplace_back("error", step.error);
        }
        for (std::size_t i = 0; i < fields.size(); ++i) {
            rows.push_back({i == 0 ? step.step : "", i == 0 ? step.connector : "", fields[i].first,
                            fields[i].second});
        }
    }

    std::vector<std::size_t> widths(3, 0);
    for (const auto& row : rows) {
        for (std::size_t column = 0; column < widths.size(); ++column) {
            widths[column] = std::max(widths[column], row[column].size());
        }
    }
    for (const auto& row : rows) {
        for (std::size_t column = 0; column < widths.size(); ++column) {
            std::cout << std::left << std::setw(static_cast<int>(widths[column] + 2))
                      << row[column];
        }
        std::cout << row[3] << "\n";
    }
}

void printJson(const PipelineDefinition& pipeline, const std::vector<StepStatus>& steps) {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const StepStatus& step : steps) {
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("step", step.step);
        item->set("connector", step.connector);
        if (step.holder) {
            Object::Ptr holder = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            holder->set("pid", step.holder->pid);
            holder->set("host", step.holder->hostName);
            holder->set("since", step.holder->since);
            item->set("running", holder);
        } else {
            item->set("running", Var());
        }
        item->set("status", step.status ? Var(step.status) : Var());
        if (!step.error.empty()) item->set("error", step.error);
        items->add(item);
    }
    Object::Ptr document = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    document->set("pipeline", pipeline.name);
    document->set("steps", items);
    Poco::JSON::Stringifier::stringify(document, std::cout, 2);
    std::cout << "\n";
}

}  // namespace

ExitCode statusCommand(const CommandContext& context) {
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
    std::vector<StepStatus> statuses;
    for (const LoadedStep& step : steps) {
        statuses.push_back(collectStatus(context, pipeline, step, *store));
        if (!statuses.back().error.empty()) {
            context.logger.log(LogLevel::Error, pipeline.name + "/" + step.definition.name,
                               statuses.back().error);
        }
        result = moreSevere(result, statuses.back().code);
    }

    if (context.commandLine.json) {
        printJson(pipeline, statuses);
    } else {
        printTable(statuses);
    }
    return result;
}

}  // namespace host
