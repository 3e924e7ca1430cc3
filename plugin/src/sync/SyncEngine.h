// One synchronisation of the time-entries table with a Lucca tenant.
#pragma once

#include <chrono>
#include <connector/connector.hpp>
#include <cstdint>
#include <string>

#include "config/ConnectorConfig.h"
#include "destination/Destination.h"
#include "http/ApiClient.h"
#include "sync/EntryQuery.h"
#include "sync/PageParser.h"
#include "sync/Partition.h"
#include "sync/RunRecord.h"

namespace lucca {

/// Runs one sync: every partition in turn, each query in pages, each page
/// written in its own transaction, each watermark stored only after all of
/// its partition's pages are committed. Writes each page on a second thread
/// while the next page is fetched.
///
/// NOTE: partitions run one after the other on one HTTP session and one
/// database connection. Running them concurrently under the shared rate
/// limit would need a client and a destination per partition.
///
/// Not thread-safe; the references must outlive the engine. Errors:
/// ApiError from the client, connector::RetryableError for destination
/// failures and cancellation, connector::PermanentError for an invalid
/// stored watermark or a response that breaks the paging rules.
class SyncEngine {
public:
    SyncEngine(const ConnectorConfig& config, connector::Host host, ApiClient& client,
               Destination& destination);

    /// Runs the sync that started at `start`, stopping at the first partition
    /// that fails. Returns nothing; throws as described above.
    void run(std::chrono::system_clock::time_point start);

private:
    struct Progress {
        std::uint64_t done = 0;
        std::uint64_t total = 0;
    };

    void syncPartition(const Partition& partition, const std::string& newWatermark,
                       bool tableWasEmpty, RunRecord& record);
    void readQuery(const Partition& partition, const EntryQuery& query, RunRecord& record);
    void storeRecord(const Partition& partition, const RunRecord& record);
    void checkCancelled() const;

    const ConnectorConfig& _config;
    connector::Host _host;
    ApiClient& _client;
    Destination& _destination;
    PageParser _parser;
    std::string _fields;
    Progress _progress;
};

}  // namespace lucca
