#include "SecretRedactor.h"

#include <algorithm>

#include "JsonText.h"
#include "SecretSchema.h"

namespace host {

void SecretRedactor::addSecrets(const std::vector<std::string>& values) {
    std::lock_guard<std::mutex> lock(_mutex);
    for (const auto& value : values) {
        if (value.empty()) continue;
        std::string quoted = quoteJson(value);
        std::string escaped = quoted.substr(1, quoted.size() - 2);
        for (const std::string& form : {value, escaped}) {
            if (std::find(_secrets.begin(), _secrets.end(), form) == _secrets.end()) {
                _secrets.push_back(form);
            }
        }
    }
    std::stable_sort(
        _secrets.begin(), _secrets.end(),
        [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string SecretRedactor::redact(std::string text) const {
    std::lock_guard<std::mutex> lock(_mutex);
    const std::string mask = SecretSchema::kMask;
    for (const auto& secret : _secrets) {
        std::size_t position = 0;
        while ((position = text.find(secret, position)) != std::string::npos) {
            text.replace(position, secret.size(), mask);
            position += mask.size();
        }
    }
    return text;
}

}  // namespace host
