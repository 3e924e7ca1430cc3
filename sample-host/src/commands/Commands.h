#ifndef HOST_COMMANDS_H
#define HOST_COMMANDS_H

#include "CommandContext.h"
#include "ExitCode.h"

namespace host {

/// The subcommands of connector-host. Each returns the process exit code
/// and logs the failures of single steps itself. A failure that ends the
/// whole command, such as an invalid pipeline file, is thrown as HostError.

/// Runs the pipeline's steps in order and stops at the first failure.
ExitCode runCommand(const CommandContext& context);

/// Checks the pipeline file and each step's configuration, without side effects.
ExitCode validateCommand(const CommandContext& context);

/// Calls each step's check function and prints the reports to stdout.
ExitCode checkCommand(const CommandContext& context);

/// Prints each step's status and lock holder, as a table or as JSON.
ExitCode statusCommand(const CommandContext& context);

/// Lists, reads, writes or deletes step state.
ExitCode stateCommand(const CommandContext& context);

}  // namespace host

#endif
