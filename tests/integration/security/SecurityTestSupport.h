// Shared pieces of the security suite: recognisable secrets, pipeline files
// for connector-host, and the search for secrets in everything written.
#pragma once

#include <SimulatorProcess.h>

#include <map>
#include <string>
#include <vector>

#include "HostProcess.h"

namespace security_test {

/// The API key the simulators accept: distinctive, so that any leak is found.
constexpr const char* kApiKey = "sec-key-Q7xv93LmZp";

/// The PostgreSQL password of the role the PostgreSQL tests create.
constexpr const char* kDatabasePassword = "pg-pass-W4rd8Kq2";

/// The environment connector-host runs with: both secrets as variables.
std::map<std::string, std::string> secretEnvironment();

/// Returns the simulator arguments: the test key, no rate limit, about 60
/// entries, plus `extra`.
std::vector<std::string> simulatorArguments(const std::vector<std::string>& extra = {});

/// Writes `pipeline.yaml` into the workspace: one lucca-timeentries step
/// against `baseUrl` with the key from ${LUCCA_API_KEY}, quick retries, a
/// SQLite state file `state.db`, the `destination` mapping given (indented
/// by 8 spaces) and `extraConfig` lines appended to the step's config.
/// Returns the file's path.
std::string writePipeline(const host_test::Workspace& workspace, const std::string& baseUrl,
                          const std::string& destinationYaml, const std::string& extraConfig = "");

/// The destination mapping of a SQLite file `entries.db` in the workspace.
std::string sqliteDestination(const host_test::Workspace& workspace);

/// Every file the product wrote into the workspace, by name: the state and
/// destination databases with their -wal and -shm files, and lock files.
std::map<std::string, std::string> writtenFiles(const host_test::Workspace& workspace);

/// Fails when any secret in `secrets` appears in `text`; `what` names the text.
void requireNoSecret(const std::string& what, const std::string& text,
                     const std::vector<std::string>& secrets);

/// Checks a finished command's output, the workspace's files and the
/// simulator's request log (paths and queries) for `secrets`.
void requireNothingLeaked(const host_test::ProcessResult& result,
                          const host_test::Workspace& workspace,
                          const Lucca::Test::SimulatorProcess& simulator,
                          const std::vector<std::string>& secrets = {kApiKey, kDatabasePassword});

}  // namespace security_test
