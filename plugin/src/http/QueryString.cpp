#include "http/QueryString.h"

#include <cctype>
#include <cstring>

namespace lucca {

std::string percentEncode(std::string_view text) {
    static const char* const hex = "0123456789ABCDEF";
    // Sub-delimiters and ':' are legal inside a query (RFC 3986, 3.4) and
    // servers read them literally, so Lucca's "since,2024-01-01T00:00:00"
    // stays readable in logs and proxies.
    static const char* const kept = "-._~,:!$'()*;@/";
    std::string encoded;
    encoded.reserve(text.size());
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80 && (std::isalnum(byte) || (c != '\0' && std::strchr(kept, c)))) {
            encoded += c;
        } else {
            encoded += '%';
            encoded += hex[byte >> 4];
            encoded += hex[byte & 0x0F];
        }
    }
    return encoded;
}

std::string buildQuery(const std::vector<QueryParameter>& parameters) {
    std::string query;
    for (const auto& [name, value] : parameters) {
        if (!query.empty()) query += '&';
        query += percentEncode(name);
        query += '=';
        query += percentEncode(value);
    }
    return query;
}

}  // namespace lucca
