#include "EntrySerializer.h"

#include "JsonText.h"

namespace Lucca {
namespace Simulator {

namespace {

/// Appends `,` unless this is the first property of the object.
void separate(std::string& out, bool& first) {
    if (!first) out.push_back(',');
    first = false;
}

void appendNullableInt(std::string& out, std::int32_t value) {
    if (value == NullId) {
        out.append("null");
    } else {
        appendJsonInt(out, value);
    }
}

void appendQuotedDateTime(std::string& out, Ticks ticks) {
    if (ticks == NullTicks) {
        out.append("null");
        return;
    }
    out.push_back('"');
    appendDateTime(out, ticks);
    out.push_back('"');
}

}  // namespace

EntrySerializer::EntrySerializer(const Dataset& dataset, const FieldSelection& selection,
                                 std::string baseUrl)
    : _dataset(dataset), _selection(selection), _baseUrl(std::move(baseUrl)) {}

void EntrySerializer::append(std::string& out, const TimeEntry& entry) const {
    const FieldSelection& s = _selection;
    bool first = true;
    out.push_back('{');
    if (s.has(EntryField::Id)) {
        separate(out, first);
        appendJsonKey(out, "id");
        appendJsonInt(out, entry.id);
    }
    if (s.has(EntryField::Name)) {
        // The name mirrors what Lucca's UI shows: the owner and the day.
        separate(out, first);
        appendJsonKey(out, "name");
        const Owner* owner = _dataset.findOwner(entry.ownerId);
        std::string name = owner ? owner->name + " " : std::string();
        name += formatDateTime(entry.startsAt).substr(0, 10);
        appendJsonString(out, name);
    }
    if (s.has(EntryField::Url)) {
        separate(out, first);
        appendJsonKey(out, "url");
        out.push_back('"');
        out.append(_baseUrl);
        out.append("/api/v3/timeentries/");
        appendJsonInt(out, entry.id);
        out.push_back('"');
    }
    if (s.has(EntryField::OwnerId)) {
        separate(out, first);
        appendJsonKey(out, "ownerId");
        appendJsonInt(out, entry.ownerId);
    }
    if (s.has(EntryField::Owner)) {
        separate(out, first);
        appendJsonKey(out, "owner");
        appendOwner(out, entry);
    }
    if (s.has(EntryField::StartsAt)) {
        separate(out, first);
        appendJsonKey(out, "startsAt");
        appendQuotedDateTime(out, entry.startsAt);
    }
    if (s.has(EntryField::EndsAt)) {
        separate(out, first);
        appendJsonKey(out, "endsAt");
        appendQuotedDateTime(out, entry.endsAt);
    }
    if (s.has(EntryField::Duration)) {
        separate(out, first);
        appendJsonKey(out, "duration");
        out.push_back('"');
        appendDuration(out, entry.durationSeconds);
        out.push_back('"');
    }
    if (s.has(EntryField::Unit)) {
        separate(out, first);
        appendJsonKey(out, "unit");
        appendJsonInt(out, entry.unit);
    }
    if (s.has(EntryField::Layer)) {
        separate(out, first);
        appendJsonKey(out, "layer");
        appendJsonInt(out, entry.layer);
    }
    if (s.has(EntryField::CreationSource)) {
        separate(out, first);
        appendJsonKey(out, "creationSource");
        appendJsonInt(out, entry.creationSource);
    }
    if (s.has(EntryField::AuthorId)) {
        separate(out, first);
        appendJsonKey(out, "authorId");
        appendJsonInt(out, entry.authorId);
    }
    if (s.has(EntryField::ModifierId)) {
        separate(out, first);
        appendJsonKey(out, "modifierId");
        appendJsonInt(out, entry.modifierId);
    }
    if (s.has(EntryField::CreatedAt)) {
        separate(out, first);
        appendJsonKey(out, "createdAt");
        appendQuotedDateTime(out, entry.createdAt);
    }
    if (s.has(EntryField::ModifiedAt)) {
        separate(out, first);
        appendJsonKey(out, "modifiedAt");
        appendQuotedDateTime(out, entry.modifiedAt);
    }
    if (s.has(EntryField::ArchivedAt)) {
        separate(out, first);
        appendJsonKey(out, "archivedAt");
        appendQuotedDateTime(out, entry.archivedAt);
    }
    if (s.has(EntryField::AxisSections)) {
        separate(out, first);
        appendJsonKey(out, "axisSections");
        appendAxisSections(out, entry);
    }
    if (s.has(EntryField::Comment)) {
        separate(out, first);
        appendJsonKey(out, "comment");
        appendComment(out, entry);
    }
    if (s.has(EntryField::TimeTypeId)) {
        separate(out, first);
        appendJsonKey(out, "timeTypeId");
        appendNullableInt(out, entry.timeTypeId);
    }
    if (s.has(EntryField::TimesheetId)) {
        separate(out, first);
        appendJsonKey(out, "timesheetId");
        appendNullableInt(out, entry.timesheetId);
    }
    if (s.has(EntryField::ExternalData)) {
        separate(out, first);
        appendJsonKey(out, "externalData");
        appendExternalData(out, entry);
    }
    out.push_back('}');
}

void EntrySerializer::appendOwner(std::string& out, const TimeEntry& entry) const {
    const Owner* owner = _dataset.findOwner(entry.ownerId);
    if (owner == nullptr) {
        out.append("null");
        return;
    }
    bool first = true;
    out.push_back('{');
    if (_selection.has(OwnerField::Id)) {
        separate(out, first);
        appendJsonKey(out, "id");
        appendJsonInt(out, owner->id);
    }
    if (_selection.has(OwnerField::Name)) {
        separate(out, first);
        appendJsonKey(out, "name");
        appendJsonString(out, owner->name);
    }
    if (_selection.has(OwnerField::LegalEntityId)) {
        separate(out, first);
        appendJsonKey(out, "legalEntityId");
        appendJsonInt(out, owner->legalEntityId);
    }
    if (_selection.has(OwnerField::Url)) {
        separate(out, first);
        appendJsonKey(out, "url");
        out.push_back('"');
        out.append(_baseUrl);
        out.append("/api/v3/users/");
        appendJsonInt(out, owner->id);
        out.push_back('"');
    }
    out.push_back('}');
}

void EntrySerializer::appendAxisSections(std::string& out, const TimeEntry& entry) const {
    out.push_back('[');
    bool firstSection = true;
    for (const AxisSection& section : _dataset.axisSets[static_cast<std::size_t>(entry.axisSetIndex)]) {
        separate(out, firstSection);
        bool first = true;
        out.push_back('{');
        if (_selection.has(AxisSectionField::Id)) {
            separate(out, first);
            appendJsonKey(out, "id");
            appendJsonInt(out, section.id);
        }
        if (_selection.has(AxisSectionField::Name)) {
            separate(out, first);
            appendJsonKey(out, "name");
            appendJsonString(out, section.name);
        }
        if (_selection.has(AxisSectionField::Code)) {
            separate(out, first);
            appendJsonKey(out, "code");
            appendJsonString(out, section.code);
        }
        if (_selection.has(AxisSectionField::AxisId)) {
            separate(out, first);
            appendJsonKey(out, "axisId");
            appendJsonInt(out, section.axisId);
        }
        out.push_back('}');
    }
    out.push_back(']');
}

void EntrySerializer::appendComment(std::string& out, const TimeEntry& entry) const {
    if (entry.commentIndex < 0) {
        out.append("null");
        return;
    }
    const Comment& comment = _dataset.comments[static_cast<std::size_t>(entry.commentIndex)];
    bool first = true;
    out.push_back('{');
    if (_selection.has(CommentField::Content)) {
        separate(out, first);
        appendJsonKey(out, "content");
        appendJsonString(out, comment.content);
    }
    if (_selection.has(CommentField::AuthorId)) {
        separate(out, first);
        appendJsonKey(out, "authorId");
        appendJsonInt(out, comment.authorId);
    }
    if (_selection.has(CommentField::CreatedAt)) {
        separate(out, first);
        appendJsonKey(out, "createdAt");
        appendQuotedDateTime(out, comment.createdAt);
    }
    out.push_back('}');
}

void EntrySerializer::appendExternalData(std::string& out, const TimeEntry& entry) const {
    bool first = true;
    out.push_back('{');
    if (_selection.has(ExternalDataField::Origin)) {
        separate(out, first);
        appendJsonKey(out, "origin");
        appendJsonString(out, "lucca-simulator");
    }
    if (_selection.has(ExternalDataField::Revision)) {
        separate(out, first);
        appendJsonKey(out, "revision");
        appendJsonInt(out, entry.revision);
    }
    out.push_back('}');
}

}  // namespace Simulator
}  // namespace Lucca
