#pragma once

#include "WallTime.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace Lucca {
namespace Simulator {

/// The value of an integer field that is null, for example an unset `timesheetId`.
constexpr std::int32_t NullId = INT32_MIN;

/// A legal entity (company) that employs owners.
struct LegalEntity {
    std::int32_t id = 0;
    std::string name;
};

/// An employee whose time the entries record.
struct Owner {
    std::int32_t id = 0;
    std::string name;
    std::int32_t legalEntityId = 0;
};

/// The `comment` object of an entry.
struct Comment {
    std::string content;
    std::int32_t authorId = 0;
    Ticks createdAt = 0;
};

/// One element of an entry's `axisSections` array (an analytical axis value).
struct AxisSection {
    std::int32_t id = 0;
    std::int32_t axisId = 0;
    std::string name;
    std::string code;
};

/// One time entry, kept compact because a dataset may hold millions. Text
/// and arrays live in the Dataset's pools and entries refer to them by index.
struct TimeEntry {
    std::int64_t id = 0;
    Ticks startsAt = 0;  ///< Wall time.
    Ticks endsAt = 0;  ///< Wall time.
    Ticks createdAt = 0;  ///< Europe/Paris wall time.
    Ticks modifiedAt = 0;  ///< Europe/Paris wall time.
    Ticks archivedAt = NullTicks;  ///< Europe/Paris wall time, NullTicks while live.
    std::int32_t ownerId = 0;
    std::int32_t authorId = 0;
    std::int32_t modifierId = 0;
    std::int32_t durationSeconds = 0;
    std::int32_t timeTypeId = NullId;
    std::int32_t timesheetId = NullId;  ///< Set when the entry was submitted.
    std::int32_t commentIndex = -1;  ///< Index in Dataset::comments, or -1 for no comment.
    std::int32_t axisSetIndex = 0;  ///< Index in Dataset::axisSets; set 0 is empty.
    std::int32_t revision = 1;  ///< Incremented by every change; served in `externalData`.
    std::int8_t unit = 2;  ///< 0 days, 1 hours, 2 time.
    std::int8_t layer = 0;  ///< 0 actual, 1 theoretical.
    std::int8_t creationSource = 2;  ///< 0 automatic, 1 quick-fill, 2 manual, 3 import, 4 clock-in.

    bool isArchived() const { return archivedAt != NullTicks; }
};

/// Everything the simulated tenant contains. Entries are sorted by id, and
/// new entries always take an id above every existing one, so the order
/// holds. Call rebuildIndexes() after changing `owners` or `legalEntities`.
struct Dataset {
    std::vector<LegalEntity> legalEntities;
    std::vector<Owner> owners;
    std::vector<TimeEntry> entries;
    std::vector<Comment> comments;
    std::vector<std::vector<AxisSection>> axisSets = std::vector<std::vector<AxisSection>>(1);

    /// Returns the owner with this id, or nullptr.
    const Owner* findOwner(std::int32_t id) const;

    /// Returns the entry with this id, or nullptr. Binary search on `entries`.
    TimeEntry* findEntry(std::int64_t id);
    const TimeEntry* findEntry(std::int64_t id) const;

    /// Returns the index of the first entry whose id is at least `id`.
    std::size_t lowerBound(std::int64_t id) const;

    /// Returns an id above every existing entry id.
    std::int64_t nextId() const;

    /// Returns the index of an axis set equal to `sections`, adding it if new.
    std::int32_t internAxisSet(const std::vector<AxisSection>& sections);

    /// Rebuilds the owner lookup table and the axis set lookup table.
    void rebuildIndexes();

private:
    std::unordered_map<std::int32_t, std::size_t> _ownerIndex;
    std::unordered_map<std::string, std::int32_t> _axisSetIndex;
};

}  // namespace Simulator
}  // namespace Lucca
