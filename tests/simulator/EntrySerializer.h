#pragma once

#include "Dataset.h"
#include "FieldSelection.h"
#include "JsonWriter.h"

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

    /// Writes one entry as a JSON object, reserving the room it needs.
    void write(JsonWriter& writer, const TimeEntry& entry) const;

    /// Appends one entry as a JSON object to `out`.
    void append(std::string& out, const TimeEntry& entry) const;

private:
    std::size_t maxLength(const TimeEntry& entry, const Owner* owner) const;
    void writeOwner(JsonWriter& writer, const Owner* owner) const;
    void writeAxisSections(JsonWriter& writer, const TimeEntry& entry) const;
    void writeComment(JsonWriter& writer, const TimeEntry& entry) const;
    void writeExternalData(JsonWriter& writer, const TimeEntry& entry) const;

    const Dataset& _dataset;
    const FieldSelection& _selection;
    std::string _baseUrl;
};

}  // namespace Simulator
}  // namespace Lucca
