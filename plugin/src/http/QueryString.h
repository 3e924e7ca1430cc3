// Building the query string of a Lucca v3 request.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lucca {

/// One `name=value` pair of a query string, both unencoded.
using QueryParameter = std::pair<std::string, std::string>;

/// Percent-encodes a query name or value (RFC 3986). Letters, digits and
/// "-._~,:!$'()*;@/" stay as they are. Every other byte becomes %XX, among them
/// "[", "]", "&", "=", "+", "#", spaces, controls and non-ASCII bytes.
std::string percentEncode(std::string_view text);

/// Returns "name=value&name=value" with every part percent-encoded.
std::string buildQuery(const std::vector<QueryParameter>& parameters);

}  // namespace lucca
