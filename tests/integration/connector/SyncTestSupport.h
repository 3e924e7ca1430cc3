// Shared pieces of the connector's integration tests: destinations on both
// backends, the connector configuration, and the comparison of the table
// with the simulator's ground truth.
#pragma once

#include <SimulatorProcess.h>
#include <TempDir.h>

#include <string>

#include "PluginHost.h"
#include "destination/Destination.h"

namespace lucca::test {

/// The API key the integration simulators accept. It is distinctive so that
/// a leak into a log line, a message or the state is easy to find.
constexpr const char* kApiKey = "itest-key-5b1f0c7e9a";

enum class Backend { SQLite, PostgreSQL };

/// A destination table for one test, empty at the start.
struct TestDestination {
    DestinationConfig config;
    std::string json;  ///< the `destination` object of the connector configuration
};

/// Creates an empty destination named `table`. For PostgreSQL reads
/// LUCCA_TEST_POSTGRES and fails the test when it is unset, then drops the
/// table if it exists. For SQLite uses a file in `directory`.
TestDestination makeDestination(Backend backend, const Lucca::Test::TempDir& directory,
                                const std::string& table);

/// Returns the arguments that start a simulator for these tests: the test
/// API key, no rate limit, plus `extra`.
std::vector<std::string> simulatorArguments(const std::vector<std::string>& extra = {});

/// Returns a connector configuration against `baseUrl` with quick retries,
/// no client rate limit, a 5 s timeout and `extra` JSON members appended
/// (for example `"pageSize": 100`).
std::string connectorConfig(const std::string& baseUrl, const TestDestination& destination,
                            const std::string& extra = "");

/// Compares the whole table with GET /_sim/truth (optionally scoped by
/// `scopeQuery`, such as "legalEntityId=1"): same ids, each modelled column
/// equal to the truth's field, and each row's JSON equal byte for byte to
/// the truth's item with the connector's fields.
void requireTableMatchesTruth(const Lucca::Test::SimulatorProcess& simulator,
                              const TestDestination& destination,
                              const std::string& scopeQuery = "");

/// Fails when the API key appears in the host's log, state or `texts`.
void requireNoApiKeyLeak(const PluginHost& host, const std::vector<std::string>& texts = {});

/// Returns the value of `field` in the last-run record of `partition`.
long long lastRunNumber(const PluginHost& host, const std::string& partition,
                        const std::string& field);

/// Returns the number of seconds to add to the host clock so that it shows
/// the simulator clock's current time.
long long clockOffsetTo(const Lucca::Test::SimulatorProcess& simulator);

}  // namespace lucca::test
