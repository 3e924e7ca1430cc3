#include "EntryMutator.h"

#include "DatasetGenerator.h"
#include "QueryError.h"
#include "Random.h"

#include <Poco/JSON/Array.h>

namespace Lucca {
namespace Simulator {

namespace {

Poco::JSON::Array::Ptr toArray(const std::vector<std::int64_t>& ids) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const std::int64_t id : ids) array->add(id);
    return array;
}

Ticks readDateTime(const Poco::JSON::Object& properties, const std::string& name) {
    const std::string text = properties.getValue<std::string>(name);
    ParsedDateTime parsed;
    if (!parseDateTime(text, parsed)) {
        throw QueryError("Invalid " + name + " '" + text + "': expected a date-time such as 2024-04-22T09:30:00.");
    }
    return parsed.hasOffset ? toParisWallTime(parsed) : parsed.ticks;
}

std::int32_t readNullableInt(const Poco::JSON::Object& properties, const std::string& name) {
    if (properties.isNull(name)) return NullId;
    return properties.getValue<std::int32_t>(name);
}

std::vector<AxisSection> readAxisSections(const Poco::JSON::Array& array) {
    std::vector<AxisSection> sections;
    for (std::size_t i = 0; i < array.size(); ++i) {
        const auto object = array.getObject(static_cast<unsigned>(i));
        if (!object) throw QueryError("Invalid axisSections: every element must be an object.");
        AxisSection section;
        section.id = object->optValue<std::int32_t>("id", 0);
        section.axisId = object->optValue<std::int32_t>("axisId", 0);
        section.name = object->optValue<std::string>("name", "");
        section.code = object->optValue<std::string>("code", "");
        sections.push_back(section);
    }
    return sections;
}

}  // namespace

Poco::JSON::Object::Ptr MutationSummary::toJson() const {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set("changed", toArray(changed));
    object->set("archived", toArray(archived));
    object->set("created", toArray(created));
    return object;
}

TimeEntry& EntryMutator::liveEntry(std::int64_t id) {
    TimeEntry* entry = _dataset.findEntry(id);
    if (entry == nullptr) throw QueryError("Entry " + std::to_string(id) + " not found.");
    if (entry->isArchived()) throw QueryError("Entry " + std::to_string(id) + " is archived.");
    return *entry;
}

void EntryMutator::applyProperties(TimeEntry& entry, const Poco::JSON::Object& properties,
                                   Ticks now) {
    try {
        if (properties.has("ownerId")) {
            const auto ownerId = properties.getValue<std::int32_t>("ownerId");
            if (_dataset.findOwner(ownerId) == nullptr) {
                throw QueryError("Owner " + std::to_string(ownerId) + " not found.");
            }
            entry.ownerId = ownerId;
        }
        if (properties.has("startsAt")) entry.startsAt = readDateTime(properties, "startsAt");
        if (properties.has("endsAt")) entry.endsAt = readDateTime(properties, "endsAt");
        if (properties.has("duration")) {
            const std::string text = properties.getValue<std::string>("duration");
            if (!parseDuration(text, entry.durationSeconds)) {
                throw QueryError("Invalid duration '" + text + "': expected [d.]hh:mm:ss.");
            }
        }
        if (properties.has("unit")) entry.unit = properties.getValue<std::int8_t>("unit");
        if (properties.has("layer")) entry.layer = properties.getValue<std::int8_t>("layer");
        if (properties.has("creationSource")) {
            entry.creationSource = properties.getValue<std::int8_t>("creationSource");
        }
        if (properties.has("authorId")) entry.authorId = properties.getValue<std::int32_t>("authorId");
        if (properties.has("modifierId")) {
            entry.modifierId = properties.getValue<std::int32_t>("modifierId");
        }
        if (properties.has("timeTypeId")) entry.timeTypeId = readNullableInt(properties, "timeTypeId");
        if (properties.has("timesheetId")) {
            entry.timesheetId = readNullableInt(properties, "timesheetId");
        }
        if (properties.has("comment")) {
            if (properties.isNull("comment")) {
                entry.commentIndex = -1;
            } else {
                Comment comment;
                const auto object = properties.getObject("comment");
                comment.content = object ? object->getValue<std::string>("content")
                                         : properties.getValue<std::string>("comment");
                comment.authorId = entry.modifierId;
                comment.createdAt = now;
                _dataset.comments.push_back(comment);
                entry.commentIndex = static_cast<std::int32_t>(_dataset.comments.size() - 1);
            }
        }
        if (properties.has("axisSections")) {
            const auto array = properties.getArray("axisSections");
            if (!array) throw QueryError("Invalid axisSections: expected an array.");
            entry.axisSetIndex = _dataset.internAxisSet(readAxisSections(*array));
        }
    } catch (const Poco::Exception& error) {
        throw QueryError("Invalid entry properties: " + error.displayText());
    }
}

std::int64_t EntryMutator::create(const Poco::JSON::Object& properties, Ticks now) {
    if (!properties.has("ownerId")) throw QueryError("A new entry needs an ownerId.");
    TimeEntry entry;
    const Ticks today = now - now % TicksPerDay;
    entry.startsAt = today + 9 * 60 * TicksPerMinute;
    entry.endsAt = entry.startsAt + 3600 * TicksPerSecond;
    entry.durationSeconds = 3600;
    applyProperties(entry, properties, now);
    if (!properties.has("authorId")) entry.authorId = entry.ownerId;
    if (!properties.has("modifierId")) entry.modifierId = entry.authorId;
    entry.id = _dataset.nextId();
    if (properties.has("id")) {
        const auto id = properties.getValue<std::int64_t>("id");
        if (id < entry.id) {
            throw QueryError("Invalid id " + std::to_string(id) + ": new ids must be at least " +
                             std::to_string(entry.id) + ".");
        }
        entry.id = id;
    }
    entry.createdAt = now;
    entry.modifiedAt = now;
    entry.archivedAt = NullTicks;
    entry.revision = 1;
    _dataset.entries.push_back(entry);
    return entry.id;
}

std::int64_t EntryMutator::createCopy(const TimeEntry& model, Ticks now) {
    TimeEntry entry = model;
    entry.id = _dataset.nextId();
    entry.createdAt = now;
    entry.modifiedAt = now;
    entry.archivedAt = NullTicks;
    entry.revision = 1;
    _dataset.entries.push_back(entry);
    return entry.id;
}

void EntryMutator::change(std::int64_t id, const Poco::JSON::Object& properties, Ticks now) {
    TimeEntry& entry = liveEntry(id);
    TimeEntry changed = entry;
    applyProperties(changed, properties, now);
    changed.modifiedAt = now;
    changed.revision += 1;
    entry = changed;
}

void EntryMutator::archive(std::int64_t id, Ticks now) {
    TimeEntry& entry = liveEntry(id);
    entry.archivedAt = now;
    entry.modifiedAt = now;
    entry.revision += 1;
}

MutationSummary EntryMutator::mutateRandomly(double changeShare, double archiveShare, int create,
                                             std::uint64_t seed, Ticks now) {
    Random random(seed);
    MutationSummary summary;

    // 1. Changes and archives among the live entries.
    for (TimeEntry& entry : _dataset.entries) {
        if (entry.isArchived()) continue;
        const double draw = random.unit();
        if (draw < archiveShare) {
            entry.archivedAt = now;
            entry.modifiedAt = now;
            entry.revision += 1;
            summary.archived.push_back(entry.id);
        } else if (draw < archiveShare + changeShare) {
            // A typical correction: the duration moves by a quarter of an hour.
            entry.durationSeconds += entry.durationSeconds >= 900 && random.chance(0.5) ? -900 : 900;
            entry.endsAt = entry.startsAt + entry.durationSeconds * TicksPerSecond;
            entry.modifiedAt = now;
            entry.revision += 1;
            summary.changed.push_back(entry.id);
        }
    }

    // 2. New entries for random owners, on the day of `now`.
    if (create > 0 && _dataset.owners.empty()) throw QueryError("Cannot create entries: there are no owners.");
    const Ticks today = now - now % TicksPerDay;
    for (int i = 0; i < create; ++i) {
        const Owner& owner = _dataset.owners[static_cast<std::size_t>(
            random.between(0, static_cast<std::int64_t>(_dataset.owners.size()) - 1))];
        TimeEntry entry;
        fillRandomEntry(entry, _dataset, owner, today, 8 * 60 + 30 + 15 * (i % 40), random);
        entry.id = _dataset.nextId();
        entry.createdAt = now;
        entry.modifiedAt = now;
        _dataset.entries.push_back(entry);
        summary.created.push_back(entry.id);
    }
    return summary;
}

}  // namespace Simulator
}  // namespace Lucca
