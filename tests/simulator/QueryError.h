#pragma once

#include <stdexcept>
#include <string>

namespace Lucca {
namespace Simulator {

/// An invalid request, which the API rejects with status 400 and this message.
class QueryError : public std::runtime_error {
public:
    explicit QueryError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace Simulator
}  // namespace Lucca
