// One synchronisation of the time-entries table with a Lucca tenant.
#pragma once

#include <chrono>
#include <connector/connector.hpp>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "config/ConnectorConfig.h"
#include "destination/Destination.h"
#include "http/ApiClient.h"
#include "sync/EntryQuery.h"
#include "sync/PageParser.h"
#include "sync/Partition.h"
#include "sync/RunRecord.h"

namespace lucca {

/// The HTTP client, destination and parser of one sync worker. Each worker
/// has its own, because none of them may be used by two threads at once.
struct SyncWorker {
    std::unique_ptr<ApiClient> client;
    std::unique_ptr<Destination> destination;  ///< prepared: the table exists
    PageParser parser;
};

class PageWriter;

/// Creates a worker. Called once per worker, from the worker's own thread.
using SyncWorkerFactory = std::function<std::unique_ptr<SyncWorker>()>;

/// Runs one sync: each partition's queries in pages, each page written whole
/// in a transaction, each watermark stored only after all of its partition's
/// pages are committed. Up to partitionConcurrency workers take partitions in
/// turn, and each writes a page on a second thread while it fetches the next
/// one. A single worker, or workers on PostgreSQL, commit several pages at
/// once; workers sharing a SQLite file commit every page, so that none holds
/// the file's write lock while it fetches.
///
/// Not thread-safe; `config` must outlive the engine. Errors: ApiError from
/// the client, connector::RetryableError for destination failures and
/// cancellation, connector::PermanentError for a PermanentDestinationError, an
/// invalid stored watermark or a response that breaks the paging rules.
class SyncEngine {
public:
    SyncEngine(const ConnectorConfig& config, connector::Host host, SyncWorkerFactory makeWorker);

    /// Runs the sync that started at `start`. After the first partition that
    /// fails, no worker starts another one; the error of the first failed
    /// partition, in configuration order, is thrown.
    void run(std::chrono::system_clock::time_point start);

private:
    struct Progress {
        std::uint64_t done = 0;
        std::uint64_t total = 0;
    };

    std::exception_ptr runPartition(SyncWorker& worker, const Partition& partition,
                                    const std::string& newWatermark, bool tableWasEmpty);
    void syncPartition(SyncWorker& worker, const Partition& partition,
                       const std::string& newWatermark, bool tableWasEmpty, RunRecord& record);
    void readQuery(SyncWorker& worker, PageWriter& writer, const Partition& partition,
                   const EntryQuery& query, RunRecord& record,
                   std::optional<std::string>& serverTime);
    void storeRecord(const Partition& partition, const RunRecord& record);

    /// Returns `text` without the API key and the database password. A
    /// hostile server can echo the key into an error, and the record of a
    /// run is stored in the host's state.
    std::string withoutSecrets(const std::string& text) const;
    void reportProgress(std::uint64_t done, std::uint64_t total);
    void checkCancelled() const;

    const ConnectorConfig& _config;
    connector::Host _host;
    SyncWorkerFactory _makeWorker;
    std::string _fields;
    bool _groupCommits = false;  ///< see PageWriter in SyncEngine.cpp
    std::chrono::system_clock::time_point _start;  ///< of the current run
    std::mutex _progressMutex;
    Progress _progress;
};

}  // namespace lucca
