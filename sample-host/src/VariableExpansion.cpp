#include "VariableExpansion.h"

#include <cctype>
#include <cstdlib>

namespace host {

namespace {

bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }

bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool isValidName(std::string_view name) {
    if (name.empty() || !isNameStart(name.front())) return false;
    for (char c : name) {
        if (!isNameChar(c)) return false;
    }
    return true;
}

}  // namespace

VariableLookup processEnvironment() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());
        if (value == nullptr) return std::nullopt;
        return std::string(value);
    };
}

std::string expandVariables(std::string_view text, const VariableLookup& lookup) {
    std::string result;
    result.reserve(text.size());
    std::size_t position = 0;
    while (position < text.size()) {
        char c = text[position];
        if (c != '$') {
            result += c;
            ++position;
            continue;
        }
        if (text.compare(position, 3, "$${") == 0) {
            result += "${";
            position += 3;
            continue;
        }
        if (text.compare(position, 2, "${") != 0) {
            result += c;
            ++position;
            continue;
        }

        std::size_t close = text.find('}', position + 2);
        if (close == std::string_view::npos) {
            throw VariableError("unterminated reference '" + std::string(text.substr(position)) +
                                    "': add the closing '}', or write '$${' for a literal '${'",
                                "");
        }
        std::string name(text.substr(position + 2, close - position - 2));
        if (!isValidName(name)) {
            throw VariableError("invalid variable name '" + name +
                                    "': use letters, digits and '_', not starting with a digit",
                                name);
        }
        std::optional<std::string> value = lookup(name);
        if (!value) {
            throw VariableError("environment variable '" + name + "' is not set", name);
        }
        result += *value;
        position = close + 1;
    }
    return result;
}

}  // namespace host
