// The lucca-timeentries connector: the class behind the connector ABI.
#pragma once

#include <connector/connector.hpp>
#include <memory>
#include <optional>
#include <string>

#include "config/ConnectorConfig.h"
#include "time/Clock.h"

namespace lucca {

/// Keeps a table equal to a Lucca tenant's actual, non-archived time
/// entries. One instance serves one pipeline step; the host calls it from one
/// thread at a time. Every method throws connector::Error subclasses, which
/// the ABI helper turns into result codes; no message contains a secret.
class LuccaConnector : public connector::Connector {
public:
    /// Uses the system clock.
    explicit LuccaConnector(connector::Host host);

    /// Uses `clock` for the sync start time, so tests can choose it.
    LuccaConnector(connector::Host host, std::shared_ptr<const Clock> clock);

    /// Validates the JSON configuration and keeps it. No network or database
    /// access, because hosts call it to validate pipeline files.
    void configure(const std::string& configJson) override;

    /// Sends one count request per partition and counts the destination's
    /// rows. Returns a report of several lines. Throws ApiError whose message
    /// starts with "unreachable", "unauthorized" or "tls" when Lucca fails.
    std::string check() override;

    /// Runs one sync. See SyncEngine.
    void run() override;

    /// Returns a JSON object with each partition's watermark and last run.
    std::string status() override;

private:
    const ConnectorConfig& config() const;

    std::shared_ptr<const Clock> _clock;
    std::optional<ConnectorConfig> _config;
};

}  // namespace lucca
