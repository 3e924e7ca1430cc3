// Sample rows for the destination tests.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "Destination.h"

namespace lucca::test {

/// Returns a row with every field set. Each `variant` gives different values,
/// so a test can distinguish a replaced row from the original.
inline TimeEntryRow makeFullRow(std::int64_t id, int variant = 0) {
    TimeEntryRow row;
    row.id = id;
    row.ownerId = 400 + variant;
    row.ownerName = "Owner " + std::to_string(id) + "/" + std::to_string(variant);
    row.legalEntityId = 3 + variant;
    row.startsAt = "2024-04-22T09:30:00";
    row.endsAt = "2024-04-22T12:00:00";
    row.durationSeconds = 9000 + variant;
    row.unit = 1;
    row.layer = 0;
    row.creationSource = 2 + variant % 3;
    row.timeTypeId = 17 + variant;
    row.timesheetId = 900 + variant;
    row.comment = "comment " + std::to_string(variant);
    row.authorId = 40 + variant;
    row.modifierId = 41 + variant;
    row.createdAt = "2024-04-22T12:01:02.5";
    row.modifiedAt = "2024-04-2" + std::to_string(3 + variant % 6) + "T08:00:00";
    row.json = "{\"id\": " + std::to_string(id) + ", \"variant\": " + std::to_string(variant) + "}";
    return row;
}

/// Returns a row with only the id and the JSON set.
inline TimeEntryRow makeSparseRow(std::int64_t id) {
    TimeEntryRow row;
    row.id = id;
    row.json = "{\"id\":" + std::to_string(id) + "}";
    return row;
}

/// Checks every field of `actual` against `expected`, one check per field.
inline void checkRowEquals(const TimeEntryRow& actual, const TimeEntryRow& expected) {
    INFO("entry " << expected.id);
    CHECK(actual.id == expected.id);
    CHECK(actual.ownerId == expected.ownerId);
    CHECK(actual.ownerName == expected.ownerName);
    CHECK(actual.legalEntityId == expected.legalEntityId);
    CHECK(actual.startsAt == expected.startsAt);
    CHECK(actual.endsAt == expected.endsAt);
    CHECK(actual.durationSeconds == expected.durationSeconds);
    CHECK(actual.unit == expected.unit);
    CHECK(actual.layer == expected.layer);
    CHECK(actual.creationSource == expected.creationSource);
    CHECK(actual.timeTypeId == expected.timeTypeId);
    CHECK(actual.timesheetId == expected.timesheetId);
    CHECK(actual.comment == expected.comment);
    CHECK(actual.authorId == expected.authorId);
    CHECK(actual.modifierId == expected.modifierId);
    CHECK(actual.createdAt == expected.createdAt);
    CHECK(actual.modifiedAt == expected.modifiedAt);
    CHECK(actual.json == expected.json);
}

}  // namespace lucca::test
