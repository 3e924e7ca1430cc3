#include "EntrySerializer.h"

namespace Lucca {
namespace Simulator {

namespace {

/// Writes the separator and the key of the next property of an object.
template <std::size_t N>
void key(JsonWriter& writer, bool& first, const char (&name)[N]) {
    if (!first) writer.character(',');
    first = false;
    writer.literal(name);
}

void nullableInt(JsonWriter& writer, std::int32_t value) {
    if (value == NullId) {
        writer.literal("null");
    } else {
        writer.integer(value);
    }
}

}  // namespace

EntrySerializer::EntrySerializer(const Dataset& dataset, const FieldSelection& selection,
                                 std::string baseUrl)
    : _dataset(dataset), _selection(selection), _baseUrl(std::move(baseUrl)) {}

std::size_t EntrySerializer::maxLength(const TimeEntry& entry, const Owner* owner) const {
    // Fixed text (keys, numbers, dates) stays under 1,500 bytes. Strings may
    // grow six times when escaped, and the owner's name appears twice.
    std::size_t variable = owner ? 2 * owner->name.size() : 0;
    if (entry.commentIndex >= 0) {
        variable += _dataset.comments[static_cast<std::size_t>(entry.commentIndex)].content.size();
    }
    std::size_t sections = 0;
    for (const AxisSection& section : _dataset.axisSets[static_cast<std::size_t>(entry.axisSetIndex)]) {
        variable += section.name.size() + section.code.size();
        ++sections;
    }
    return 1500 + 6 * variable + 150 * sections + 2 * _baseUrl.size();
}

void EntrySerializer::append(std::string& out, const TimeEntry& entry) const {
    JsonWriter writer(out);
    write(writer, entry);
    writer.finish();
}

void EntrySerializer::write(JsonWriter& writer, const TimeEntry& entry) const {
    const FieldSelection& s = _selection;
    const Owner* owner = _dataset.findOwner(entry.ownerId);
    writer.reserve(maxLength(entry, owner));
    bool first = true;
    writer.character('{');

    // 1. Identity.
    if (s.has(EntryField::Id)) {
        key(writer, first, "\"id\":");
        writer.integer(entry.id);
    }
    if (s.has(EntryField::Name)) {
        // The name mirrors what Lucca's UI shows: the owner and the day.
        key(writer, first, "\"name\":");
        char day[MaxDateTimeLength];
        writeDateTime(day, entry.startsAt);
        const std::string name = (owner ? owner->name + " " : std::string()) + std::string(day, 10);
        writer.string(name);
    }
    if (s.has(EntryField::Url)) {
        key(writer, first, "\"url\":\"");
        writer.raw(_baseUrl);
        writer.literal("/api/v3/timeentries/");
        writer.integer(entry.id);
        writer.character('"');
    }
    if (s.has(EntryField::OwnerId)) {
        key(writer, first, "\"ownerId\":");
        writer.integer(entry.ownerId);
    }
    if (s.has(EntryField::Owner)) {
        key(writer, first, "\"owner\":");
        writeOwner(writer, owner);
    }

    // 2. Time and kind.
    if (s.has(EntryField::StartsAt)) {
        key(writer, first, "\"startsAt\":");
        writer.dateTime(entry.startsAt);
    }
    if (s.has(EntryField::EndsAt)) {
        key(writer, first, "\"endsAt\":");
        writer.dateTime(entry.endsAt);
    }
    if (s.has(EntryField::Duration)) {
        key(writer, first, "\"duration\":");
        writer.duration(entry.durationSeconds);
    }
    if (s.has(EntryField::Unit)) {
        key(writer, first, "\"unit\":");
        writer.integer(entry.unit);
    }
    if (s.has(EntryField::Layer)) {
        key(writer, first, "\"layer\":");
        writer.integer(entry.layer);
    }
    if (s.has(EntryField::CreationSource)) {
        key(writer, first, "\"creationSource\":");
        writer.integer(entry.creationSource);
    }

    // 3. History.
    if (s.has(EntryField::AuthorId)) {
        key(writer, first, "\"authorId\":");
        writer.integer(entry.authorId);
    }
    if (s.has(EntryField::ModifierId)) {
        key(writer, first, "\"modifierId\":");
        writer.integer(entry.modifierId);
    }
    if (s.has(EntryField::CreatedAt)) {
        key(writer, first, "\"createdAt\":");
        writer.dateTime(entry.createdAt);
    }
    if (s.has(EntryField::ModifiedAt)) {
        key(writer, first, "\"modifiedAt\":");
        writer.dateTime(entry.modifiedAt);
    }
    if (s.has(EntryField::ArchivedAt)) {
        key(writer, first, "\"archivedAt\":");
        writer.dateTime(entry.archivedAt);
    }

    // 4. Attachments.
    if (s.has(EntryField::AxisSections)) {
        key(writer, first, "\"axisSections\":");
        writeAxisSections(writer, entry);
    }
    if (s.has(EntryField::Comment)) {
        key(writer, first, "\"comment\":");
        writeComment(writer, entry);
    }
    if (s.has(EntryField::TimeTypeId)) {
        key(writer, first, "\"timeTypeId\":");
        nullableInt(writer, entry.timeTypeId);
    }
    if (s.has(EntryField::TimesheetId)) {
        key(writer, first, "\"timesheetId\":");
        nullableInt(writer, entry.timesheetId);
    }
    if (s.has(EntryField::ExternalData)) {
        key(writer, first, "\"externalData\":");
        writeExternalData(writer, entry);
    }
    writer.character('}');
}

void EntrySerializer::writeOwner(JsonWriter& writer, const Owner* owner) const {
    if (owner == nullptr) {
        writer.literal("null");
        return;
    }
    bool first = true;
    writer.character('{');
    if (_selection.has(OwnerField::Id)) {
        key(writer, first, "\"id\":");
        writer.integer(owner->id);
    }
    if (_selection.has(OwnerField::Name)) {
        key(writer, first, "\"name\":");
        writer.string(owner->name);
    }
    if (_selection.has(OwnerField::LegalEntityId)) {
        key(writer, first, "\"legalEntityId\":");
        writer.integer(owner->legalEntityId);
    }
    if (_selection.has(OwnerField::Url)) {
        key(writer, first, "\"url\":\"");
        writer.raw(_baseUrl);
        writer.literal("/api/v3/users/");
        writer.integer(owner->id);
        writer.character('"');
    }
    writer.character('}');
}

void EntrySerializer::writeAxisSections(JsonWriter& writer, const TimeEntry& entry) const {
    writer.character('[');
    bool firstSection = true;
    for (const AxisSection& section : _dataset.axisSets[static_cast<std::size_t>(entry.axisSetIndex)]) {
        if (!firstSection) writer.character(',');
        firstSection = false;
        bool first = true;
        writer.character('{');
        if (_selection.has(AxisSectionField::Id)) {
            key(writer, first, "\"id\":");
            writer.integer(section.id);
        }
        if (_selection.has(AxisSectionField::Name)) {
            key(writer, first, "\"name\":");
            writer.string(section.name);
        }
        if (_selection.has(AxisSectionField::Code)) {
            key(writer, first, "\"code\":");
            writer.string(section.code);
        }
        if (_selection.has(AxisSectionField::AxisId)) {
            key(writer, first, "\"axisId\":");
            writer.integer(section.axisId);
        }
        writer.character('}');
    }
    writer.character(']');
}

void EntrySerializer::writeComment(JsonWriter& writer, const TimeEntry& entry) const {
    if (entry.commentIndex < 0) {
        writer.literal("null");
        return;
    }
    const Comment& comment = _dataset.comments[static_cast<std::size_t>(entry.commentIndex)];
    bool first = true;
    writer.character('{');
    if (_selection.has(CommentField::Content)) {
        key(writer, first, "\"content\":");
        writer.string(comment.content);
    }
    if (_selection.has(CommentField::AuthorId)) {
        key(writer, first, "\"authorId\":");
        writer.integer(comment.authorId);
    }
    if (_selection.has(CommentField::CreatedAt)) {
        key(writer, first, "\"createdAt\":");
        writer.dateTime(comment.createdAt);
    }
    writer.character('}');
}

void EntrySerializer::writeExternalData(JsonWriter& writer, const TimeEntry& entry) const {
    bool first = true;
    writer.character('{');
    if (_selection.has(ExternalDataField::Origin)) {
        key(writer, first, "\"origin\":");
        writer.literal("\"lucca-simulator\"");
    }
    if (_selection.has(ExternalDataField::Revision)) {
        key(writer, first, "\"revision\":");
        writer.integer(entry.revision);
    }
    writer.character('}');
}

}  // namespace Simulator
}  // namespace Lucca
