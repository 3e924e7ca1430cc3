// The JSON Schema of the connector's configuration, exposed through the ABI.
#pragma once

namespace lucca {

/// Returns the JSON Schema (draft 2020-12) of the configuration object. The
/// text is static and lives as long as the library is loaded. Properties with
/// `"secret": true` hold credentials that hosts must mask.
const char* configSchema();

}  // namespace lucca
