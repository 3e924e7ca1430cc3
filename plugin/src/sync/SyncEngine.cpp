#include "sync/SyncEngine.h"

#include <pthread.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <thread>

#include "http/SecretScrubber.h"
#include "time/Watermark.h"

namespace lucca {
namespace {

/// Runs a destination call, turning its errors into connector errors:
/// permanent when only a change to the set-up helps, retryable otherwise,
/// because what fails here is the database or the connection to it.
template <class Call>
auto callDestination(const char* action, Call&& call) {
    try {
        return call();
    } catch (const connector::Error&) {
        throw;
    } catch (const PermanentDestinationError& error) {
        throw connector::PermanentError(std::string("destination: failed to ") + action + ": " +
                                        error.what());
    } catch (const std::exception& error) {
        throw connector::RetryableError(std::string("destination: failed to ") + action + ": " +
                                        error.what());
    }
}

}  // namespace

/// Writes the pages of one partition on a thread of its own, one page at a
/// time, while the caller fetches the next one, and groups pages into
/// transactions. One long-lived thread, rather than one per page, keeps the
/// writer's allocations in one malloc arena for the whole partition. Only
/// that thread uses the destination while the writer exists.
///
/// Each commit costs a sync to disk, so a single writer commits once its
/// transaction contains `groupRows` changes or has been open for
/// `groupTime`, also while no page arrives, and at finish(). No watermark
/// depends on a commit before finish(), so a run that stops earlier loses
/// only work that the next run repeats. With `grouped` false every page is
/// committed at once, so that writers sharing one SQLite file never hold its
/// write lock while they fetch.
///
/// Destroying a writer that did not finish waits for its current task and
/// rolls the open transaction back.
class PageWriter {
public:
    static constexpr std::size_t groupRows = 100000;
    static constexpr std::chrono::seconds groupTime{2};

    PageWriter(Destination& destination, bool grouped)
        : _destination(destination), _grouped(grouped), _thread([this] { writeLoop(); }) {}

    ~PageWriter() {
        {
            std::lock_guard<std::mutex> lock(_mutex);
            _closing = true;
        }
        _taskReady.notify_one();
        _thread.join();
        if (!_finished) _destination.rollback();
    }

    PageWriter(const PageWriter&) = delete;
    PageWriter& operator=(const PageWriter&) = delete;

    /// Waits for the previous task, rethrowing the first error of the
    /// writer, then hands `changes` to the writer thread.
    void submit(PageChanges changes) {
        std::unique_lock<std::mutex> lock(_mutex);
        waitIdle(lock);
        _page = std::move(changes);
        _task = Task::Page;
        lock.unlock();
        _taskReady.notify_one();
    }

    /// Waits for the last page and commits. Every page is durable on return.
    void finish() {
        std::unique_lock<std::mutex> lock(_mutex);
        waitIdle(lock);
        _task = Task::Commit;
        _taskReady.notify_one();
        waitIdle(lock);
        _finished = true;
    }

private:
    enum class Task { None, Page, Commit };

    /// Waits until the writer thread has no task, then rethrows its first
    /// error, if any.
    void waitIdle(std::unique_lock<std::mutex>& lock) {
        _taskDone.wait(lock, [&] { return _task == Task::None; });
        if (_error) std::rethrow_exception(_error);
    }

    void writeLoop() {
        // The name shows in top -H, ps -L and perf.
        pthread_setname_np(pthread_self(), "page-writer");
        std::unique_lock<std::mutex> lock(_mutex);
        auto hasTask = [&] { return _task != Task::None || _closing; };
        for (;;) {
            if (_rows > 0) {
                // An open transaction holds SQLite's write lock, so it is
                // committed on time even while the caller waits on the
                // network.
                if (!_taskReady.wait_until(lock, _opened + groupTime, hasTask)) {
                    _task = Task::Commit;
                }
            } else {
                _taskReady.wait(lock, hasTask);
            }
            if (_task == Task::None) return;

            const Task task = _task;
            PageChanges page = std::move(_page);
            lock.unlock();
            std::exception_ptr error;
            try {
                if (task == Task::Page) {
                    write(page);
                } else {
                    commit();
                }
            } catch (...) {
                // The destination rolled its transaction back.
                error = std::current_exception();
                _rows = 0;
            }
            page = PageChanges();
            lock.lock();
            if (error && !_error) _error = error;
            _task = Task::None;
            _taskDone.notify_one();
        }
    }

    void write(const PageChanges& changes) {
        if (_rows == 0) _opened = std::chrono::steady_clock::now();
        callDestination("write a page", [&] { _destination.write(changes); });
        _rows += changes.upserts.size() + changes.deletes.size();
        if (!_grouped || _rows >= groupRows ||
            std::chrono::steady_clock::now() - _opened >= groupTime) {
            commit();
        }
    }

    void commit() {
        callDestination("commit", [&] { _destination.commit(); });
        _rows = 0;
    }

    Destination& _destination;
    const bool _grouped;
    std::size_t _rows = 0;  ///< changes in the open transaction, writer thread only
    std::chrono::steady_clock::time_point _opened;  ///< writer thread only
    bool _finished = false;

    std::mutex _mutex;
    std::condition_variable _taskReady;
    std::condition_variable _taskDone;
    Task _task = Task::None;    ///< handed over under _mutex
    PageChanges _page;          ///< the page of a Task::Page
    bool _closing = false;
    std::exception_ptr _error;  ///< the first error of the writer thread
    std::thread _thread;        ///< last member: starts once the others exist
};

SyncEngine::SyncEngine(const ConnectorConfig& config, connector::Host host,
                       SyncWorkerFactory makeWorker)
    : _config(config),
      _host(host),
      _makeWorker(std::move(makeWorker)),
      _fields(entryFields(config.extraFields)) {}

void SyncEngine::checkCancelled() const {
    if (_host.cancelled()) throw ApiError(ApiError::Kind::Cancelled, "cancelled");
}

void SyncEngine::reportProgress(std::uint64_t done, std::uint64_t total) {
    std::lock_guard<std::mutex> lock(_progressMutex);
    _progress.done += done;
    _progress.total += total;
    if (_progress.done > _progress.total) _progress.total = _progress.done;
    _host.progress(_progress.done, _progress.total, "entries");
}

void SyncEngine::run(std::chrono::system_clock::time_point start) {
    // 1. The watermark every partition stores on success: the start time,
    //    taken once before the first request.
    std::string newWatermark = watermarkAt(start);
    _start = start;
    std::vector<Partition> partitions = partitionsOf(_config.scope);
    std::unique_ptr<SyncWorker> firstWorker = _makeWorker();
    bool tableWasEmpty =
        callDestination("count rows", [&] { return firstWorker->destination->rowCount(); }) == 0;

    // 2. Workers take the partitions in configuration order. After a failure
    //    they finish their current partition and start no other.
    std::size_t workerCount = std::min<std::size_t>(
        partitions.size(), static_cast<std::size_t>(_config.partitionConcurrency));
    _groupCommits =
        workerCount == 1 || _config.destination.kind == DestinationConfig::Kind::PostgreSQL;
    _host.info("sync started: " + firstWorker->destination->describe() + ", " +
               std::to_string(partitions.size()) + " partition(s), " + std::to_string(workerCount) +
               " worker(s)");
    std::atomic<std::size_t> nextPartition{0};
    std::atomic<bool> stop{false};
    std::vector<std::exception_ptr> failures(partitions.size());
    auto work = [&](SyncWorker& worker) {
        while (!stop.load()) {
            std::size_t index = nextPartition++;
            if (index >= partitions.size()) return;
            failures[index] = runPartition(worker, partitions[index], newWatermark, tableWasEmpty);
            if (failures[index]) stop = true;
        }
    };
    std::vector<std::exception_ptr> setupFailures(workerCount);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workerCount; ++i) {
        threads.emplace_back([&, i] {
            try {
                std::unique_ptr<SyncWorker> worker = _makeWorker();
                work(*worker);
            } catch (...) {
                setupFailures[i] = std::current_exception();
                stop = true;
            }
        });
    }
    work(*firstWorker);
    for (std::thread& thread : threads) thread.join();

    // 3. The first failure in configuration order is the run's result.
    for (const std::exception_ptr& failure : failures) {
        if (failure) std::rethrow_exception(failure);
    }
    for (const std::exception_ptr& failure : setupFailures) {
        if (failure) std::rethrow_exception(failure);
    }
}

std::exception_ptr SyncEngine::runPartition(SyncWorker& worker, const Partition& partition,
                                            const std::string& newWatermark, bool tableWasEmpty) {
    RunRecord record;
    record.start = formatUtc(std::chrono::system_clock::now());
    RequestStats before = worker.client->stats();
    std::exception_ptr failure;
    try {
        checkCancelled();
        syncPartition(worker, partition, newWatermark, tableWasEmpty, record);
        record.result = "success";
    } catch (const ApiError& error) {
        failure = std::current_exception();
        record.result = error.kind() == ApiError::Kind::Cancelled ? "cancelled" : "failed";
        record.error = withoutSecrets(error.what());
    } catch (const std::exception& error) {
        failure = std::current_exception();
        record.result = "failed";
        record.error = withoutSecrets(error.what());
    }
    record.end = formatUtc(std::chrono::system_clock::now());
    const RequestStats& after = worker.client->stats();
    record.retries = after.retries - before.retries;
    if (after.rateLimitedUntil) record.rateLimitedUntil = formatUtc(*after.rateLimitedUntil);
    storeRecord(partition, record);
    if (failure) {
        _host.error("partition " + partition.name + ": " + record.result + ": " + record.error +
                    "; its watermark stays " +
                    (record.watermark.empty() ? "unset" : record.watermark));
    } else {
        _host.info("partition " + partition.name + ": " + std::to_string(record.fetched) +
                   " entries fetched, " + std::to_string(record.upserted) + " stored, " +
                   std::to_string(record.deleted) + " deleted; watermark " + record.watermark);
    }
    return failure;
}

void SyncEngine::syncPartition(SyncWorker& worker, const Partition& partition,
                               const std::string& newWatermark, bool tableWasEmpty,
                               RunRecord& record) {
    // 1. Read the stored watermark; none means a full load.
    std::optional<std::string> previous = _host.stateGet(partition.watermarkKey());
    record.watermark = previous.value_or("");
    std::string since;
    if (previous) {
        if (!parseWallTime(*previous)) {
            throw connector::PermanentError(
                "state key " + partition.watermarkKey() + " contains '" + *previous +
                "', which is not a watermark (YYYY-MM-DDTHH:MM:SS); delete the key to reload "
                "the partition fully");
        }
        since = querySince(*previous, _config.overlapMinutes);
    }

    // 2. A table emptied or recreated since the last run is reloaded fully,
    //    because an incremental run would never bring its rows back.
    if (previous && tableWasEmpty) {
        _host.info("partition " + partition.name +
                   ": the table is empty although a watermark is stored; loading fully");
        since.clear();
    }

    // NOTE: rows that leave the partition without being modified or archived
    // (an owner moved to a legal entity outside the scope, a narrower scope or
    // API key role) stay in the table until the table is emptied and reloaded.

    // 3. Read every query in pages. A full load into a table that already has
    //    rows (from a run that stopped before storing its first watermark, or
    //    from another partition) also deletes the archived entries.
    bool deleteArchived = since.empty() && !tableWasEmpty;
    std::optional<std::string> serverTime;
    PageWriter writer(*worker.destination, _groupCommits);
    for (const EntryQuery& query : partitionQueries(partition, since, deleteArchived)) {
        readQuery(worker, writer, partition, query, record, serverTime);
    }
    writer.finish();

    // 4. The server stamps modifiedAt with its own clock. If that clock is
    //    behind the host's, its time at the first request bounds the watermark,
    //    so no change made in between is left behind.
    std::string watermark = newWatermark;
    if (serverTime) watermark = earlierWatermark(_start, *serverTime);
    if (watermark != newWatermark) {
        _host.warning("partition " + partition.name + ": the server's clock (" + *serverTime +
                      ") is behind this host's, so the watermark is " + watermark +
                      " instead of " + newWatermark);
    }

    // 5. Every page is committed: move the watermark, unless another run
    //    moved it meanwhile.
    if (!_host.stateCompareAndSet(partition.watermarkKey(), previous, watermark)) {
        throw connector::RetryableError(
            "partition " + partition.name +
            ": the watermark changed during the run, so another run of this step is active; "
            "the new value was not stored");
    }
    record.watermark = watermark;
}

void SyncEngine::readQuery(SyncWorker& worker, PageWriter& writer, const Partition& partition,
                           const EntryQuery& query, RunRecord& record,
                           std::optional<std::string>& serverTime) {
    std::string label = "partition " + partition.name + ", " + query.description;

    // 1. The count: the progress total and the bound on the number of pages.
    //    The first response of the partition also gives the server's time.
    std::int64_t count = 0;
    std::optional<std::string> generated;
    worker.client->get("count of " + label, countParameters(query), [&](std::string& body) {
        count = worker.parser.parseCount(body, generated);
    });
    if (!serverTime) serverTime = generated;
    reportProgress(0, static_cast<std::uint64_t>(count));
    _host.debug(label + ": " + std::to_string(count) + " entries");

    // Entries created during the run may add pages, so the bound is loose.
    // It only stops a server that ignores the id filter yet keeps ids rising.
    // The count comes from the server, so the bound saturates rather than
    // overflow when the count is near the 64-bit maximum.
    const std::int64_t pageSize = _config.pageSize;
    const std::int64_t countPages = count / pageSize;
    const std::int64_t largest = std::numeric_limits<std::int64_t>::max();
    const std::int64_t maxPages =
        countPages < (largest - 102) / 2 ? 2 * (countPages + 1) + 100 : largest;

    // 2. Pages sorted by id, each written while the next one is fetched.
    std::int64_t afterId = 0;
    for (std::int64_t pageNumber = 1;; ++pageNumber) {
        checkCancelled();
        if (pageNumber > maxPages) {
            throw connector::PermanentError(label + ": more than " + std::to_string(maxPages) +
                                            " pages for " + std::to_string(count) +
                                            " entries; the server does not page as expected");
        }
        ParsedPage page;
        worker.client->get("page " + std::to_string(pageNumber) + " of " + label,
                           pageParameters(query, _fields, afterId, static_cast<int>(pageSize)),
                           [&](std::string& body) { page = worker.parser.parseItems(body); });

        // 3. Ids must rise strictly, within the page and from the last one.
        std::int64_t previousId = afterId;
        for (std::int64_t id : page.ids) {
            if (id <= previousId) {
                throw connector::PermanentError(
                    label + ", page " + std::to_string(pageNumber) + ": id " + std::to_string(id) +
                    " follows id " + std::to_string(previousId) +
                    "; the server did not sort by id or ignored the id filter");
            }
            previousId = id;
        }
        if (static_cast<std::int64_t>(page.ids.size()) > pageSize) {
            throw connector::PermanentError(label + ": the server returned " +
                                            std::to_string(page.ids.size()) +
                                            " items for a page of " + std::to_string(pageSize));
        }

        // 4. Hand the page to the writer, which first waits for the previous
        //    one; an error of that write ends the query.
        std::size_t items = page.ids.size();
        record.fetched += static_cast<std::int64_t>(items);
        record.upserted += static_cast<std::int64_t>(page.changes.upserts.size());
        record.deleted += static_cast<std::int64_t>(page.changes.deletes.size());
        record.pages += 1;
        if (items > 0) writer.submit(std::move(page.changes));
        reportProgress(items, 0);
        if (static_cast<std::int64_t>(items) < pageSize) break;
        afterId = page.ids.back();
    }
}

std::string SyncEngine::withoutSecrets(const std::string& text) const {
    return scrubSecret(scrubSecret(text, _config.apiKey), _config.destination.password);
}

void SyncEngine::storeRecord(const Partition& partition, const RunRecord& record) {
    try {
        _host.statePut(partition.lastRunKey(), record.toJson());
    } catch (const connector::StateError& error) {
        // The record only feeds status(); the sync result is unchanged.
        _host.warning("partition " + partition.name +
                      ": failed to store the last-run record: " + error.what());
    }
}

}  // namespace lucca
