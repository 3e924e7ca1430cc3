#ifndef HOST_YAML_TO_JSON_H
#define HOST_YAML_TO_JSON_H

#include <yaml-cpp/yaml.h>

#include <stdexcept>
#include <string>

#include "VariableExpansion.h"

namespace host {

/// A YAML node that cannot become JSON. `line()` and `column()` are 1-based
/// and point at the node; `variable()` names the unset variable, if any.
class ConversionError : public std::runtime_error {
public:
    ConversionError(const std::string& message, int line, int column, std::string variable = {})
        : std::runtime_error(message),
          _line(line),
          _column(column),
          _variable(std::move(variable)) {}

    int line() const noexcept { return _line; }
    int column() const noexcept { return _column; }
    const std::string& variable() const noexcept { return _variable; }

private:
    int _line;
    int _column;
    std::string _variable;
};

/// Converts a YAML node to compact JSON text, expanding `${NAME}` references
/// in every scalar value through `lookup`. Keys are not expanded.
///
/// A quoted scalar, or one tagged `!!str`, becomes a JSON string. A plain
/// scalar is typed after expansion by the YAML 1.2 core schema:
/// - `null`, `~` or an empty value becomes null;
/// - `true` and `false`, also capitalised or upper case, become booleans;
/// - decimal, `0x` hexadecimal and `0o` octal integers and decimal floats
///   become numbers;
/// - anything else, `.inf` and `.nan` included, becomes a string.
/// Mappings become objects with keys in file order, and sequences become
/// arrays. Throws ConversionError for an unset variable, a duplicate or
/// non-scalar key, or a value that does not match its core schema tag.
std::string yamlToJson(const YAML::Node& node, const VariableLookup& lookup);

}  // namespace host

#endif
