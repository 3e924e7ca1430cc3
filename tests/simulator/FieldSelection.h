#pragma once

#include <cstdint>
#include <string_view>

namespace Lucca {
namespace Simulator {

/// The top-level properties of a time entry, in the order the API writes them.
enum class EntryField : std::uint8_t {
    Id,
    Name,
    Url,
    OwnerId,
    Owner,
    StartsAt,
    EndsAt,
    Duration,
    Unit,
    Layer,
    CreationSource,
    AuthorId,
    ModifierId,
    CreatedAt,
    ModifiedAt,
    ArchivedAt,
    AxisSections,
    Comment,
    TimeTypeId,
    TimesheetId,
    ExternalData,
};

/// Properties of the `owner` object.
enum class OwnerField : std::uint8_t { Id, Name, LegalEntityId, Url };

/// Properties of the `comment` object.
enum class CommentField : std::uint8_t { Content, AuthorId, CreatedAt };

/// Properties of each `axisSections` element.
enum class AxisSectionField : std::uint8_t { Id, Name, Code, AxisId };

/// Properties of the `externalData` object, a field that clients do not model.
enum class ExternalDataField : std::uint8_t { Origin, Revision };

/// The parsed `fields` query parameter: one bit per selected property.
struct FieldSelection {
    std::uint32_t entry = 0;
    std::uint32_t owner = 0;
    std::uint32_t comment = 0;
    std::uint32_t axisSection = 0;
    std::uint32_t externalData = 0;

    /// True when `collection.count` was requested.
    bool count = false;

    /// Returns the selection used when `fields` is absent: `id,name,url`.
    static FieldSelection defaults();

    /// Returns every property and sub-property.
    static FieldSelection all();

    /// Parses a `fields` value such as `id,owner[id,name],comment.content,collection.count`.
    /// Names ignore case; dotted paths and brackets may nest and are merged.
    /// An object named without sub-properties gets its usual set (`owner`:
    /// id, name, url; the other objects: everything). Throws QueryError for
    /// an unknown property, a sub-property of a scalar or unbalanced brackets.
    static FieldSelection parse(std::string_view text);

    bool has(EntryField field) const { return entry & bit(field); }
    bool has(OwnerField field) const { return owner & bit(field); }
    bool has(CommentField field) const { return comment & bit(field); }
    bool has(AxisSectionField field) const { return axisSection & bit(field); }
    bool has(ExternalDataField field) const { return externalData & bit(field); }

    template <typename Field>
    static std::uint32_t bit(Field field) {
        return 1u << static_cast<unsigned>(field);
    }
};

}  // namespace Simulator
}  // namespace Lucca
