#pragma once

#include <Poco/Exception.h>

#include <string>
#include <sys/stat.h>

namespace Lucca {
namespace Simulator {

/// Throws Poco::FileException unless `path` is absent or a regular file.
/// The simulator writes files through a temporary file and a rename. That
/// would silently replace a device or a symbolic link, and replacing
/// /dev/null as root breaks the machine.
inline void requireReplaceableFile(const std::string& path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0) return;
    if (!S_ISREG(status.st_mode)) {
        throw Poco::FileException("refusing to replace " + path +
                                  ", which is not a regular file; choose another path");
    }
}

}  // namespace Simulator
}  // namespace Lucca
