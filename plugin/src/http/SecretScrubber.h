// Removal of a secret from text that leaves the connector.
#pragma once

#include <string>

namespace lucca {

/// Returns `text` with every occurrence of `secret` replaced by "***",
/// ignoring ASCII case. An empty `secret` leaves the text unchanged.
std::string scrubSecret(std::string text, const std::string& secret);

}  // namespace lucca
