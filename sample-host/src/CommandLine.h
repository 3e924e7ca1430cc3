#ifndef HOST_COMMAND_LINE_H
#define HOST_COMMAND_LINE_H

#include <string>
#include <vector>

#include "Logger.h"

namespace host {

/// The parsed command line of connector-host.
struct CommandLine {
    /// run, validate, check, status or state; empty with --help alone.
    std::string command;
    /// Positional arguments after the command; the pipeline file comes first.
    std::vector<std::string> arguments;
    /// --step: work on this step only.
    std::string stepName;
    /// --show-config (validate).
    bool showConfig = false;
    /// --json (status).
    bool json = false;
    /// --help or -h, for the program or for `command`.
    bool help = false;
    /// --log-level.
    LogLevel logLevel = LogLevel::Info;
    /// --plugin-dir; empty when not given.
    std::string pluginDir;
};

/// Parses `argc`/`argv`. Options may come before or after the command, as
/// `--name value` or `--name=value`, and `--` ends the options. Throws
/// UsageError for an unknown command or option, an option the command does
/// not take, a missing value or a wrong number of arguments.
CommandLine parseCommandLine(int argc, const char* const* argv);

/// Returns the help text of `command`, or of the program when it is empty.
std::string helpText(const std::string& command);

}  // namespace host

#endif
