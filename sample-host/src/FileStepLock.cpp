#include "FileStepLock.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "UtcTime.h"

namespace host {

namespace {

std::string systemError(const std::string& action, const std::string& path) {
    return "failed to " + action + " lock file '" + path + "': " + std::strerror(errno);
}

std::string currentHostName() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

std::string readAll(int descriptor) {
    std::string content;
    char buffer[512];
    off_t offset = 0;
    while (true) {
        ssize_t count = pread(descriptor, buffer, sizeof buffer, offset);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) break;
        content.append(buffer, static_cast<std::size_t>(count));
        offset += count;
    }
    return content;
}

// The record is three lines: pid=..., host=..., since=...
std::optional<LockHolder> parseRecord(const std::string& content) {
    LockHolder holder;
    std::istringstream lines(content);
    std::string line;
    while (std::getline(lines, line)) {
        std::size_t equals = line.find('=');
        if (equals == std::string::npos) continue;
        std::string field = line.substr(0, equals);
        std::string value = line.substr(equals + 1);
        if (field == "pid") holder.pid = std::atol(value.c_str());
        if (field == "host") holder.hostName = value;
        if (field == "since") holder.since = value;
    }
    if (holder.pid <= 0 || holder.since.empty()) return std::nullopt;
    return holder;
}

void writeRecord(int descriptor, const std::string& path) {
    std::string record = "pid=" + std::to_string(getpid()) + "\nhost=" + currentHostName() +
                         "\nsince=" + formatUtcTime(std::chrono::system_clock::now()) + "\n";
    if (ftruncate(descriptor, 0) != 0) throw StateStoreError(systemError("truncate", path));
    if (pwrite(descriptor, record.data(), record.size(), 0) !=
        static_cast<ssize_t>(record.size())) {
        throw StateStoreError(systemError("write", path));
    }
}

// Open file description locks (Linux 3.15 and later) belong to the open
// file, like flock(2), so the kernel drops them when the process dies. Unlike
// flock, they can be tested without being taken.
struct flock wholeFileLock(short type) {
    struct flock lock {};
    lock.l_type = type;
    lock.l_whence = SEEK_SET;
    lock.l_start = 0;
    lock.l_len = 0;
    return lock;
}

}  // namespace

std::unique_ptr<FileStepLock> FileStepLock::acquire(const std::string& lockPath,
                                                    const StepId& step) {
    int descriptor = open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (descriptor < 0) throw StateStoreError(systemError("open", lockPath));
    std::unique_ptr<FileStepLock> lock(new FileStepLock(descriptor));

    struct flock request = wholeFileLock(F_WRLCK);
    if (fcntl(descriptor, F_OFD_SETLK, &request) != 0) {
        if (errno != EAGAIN && errno != EACCES) {
            throw StateStoreError(systemError("lock", lockPath));
        }
        throw StepLockedError(step, parseRecord(readAll(descriptor)));
    }
    writeRecord(descriptor, lockPath);
    return lock;
}

std::optional<LockHolder> FileStepLock::currentHolder(const std::string& lockPath) {
    int descriptor = open(lockPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) return std::nullopt;

    // F_OFD_GETLK only tests the lock and never takes it, so a status query
    // cannot make a starting run fail.
    std::optional<LockHolder> holder;
    struct flock query = wholeFileLock(F_WRLCK);
    if (fcntl(descriptor, F_OFD_GETLK, &query) == 0 && query.l_type != F_UNLCK) {
        holder = parseRecord(readAll(descriptor));
        if (!holder) holder = LockHolder{0, "unknown", "unknown"};
    }
    close(descriptor);
    return holder;
}

FileStepLock::~FileStepLock() {
    // Closing the only descriptor releases the lock. The record stays and
    // is ignored, because only a held lock counts.
    close(_descriptor);
}

}  // namespace host
