#include <stdexcept>

#include "Destination.h"
#include "SQLiteDestination.h"

namespace lucca {

std::unique_ptr<Destination> openDestination(const DestinationConfig& config) {
    switch (config.kind) {
        case DestinationConfig::Kind::SQLite:
            return std::make_unique<SQLiteDestination>(config);
        case DestinationConfig::Kind::PostgreSQL:
            break;
    }
    throw std::invalid_argument("PostgreSQL destination: not available in this build");
}

}  // namespace lucca
