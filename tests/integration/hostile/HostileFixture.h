// A simulator and a connector that already synced once, for tests that
// serve the connector hostile responses and then check that it failed
// cleanly or tolerated them, and that a clean run converges.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

#include "SyncTestSupport.h"

namespace lucca::test {

/// The watermark set before each hostile run, so that the run reads every
/// entry again.
constexpr const char* kOldWatermark = "2020-01-01T00:00:00";

/// The page size of the hostile runs: the small dataset spans several pages.
constexpr int kPageSize = 20;

/// A simulator with about 60 entries and a connector that already loaded
/// them, then had its watermark set back to kOldWatermark and saw some
/// entries change upstream. Each request gets 4 attempts with short delays
/// and times out after 5 s, so no test waits long.
struct HostileFixture {
    Lucca::Test::SimulatorProcess simulator{
        simulatorArguments({"--owners", "3", "--days", "5", "--seed", "11"})};
    Lucca::Test::TempDir directory;
    TestDestination destination;
    PluginHost host;

    explicit HostileFixture(Backend backend = Backend::SQLite);

    /// Returns the body the simulator sends for page 1 of the changed
    /// entries with `pageSize` items, as the connector requests it.
    std::string firstPageBody(int pageSize = kPageSize) const;

    /// Arms a raw fault: `status`, `content` as the body, on `times`
    /// requests whose query contains `query` after `skip` of them.
    void armRaw(const std::string& content, const std::string& query, int skip = 0, int times = 100,
                int status = 200, const std::string& contentType = "") const;

    /// Same as armRaw() with the body given as bytes that may not be UTF-8.
    void armRawBytes(const std::string& bytes, const std::string& query, int times = 100) const;

    /// Checks that a failed run left the watermark and recorded the failure.
    void requireWatermarkKept() const;

    /// Clears the faults, runs again, and checks that the watermark moved
    /// and the table equals the truth.
    void requireConverges();
};

/// Parses a page body and returns the object; REQUIREs that it is one.
Poco::JSON::Object::Ptr parseObject(const std::string& text);

/// Writes a JSON value as compact text.
std::string toJson(const Poco::Dynamic::Var& value);

}  // namespace lucca::test
