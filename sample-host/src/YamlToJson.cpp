#include "YamlToJson.h"

#include <cerrno>
#include <cstdlib>
#include <optional>
#include <regex>
#include <set>
#include <vector>

#include "JsonText.h"

namespace host {

namespace {

const std::string kCoreTagPrefix = "tag:yaml.org,2002:";

ConversionError errorAt(const YAML::Node& node, const std::string& message,
                        const std::string& variable = {}) {
    return ConversionError(message, node.Mark().line + 1, node.Mark().column + 1, variable);
}

bool isNull(const std::string& text) {
    return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::optional<std::string> asBoolean(const std::string& text) {
    if (text == "true" || text == "True" || text == "TRUE") return "true";
    if (text == "false" || text == "False" || text == "FALSE") return "false";
    return std::nullopt;
}

// Strips a '+' sign and leading zeros, which JSON numbers do not allow.
std::string normaliseDecimalInteger(const std::string& text) {
    std::size_t start = 0;
    std::string sign;
    if (text[0] == '+' || text[0] == '-') {
        if (text[0] == '-') sign = "-";
        start = 1;
    }
    std::size_t firstNonZero = text.find_first_not_of('0', start);
    if (firstNonZero == std::string::npos) return "0";
    return sign + text.substr(firstNonZero);
}

// libstdc++'s std::regex recurses once per character, so a scalar of many
// thousands of characters would overflow the stack. No number in a
// configuration is that long, so longer text is never typed as a number.
constexpr std::size_t kMaxNumberLength = 64;

std::optional<std::string> asInteger(const std::string& text) {
    if (text.size() > kMaxNumberLength) return std::nullopt;
    static const std::regex decimal("[-+]?[0-9]+");
    static const std::regex octal("0o[0-7]+");
    static const std::regex hexadecimal("0x[0-9a-fA-F]+");
    if (std::regex_match(text, decimal)) return normaliseDecimalInteger(text);

    int base = 0;
    if (std::regex_match(text, octal)) base = 8;
    if (std::regex_match(text, hexadecimal)) base = 16;
    if (base == 0) return std::nullopt;
    errno = 0;
    unsigned long long value = std::strtoull(text.c_str() + 2, nullptr, base);
    if (errno == ERANGE) return std::nullopt;
    return std::to_string(value);
}

// Rewrites a YAML float such as "+.5" or "1." into the JSON form "0.5" or "1.0".
std::optional<std::string> asFloat(const std::string& text) {
    if (text.size() > kMaxNumberLength) return std::nullopt;
    static const std::regex floating(R"(([-+]?)(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    std::smatch match;
    if (!std::regex_match(text, match, floating)) return std::nullopt;
    std::string mantissa = match[2].str();
    if (mantissa.front() == '.') mantissa.insert(0, "0");
    if (mantissa.back() == '.') mantissa += '0';
    std::size_t dot = mantissa.find('.');
    std::string integerPart = normaliseDecimalInteger(mantissa.substr(0, dot));
    std::string fraction = dot == std::string::npos ? "" : mantissa.substr(dot);
    std::string sign = match[1].str() == "-" ? "-" : "";
    return sign + integerPart + fraction + match[4].str();
}

// Types a plain scalar by the YAML 1.2 core schema.
std::string plainScalarToJson(const std::string& text) {
    if (isNull(text)) return "null";
    if (auto boolean = asBoolean(text)) return *boolean;
    if (auto integer = asInteger(text)) return *integer;
    if (auto number = asFloat(text)) return *number;
    return quoteJson(text);
}

std::string taggedScalarToJson(const YAML::Node& node, const std::string& text) {
    const std::string& tag = node.Tag();
    if (tag == "!" || tag == kCoreTagPrefix + "str") return quoteJson(text);
    if (tag == "?" || tag.empty()) return plainScalarToJson(text);

    std::optional<std::string> typed;
    if (tag == kCoreTagPrefix + "null" && isNull(text)) typed = "null";
    if (tag == kCoreTagPrefix + "bool") typed = asBoolean(text);
    if (tag == kCoreTagPrefix + "int") typed = asInteger(text);
    if (tag == kCoreTagPrefix + "float") typed = asFloat(text);
    if (typed) return *typed;
    throw errorAt(node, "value '" + text + "' does not match its tag '" + tag +
                            "'; remove the tag or quote the value");
}

std::string scalarToJson(const YAML::Node& node, const VariableLookup& lookup) {
    std::string text;
    try {
        text = expandVariables(node.Scalar(), lookup);
    } catch (const VariableError& error) {
        throw errorAt(node, error.what(), error.variable());
    }
    return taggedScalarToJson(node, text);
}

/// The mappings and sequences from the root to the node being converted.
using Ancestors = std::vector<YAML::Node>;

/// Deepest nesting converted; deeper input is rejected rather than risk
/// the stack.
constexpr std::size_t kMaxDepth = 256;

std::string convert(const YAML::Node& node, const VariableLookup& lookup, Ancestors& ancestors);

std::string mappingToJson(const YAML::Node& node, const VariableLookup& lookup,
                          Ancestors& ancestors) {
    std::string json = "{";
    std::set<std::string> seenKeys;
    for (const auto& item : node) {
        const YAML::Node& key = item.first;
        if (!key.IsScalar()) throw errorAt(key, "mapping keys must be plain text");
        if (!seenKeys.insert(key.Scalar()).second) {
            throw errorAt(key, "duplicate key '" + key.Scalar() + "'");
        }
        if (json.size() > 1) json += ',';
        json += quoteJson(key.Scalar());
        json += ':';
        json += convert(item.second, lookup, ancestors);
    }
    return json + "}";
}

std::string sequenceToJson(const YAML::Node& node, const VariableLookup& lookup,
                           Ancestors& ancestors) {
    std::string json = "[";
    for (const auto& element : node) {
        if (json.size() > 1) json += ',';
        json += convert(element, lookup, ancestors);
    }
    return json + "]";
}

/// Converts a mapping or sequence, after checking that it does not contain
/// itself: an alias to an enclosing anchor (`a: &x {b: *x}`) makes yaml-cpp
/// build a cycle, which would otherwise recurse until the stack overflows.
std::string containerToJson(const YAML::Node& node, const VariableLookup& lookup,
                            Ancestors& ancestors) {
    for (const YAML::Node& ancestor : ancestors) {
        if (node.is(ancestor)) {
            throw errorAt(node, "an alias refers to a mapping or sequence that contains it; "
                                "copy the values instead");
        }
    }
    if (ancestors.size() >= kMaxDepth) {
        throw errorAt(node, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    ancestors.push_back(node);
    std::string json = node.IsMap() ? mappingToJson(node, lookup, ancestors)
                                    : sequenceToJson(node, lookup, ancestors);
    ancestors.pop_back();
    return json;
}

std::string convert(const YAML::Node& node, const VariableLookup& lookup, Ancestors& ancestors) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
        case YAML::NodeType::Sequence:
            return containerToJson(node, lookup, ancestors);
        case YAML::NodeType::Scalar:
            return scalarToJson(node, lookup);
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return "null";
    }
    return "null";
}

}  // namespace

std::string yamlToJson(const YAML::Node& node, const VariableLookup& lookup) {
    Ancestors ancestors;
    return convert(node, lookup, ancestors);
}

}  // namespace host
