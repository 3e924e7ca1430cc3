#include <stdexcept>

#include "Destination.h"
#include "PostgreSQLDestination.h"
#include "SQLiteDestination.h"

namespace lucca {

std::unique_ptr<Destination> openDestination(const DestinationConfig& config) {
    switch (config.kind) {
        case DestinationConfig::Kind::SQLite:
            return std::make_unique<SQLiteDestination>(config);
        case DestinationConfig::Kind::PostgreSQL:
            return std::make_unique<PostgreSQLDestination>(config);
    }
    throw std::invalid_argument("unknown destination kind");
}

}  // namespace lucca
