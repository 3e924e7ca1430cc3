#pragma once

#include "Dataset.h"
#include "FieldSelection.h"

#include <string>

namespace Lucca {
namespace Simulator {

/// Writes entries as the API does, with only the selected properties, in a
/// fixed property order. Used for pages, the ground truth and dataset files.
class EntrySerializer {
public:
    /// `baseUrl` (for example `http://127.0.0.1:8080`) prefixes the `url`
    /// properties. The serializer keeps references: `dataset` and
    /// `selection` must outlive it and the dataset must not change while it
    /// is in use.
    EntrySerializer(const Dataset& dataset, const FieldSelection& selection, std::string baseUrl);

    /// Appends one entry as a JSON object.
    void append(std::string& out, const TimeEntry& entry) const;

private:
    void appendOwner(std::string& out, const TimeEntry& entry) const;
    void appendAxisSections(std::string& out, const TimeEntry& entry) const;
    void appendComment(std::string& out, const TimeEntry& entry) const;
    void appendExternalData(std::string& out, const TimeEntry& entry) const;

    const Dataset& _dataset;
    const FieldSelection& _selection;
    std::string _baseUrl;
};

}  // namespace Simulator
}  // namespace Lucca
