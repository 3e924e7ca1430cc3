#ifndef HOST_STATE_STORE_H
#define HOST_STATE_STORE_H

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "HostError.h"

namespace host {

/// The namespace of one step's state and lock: pipeline name plus step name.
struct StepId {
    std::string pipeline;
    std::string step;

    /// Returns "pipeline/step", the form used in log lines.
    std::string label() const { return pipeline + "/" + step; }
};

/// One stored value, as listed for inspection.
struct StateEntry {
    std::string step;
    std::string key;
    std::string value;
    /// Time of the last write, ISO 8601 UTC.
    std::string updatedAt;
};

/// The process that holds a step's lock.
struct LockHolder {
    long pid = 0;
    std::string hostName;
    /// Time the lock was taken, ISO 8601 UTC.
    std::string since;

    /// Returns "pid 1234 on host db1 since 2026-12-04T17:20:00.123Z".
    std::string describe() const;
};

/// A failure of the store itself: I/O, corruption, a lock timeout. The
/// message names the store and the operation.
class StateStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Another process holds the lock of the step. Retryable (exit code 1)
/// because the step can run once that process ends.
class StepLockedError : public HostError {
public:
    StepLockedError(const StepId& step, std::optional<LockHolder> holder);

    const std::optional<LockHolder>& holder() const { return _holder; }

private:
    std::optional<LockHolder> _holder;
};

/// Exclusive right to run one step, released by the destructor.
/// Implementations must also release it when the process dies, so that a
/// crashed run never blocks the next one.
class StepLock {
public:
    virtual ~StepLock() = default;
};

/// Durable key-value state of pipeline steps, plus the per-step lock.
///
/// Keys and values are arbitrary bytes, namespaced by StepId. Each write is
/// durable when the call returns and atomic: after a crash, a reader sees
/// either the old or the new value. Implementations are thread-safe. Every
/// method throws StateStoreError when the store fails.
class StateStore {
public:
    virtual ~StateStore() = default;

    /// Returns the value under `key`, or nothing when none is stored.
    virtual std::optional<std::string> get(const StepId& step, const std::string& key) = 0;

    /// Stores `value` under `key`, replacing any previous value.
    virtual void put(const StepId& step, const std::string& key, const std::string& value) = 0;

    /// Replaces the value under `key` with `value` when the stored value
    /// equals `expected`, or, with no `expected`, when no value is stored.
    /// Returns false, and changes nothing, on mismatch.
    virtual bool compareAndSet(const StepId& step, const std::string& key,
                               const std::optional<std::string>& expected,
                               const std::string& value) = 0;

    /// Deletes the value under `key`; succeeds when none is stored too.
    virtual void remove(const StepId& step, const std::string& key) = 0;

    /// Returns the entries of `pipeline`, only of `stepName` when it is not
    /// empty, ordered by step and key.
    virtual std::vector<StateEntry> list(const std::string& pipeline,
                                         const std::string& stepName) = 0;

    /// Takes the lock of `step` without waiting. Throws StepLockedError,
    /// naming the holder, when another process holds it.
    virtual std::unique_ptr<StepLock> tryLockStep(const StepId& step) = 0;

    /// Returns the holder of the lock of `step`, or nothing when it is free.
    virtual std::optional<LockHolder> lockHolder(const StepId& step) = 0;

    /// Returns a description of the store for messages, such as its path.
    virtual std::string location() const = 0;
};

}  // namespace host

#endif
