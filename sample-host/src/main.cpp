// connector-host: runs YAML pipelines of connector steps. `connector-host
// --help` lists the commands, options and exit codes.
#include <iostream>

#include "CommandContext.h"
#include "CommandLine.h"
#include "HostError.h"
#include "SignalCancellation.h"
#include "commands/Commands.h"

namespace {

const char* const kProgramScope = "connector-host";

host::ExitCode dispatch(const host::CommandContext& context) {
    const std::string& command = context.commandLine.command;
    if (command == "run") return host::runCommand(context);
    if (command == "validate") return host::validateCommand(context);
    if (command == "check") return host::checkCommand(context);
    if (command == "status") return host::statusCommand(context);
    return host::stateCommand(context);
}

}  // namespace

int main(int argc, char** argv) {
    host::Logger logger;
    try {
        host::CommandLine commandLine = host::parseCommandLine(argc, argv);
        if (commandLine.help) {
            std::cout << host::helpText(commandLine.command);
            return host::toInt(host::ExitCode::Success);
        }
        logger.setThreshold(commandLine.logLevel);
        // Commands that call into connectors stop them through is_cancelled.
        // The others keep the default action, so one Ctrl-C ends them.
        const std::string& command = commandLine.command;
        if (command == "run" || command == "check" || command == "status") {
            host::installCancellationHandlers();
        }

        host::CommandContext context{commandLine, logger,
                                     host::PluginLocator::fromOptions(commandLine.pluginDir),
                                     host::processEnvironment()};
        return host::toInt(dispatch(context));
    } catch (const host::HostError& error) {
        logger.log(host::LogLevel::Error, kProgramScope, error.what());
        return host::toInt(error.code());
    } catch (const host::StateStoreError& error) {
        logger.log(host::LogLevel::Error, kProgramScope, error.what());
        return host::toInt(host::ExitCode::PermanentFailure);
    } catch (const std::exception& error) {
        logger.log(host::LogLevel::Error, kProgramScope,
                   std::string("internal error: ") + error.what());
        return host::toInt(host::ExitCode::PermanentFailure);
    }
}
