#ifndef HOST_VARIABLE_EXPANSION_H
#define HOST_VARIABLE_EXPANSION_H

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace host {

/// Looks up a variable by name; returns nothing when it is unset. A variable
/// that is set to the empty string returns an empty string.
using VariableLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// Returns a lookup that reads the process environment with getenv().
VariableLookup processEnvironment();

/// A reference that cannot be expanded: an unset variable, an invalid name
/// or a missing closing brace. `variable()` is empty unless a name was read.
class VariableError : public std::runtime_error {
public:
    VariableError(const std::string& message, std::string variable)
        : std::runtime_error(message), _variable(std::move(variable)) {}

    const std::string& variable() const noexcept { return _variable; }

private:
    std::string _variable;
};

/// Replaces every `${NAME}` in `text` with the value of variable NAME.
///
/// NAME starts with a letter or underscore and continues with letters,
/// digits or underscores. `$${` produces a literal `${`, and a `$` that does
/// not start a reference stays as it is. The replaced values are not
/// scanned again. Throws VariableError for an unset variable, an invalid
/// name or an unterminated reference.
std::string expandVariables(std::string_view text, const VariableLookup& lookup);

}  // namespace host

#endif
