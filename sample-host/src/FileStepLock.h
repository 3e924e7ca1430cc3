#ifndef HOST_FILE_STEP_LOCK_H
#define HOST_FILE_STEP_LOCK_H

#include <memory>
#include <optional>
#include <string>

#include "StateStore.h"

namespace host {

/// A step lock held as an open file description lock (fcntl F_OFD_SETLK) on
/// a lock file. The file also records the holder's pid, host name and start
/// time for the error of a second run.
///
/// The kernel releases the lock when the process exits, even on SIGKILL, so
/// a record left by a dead process never blocks: the next run takes the
/// lock and overwrites the record. The lock file itself stays in place.
class FileStepLock : public StepLock {
public:
    /// Takes the lock on `lockPath` without waiting, creating the file with
    /// mode 0600. Throws StepLockedError when another process holds it and
    /// StateStoreError when the file cannot be opened or written.
    static std::unique_ptr<FileStepLock> acquire(const std::string& lockPath, const StepId& step);

    /// Returns the recorded holder when the lock on `lockPath` is held, or
    /// nothing when it is free or the file does not exist.
    static std::optional<LockHolder> currentHolder(const std::string& lockPath);

    ~FileStepLock() override;

    FileStepLock(const FileStepLock&) = delete;
    FileStepLock& operator=(const FileStepLock&) = delete;

private:
    explicit FileStepLock(int descriptor) : _descriptor(descriptor) {}

    int _descriptor;
};

}  // namespace host

#endif
