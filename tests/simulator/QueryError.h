#pragma once

#include <stdexcept>
#include <string>

namespace Lucca {
namespace Simulator {

/// An invalid request: the API answers it with status 400 and the message.
class QueryError : public std::runtime_error {
public:
    explicit QueryError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace Simulator
}  // namespace Lucca
