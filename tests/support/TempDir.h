#pragma once

#include <string>

namespace Lucca {
namespace Test {

/// A private directory under the system temporary directory, created by the
/// constructor and removed with everything inside it by the destructor.
///
/// Not copyable. The constructor throws Poco::Exception when the directory
/// cannot be created; the destructor never throws.
class TempDir {
public:
    /// Creates a fresh directory whose name starts with `prefix`.
    explicit TempDir(const std::string& prefix = "lucca-test-");

    /// Removes the directory recursively, ignoring errors.
    ~TempDir();

    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The absolute path of the directory, without a trailing slash.
    const std::string& path() const { return _path; }

    /// Returns `path() + "/" + name`.
    std::string file(const std::string& name) const;

private:
    std::string _path;
};

}  // namespace Test
}  // namespace Lucca
