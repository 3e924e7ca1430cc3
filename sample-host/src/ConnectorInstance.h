#ifndef HOST_CONNECTOR_INSTANCE_H
#define HOST_CONNECTOR_INSTANCE_H

#include <connector/connector.h>

#include <memory>
#include <string>

#include "ExitCode.h"
#include "HostServices.h"
#include "PluginLibrary.h"

namespace host {

/// Result of one call into a connector, with the error text it set.
struct CallOutcome {
    connector_result result = CONNECTOR_OK;
    /// The connector's error message, with secrets masked; empty on success.
    std::string message;

    bool ok() const { return result == CONNECTOR_OK; }
    /// Returns the exit code for this outcome (0, 1 or 2).
    ExitCode exitCode() const;
    /// Returns "retryable" or "permanent".
    const char* kind() const;
};

/// One connector instance bound to one pipeline step.
///
/// Owns the instance handle and the HostServices it was created with, and
/// shares ownership of the library, so the library stays loaded until the
/// destructor has called the connector's destroy. Not thread-safe: the ABI
/// allows one call at a time per instance.
class ConnectorInstance {
public:
    /// Calls the connector's create. Throws HostError with the connector's
    /// message and exit code when create fails.
    ConnectorInstance(std::shared_ptr<PluginLibrary> library,
                      std::unique_ptr<HostServices> services);
    ~ConnectorInstance();

    ConnectorInstance(const ConnectorInstance&) = delete;
    ConnectorInstance& operator=(const ConnectorInstance&) = delete;

    CallOutcome configure(const std::string& configJson);
    /// Stores the connector's report in `report` on success.
    CallOutcome check(std::string& report);
    CallOutcome run();
    /// Stores the connector's status JSON in `statusJson` on success.
    CallOutcome status(std::string& statusJson);

    const PluginLibrary& library() const { return *_library; }
    HostServices& services() { return *_services; }

private:
    /// Turns a raw result plus the error text set during the call into an
    /// outcome; an unknown result code counts as a permanent failure.
    CallOutcome finish(const char* call, int result) const;

    std::shared_ptr<PluginLibrary> _library;
    std::unique_ptr<HostServices> _services;
    connector_instance* _instance = nullptr;
};

}  // namespace host

#endif
