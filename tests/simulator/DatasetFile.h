#pragma once

#include "Dataset.h"

#include <string>

namespace Lucca {
namespace Simulator {

/// Reads and writes datasets as JSON files:
///
///     {"format": "lucca-simulator-dataset", "version": 1,
///      "legalEntities": [{"id": 1, "name": "..."}],
///      "owners": [{"id": 101, "name": "...", "legalEntityId": 1}],
///      "entries": [ entries with every field, as the API writes them ]}
///
/// Reading ignores entry properties it does not know (`name`, `url`,
/// `owner`), so a saved page of API output can be loaded too.
class DatasetFile {
public:
    /// Loads a dataset. Throws Poco::DataFormatException naming the file and
    /// the problem when the file is missing, is not valid JSON, or an entry
    /// has a bad value or a duplicate id.
    static Dataset load(const std::string& path);

    /// Writes a dataset, through a temporary file and a rename so readers
    /// never see half a file. Throws Poco::IOException on a write error.
    static void save(const Dataset& dataset, const std::string& path);
};

}  // namespace Simulator
}  // namespace Lucca
