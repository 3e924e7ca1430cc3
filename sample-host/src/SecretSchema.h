#ifndef HOST_SECRET_SCHEMA_H
#define HOST_SECRET_SCHEMA_H

#include <string>
#include <vector>

namespace host {

/// The configuration properties that a connector's JSON Schema marks with
/// `"secret": true`, and the masking of their values.
///
/// The schema walk follows `properties`, `items`, `additionalProperties`,
/// `allOf`, `anyOf` and `oneOf`, so nested objects and arrays are covered.
/// Immutable after parse(), so one instance may be shared between threads.
class SecretSchema {
public:
    /// Text that replaces a secret value wherever the host prints it.
    static constexpr const char* kMask = "***";

    /// Collects the secret properties of `schemaJson`. Throws
    /// std::runtime_error when the text is not a JSON object.
    static SecretSchema parse(const std::string& schemaJson);

    /// Returns `configJson` with every secret value that is not null replaced
    /// by "***", indented by two spaces when `pretty` is set. Throws
    /// std::runtime_error when `configJson` is not valid JSON.
    std::string maskConfig(const std::string& configJson, bool pretty) const;

    /// Returns the text of every scalar found under a secret property of
    /// `configJson`, for masking those values in free text such as log lines.
    /// Throws std::runtime_error when `configJson` is not valid JSON.
    std::vector<std::string> secretValues(const std::string& configJson) const;

    /// Returns the secret property paths, each a list of keys where "*"
    /// matches any key or array element.
    const std::vector<std::vector<std::string>>& paths() const { return _paths; }

private:
    std::vector<std::vector<std::string>> _paths;
};

}  // namespace host

#endif
