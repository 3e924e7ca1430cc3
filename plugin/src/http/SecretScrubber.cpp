#include "http/SecretScrubber.h"

namespace lucca {

std::string scrubSecret(std::string text, const std::string& secret) {
    if (secret.empty()) return text;
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
        text.replace(pos, secret.size(), "***");
        pos += 3;
    }
    return text;
}

}  // namespace lucca
