#pragma once

#include "Dataset.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <vector>

namespace Lucca {
namespace Simulator {

/// The ids that a batch of mutations touched.
struct MutationSummary {
    std::vector<std::int64_t> changed;
    std::vector<std::int64_t> archived;
    std::vector<std::int64_t> created;

    /// Returns `{"changed":[...],"archived":[...],"created":[...]}`.
    Poco::JSON::Object::Ptr toJson() const;
};

/// Changes entries the way Lucca does: every change stamps `modifiedAt`,
/// archiving stamps `archivedAt` and `modifiedAt` with the same value, and
/// new entries take an id above every existing one. `now` is always a
/// Europe/Paris wall time from the SimulatorClock. Not thread-safe.
class EntryMutator {
public:
    /// Keeps a reference to `dataset`, which must outlive the mutator.
    explicit EntryMutator(Dataset& dataset) : _dataset(dataset) {}

    /// Creates an entry from a JSON object with at least `ownerId`; see
    /// docs/simulator.md for the accepted properties. Returns the new id.
    /// Throws QueryError on a missing owner or a value that does not parse.
    std::int64_t create(const Poco::JSON::Object& properties, Ticks now);

    /// Creates a copy of `model` with a new id and fresh timestamps. Returns the new id.
    std::int64_t createCopy(const TimeEntry& model, Ticks now);

    /// Applies the given properties (all optional) to the entry with this
    /// id, increments its revision and stamps `modifiedAt`. Throws QueryError
    /// when the entry is missing or archived, or a value does not parse.
    void change(std::int64_t id, const Poco::JSON::Object& properties, Ticks now);

    /// Archives the entry with this id. Throws QueryError when it is missing
    /// or already archived.
    void archive(std::int64_t id, Ticks now);

    /// Changes a share of the live entries, archives another share and
    /// creates `create` entries for random owners on the day of `now`, with
    /// a deterministic choice for a given seed and dataset.
    MutationSummary mutateRandomly(double changeShare, double archiveShare, int create,
                                   std::uint64_t seed, Ticks now);

private:
    TimeEntry& liveEntry(std::int64_t id);
    void applyProperties(TimeEntry& entry, const Poco::JSON::Object& properties, Ticks now);

    Dataset& _dataset;
};

}  // namespace Simulator
}  // namespace Lucca
