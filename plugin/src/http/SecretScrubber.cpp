#include "http/SecretScrubber.h"

#include <algorithm>
#include <cctype>

namespace lucca {

std::string scrubSecret(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    // ASCII case is ignored, because a URL parser lower-cases host names and
    // a server may echo the secret in either case.
    const auto sameLetter = [](char left, char right) {
        return std::tolower(static_cast<unsigned char>(left)) ==
               std::tolower(static_cast<unsigned char>(right));
    };
    auto position = text.begin();
    while (true) {
        position = std::search(position, text.end(), secret.begin(), secret.end(), sameLetter);
        if (position == text.end()) return text;
        const auto offset = position - text.begin();
        text.replace(position, position + static_cast<std::ptrdiff_t>(secret.size()), "***");
        position = text.begin() + offset + 3;
    }
}

}  // namespace lucca
