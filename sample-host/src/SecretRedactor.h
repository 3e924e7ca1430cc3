#ifndef HOST_SECRET_REDACTOR_H
#define HOST_SECRET_REDACTOR_H

#include <mutex>
#include <string>
#include <vector>

namespace host {

/// Replaces known secret values in free text, such as a log line or a
/// connector's error message, with "***". Thread-safe.
class SecretRedactor {
public:
    /// Adds values to mask from now on. Empty values are ignored.
    void addSecrets(const std::vector<std::string>& values);

    /// Returns `text` with every occurrence of a secret, and of its form
    /// escaped as a JSON string, replaced by "***". Longer secrets are
    /// replaced first, so a secret that contains another is masked whole.
    std::string redact(std::string text) const;

private:
    mutable std::mutex _mutex;
    /// Secrets and their JSON-escaped forms, longest first.
    std::vector<std::string> _secrets;
};

}  // namespace host

#endif
