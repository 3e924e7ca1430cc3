#pragma once

#include "ApiKey.h"
#include "Dataset.h"
#include "EntryQuery.h"
#include "Fault.h"
#include "PageSelector.h"
#include "RateLimiter.h"
#include "SimulatorClock.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace Lucca {
namespace Simulator {

/// The settings the command line gives; reset() returns to them.
struct SimulatorSettings {
    std::vector<ApiKey> keys;
    int rateLimitPerMinute = 50;
    std::int64_t maxPageSize = 10000;
    bool includeArchivedInList = false;  ///< Show archived entries without an archivedAt filter.
    bool sendHeader = true;              ///< Start API responses with {"header": {...}}.
    Ticks clockUtc = NullTicks;  ///< The clock's start instant; NullTicks follows real time.
};

/// One HTTP request as the simulator needs it.
struct SimulatorRequest {
    std::string method;
    std::string path;
    std::string rawQuery;  ///< As received, without the `?`.
    std::string authorization;  ///< The Authorization header, empty when absent.
    std::string baseUrl;  ///< `http://host:port` as the client addressed it.
    std::string body;
};

/// The response to send, and how to send it.
struct SimulatorResponse {
    /// How the connection delivers the response; all but Normal are faults.
    enum class Delivery { Normal, Truncate, Close, Reset };

    int status = 200;
    std::string contentType = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    Delivery delivery = Delivery::Normal;
    int delayMs = 0;  ///< Wait before sending, outside the lock.
};

/// The simulated Lucca tenant: its data, clock, keys, rate limit, armed
/// faults and request log, behind one mutex. Every public method is
/// thread-safe; the HTTP server calls them from its worker threads.
class Simulator {
public:
    /// Takes the initial dataset, the one reset() restores.
    Simulator(Dataset initial, SimulatorSettings settings);

    /// Serves `GET /api/v3/timeentries` and `GET /api/v3/timeentries/{id}`.
    SimulatorResponse serveApi(const SimulatorRequest& request);

    /// Serves the control interface under `/_sim/`.
    SimulatorResponse serveControl(const SimulatorRequest& request);

    /// Returns the number of entries, for the start-up message.
    std::size_t entryCount();

private:
    struct LoggedRequest {
        std::string method;
        std::string path;
        std::string query;
        int status = 0;
        std::string fault;
    };

    // API serving (Simulator.cpp).
    SimulatorResponse serveEntries(const SimulatorRequest& request, const ApiKey& key,
                                   const std::vector<Fault>& fired);
    SimulatorResponse serveEntry(const SimulatorRequest& request, const ApiKey& key,
                                 std::int64_t id);
    const ApiKey* authenticate(const std::string& authorization) const;
    std::vector<Fault> fireFaults(const SimulatorRequest& request, const std::string& decodedQuery);
    void applyMutation(const Fault& fault, const EntryQuery& query, const ApiKey& key,
                       const std::vector<std::int64_t>& deliveredIds);
    void appendHeader(std::string& out, const ApiKey& key) const;
    void logRequest(const SimulatorRequest& request, int status, const std::string& fault);

    // Control interface (SimulatorControl.cpp).
    SimulatorResponse controlClock(const SimulatorRequest& request);
    SimulatorResponse controlTruth(const SimulatorRequest& request);
    SimulatorResponse controlRequests();
    SimulatorResponse controlFaults();
    SimulatorResponse controlArmFault(const SimulatorRequest& request);
    SimulatorResponse controlKeys(const SimulatorRequest& request);
    SimulatorResponse controlCreate(const SimulatorRequest& request);
    SimulatorResponse controlChange(const SimulatorRequest& request, bool archive);
    SimulatorResponse controlMutate(const SimulatorRequest& request);
    SimulatorResponse controlDataset(const SimulatorRequest& request, bool save);
    SimulatorResponse controlStatus();
    SimulatorResponse controlEntry(std::int64_t id, const std::string& baseUrl);
    void resetLocked();

    std::mutex _mutex;
    Dataset _initial;
    Dataset _dataset;
    SimulatorSettings _initialSettings;
    SimulatorSettings _settings;
    SimulatorClock _clock;
    RateLimiter _rateLimiter;
    std::vector<Fault> _faults;
    int _nextFaultId = 1;
    std::vector<Poco::JSON::Object::Ptr> _appliedMutations;
    std::vector<LoggedRequest> _requests;
    std::size_t _droppedRequests = 0;
};

/// Returns a response with a JSON body.
SimulatorResponse jsonResponse(int status, const Poco::JSON::Object& body);

/// Returns a Lucca-style error: `{"Status": status, "Message": message}`.
SimulatorResponse errorResponse(int status, const std::string& message);

/// Splits a raw query string into decoded name/value pairs; `+` decodes to a space.
std::vector<std::pair<std::string, std::string>> decodeQuery(const std::string& rawQuery);

}  // namespace Simulator
}  // namespace Lucca
