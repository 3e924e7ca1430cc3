#ifndef HOST_HOST_ERROR_H
#define HOST_HOST_ERROR_H

#include <stdexcept>
#include <string>

#include "ExitCode.h"

namespace host {

/// Failure that ends a command with a given exit code. The message is
/// complete and safe to print: it names the file, line, step or key at fault
/// and never contains a secret value.
class HostError : public std::runtime_error {
public:
    HostError(ExitCode code, const std::string& message)
        : std::runtime_error(message), _code(code) {}

    ExitCode code() const noexcept { return _code; }

private:
    ExitCode _code;
};

/// An invalid command line, pipeline file or configuration (exit code 3).
class UsageError : public HostError {
public:
    explicit UsageError(const std::string& message) : HostError(ExitCode::UsageError, message) {}
};

/// A connector library that cannot be found, loaded or accepted (exit code 4).
class PluginLoadError : public HostError {
public:
    explicit PluginLoadError(const std::string& message)
        : HostError(ExitCode::PluginLoadError, message) {}
};

}  // namespace host

#endif
