#include "TempDir.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace Lucca {
namespace Test {

TempDir::TempDir(const std::string& prefix) {
    std::string pattern = Poco::Path::temp() + prefix + "XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (::mkdtemp(buffer.data()) == nullptr) {
        throw Poco::IOException("failed to create a temporary directory from " + pattern,
                                std::strerror(errno));
    }
    _path = buffer.data();
}

TempDir::~TempDir() {
    try {
        Poco::File(_path).remove(true);
    } catch (...) {
        // A leftover directory under the temporary directory is harmless.
    }
}

std::string TempDir::file(const std::string& name) const { return _path + "/" + name; }

}  // namespace Test
}  // namespace Lucca
