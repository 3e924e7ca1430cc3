#pragma once

#include "Dataset.h"

#include <cstdint>

namespace Lucca {
namespace Simulator {

/// The size and shape of a generated dataset.
struct GeneratorOptions {
    std::uint64_t seed = 1;
    int legalEntities = 2;
    int owners = 12;
    int days = 20;  ///< Working days (Monday to Friday) of entries per owner.
    int entriesPerDay = 4;  ///< Entries per owner and working day.
    std::int64_t totalEntries = -1;  ///< When 0 or more: stop at this many, adding owners if needed.
    Ticks endDay = 0;  ///< Wall-time midnight after the last generated day; 0 means 2025-10-31.
};

/// Generates a dataset that depends only on the options: the same seed and
/// sizes give the same entries byte for byte. The data contains:
/// - legal entities, and owners with names in several scripts;
/// - theoretical (layer 1) and actual entries, some with zero duration;
/// - submitted entries with a timesheetId, and archived entries;
/// - comments with non-ASCII text and emoji, and axis sections;
/// - creation and modification times with 0 to 7 fractional digits.
/// Ids grow with the day, so the oldest days have the lowest ids.
Dataset generateDataset(const GeneratorOptions& options);

/// Fills `entry` with random values for an owner's working day, as the
/// generator does. Used by random mutations to create plausible entries.
/// `startMinute` is the minute of the day the entry starts at; returns the
/// minute the next entry of that day may start at. Leaves id, createdAt,
/// modifiedAt and archivedAt to the caller.
int fillRandomEntry(TimeEntry& entry, Dataset& dataset, const Owner& owner, Ticks day,
                     int startMinute, class Random& random);

}  // namespace Simulator
}  // namespace Lucca
