#include "DatasetFile.h"

#include "EntrySerializer.h"
#include "JsonText.h"
#include "ReplaceableFile.h"

#include <Poco/Exception.h>
#include <Poco/File.h>

#include <simdjson.h>

#include <algorithm>
#include <fstream>

namespace Lucca {
namespace Simulator {

namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::value;

std::string readString(value field) { return std::string(std::string_view(field.get_string())); }

std::int32_t readInt32(value field) { return static_cast<std::int32_t>(std::int64_t(field.get_int64())); }

std::int32_t readNullableInt32(value field) {
    if (field.type() == json_type::null) return NullId;
    return readInt32(field);
}

Ticks readDateTime(value field) {
    if (field.type() == json_type::null) return NullTicks;
    const std::string_view text = field.get_string();
    ParsedDateTime parsed;
    if (!parseDateTime(text, parsed)) {
        throw Poco::DataFormatException("invalid date-time", std::string(text));
    }
    return toParisWallTime(parsed);
}

Comment readComment(simdjson::ondemand::object object) {
    Comment comment;
    for (auto field : object) {
        const std::string_view key = field.unescaped_key();
        if (key == "content") {
            comment.content = readString(field.value());
        } else if (key == "authorId") {
            comment.authorId = readInt32(field.value());
        } else if (key == "createdAt") {
            comment.createdAt = readDateTime(field.value());
        }
    }
    return comment;
}

std::vector<AxisSection> readAxisSections(simdjson::ondemand::array array) {
    std::vector<AxisSection> sections;
    for (auto element : array) {
        AxisSection section;
        for (auto field : element.get_object()) {
            const std::string_view key = field.unescaped_key();
            if (key == "id") {
                section.id = readInt32(field.value());
            } else if (key == "axisId") {
                section.axisId = readInt32(field.value());
            } else if (key == "name") {
                section.name = readString(field.value());
            } else if (key == "code") {
                section.code = readString(field.value());
            }
        }
        sections.push_back(section);
    }
    return sections;
}

TimeEntry readEntry(simdjson::ondemand::object object, Dataset& dataset) {
    TimeEntry entry;
    for (auto field : object) {
        const std::string_view key = field.unescaped_key();
        value v = field.value();
        if (key == "id") entry.id = v.get_int64();
        else if (key == "ownerId") entry.ownerId = readInt32(v);
        else if (key == "startsAt") entry.startsAt = readDateTime(v);
        else if (key == "endsAt") entry.endsAt = readDateTime(v);
        else if (key == "createdAt") entry.createdAt = readDateTime(v);
        else if (key == "modifiedAt") entry.modifiedAt = readDateTime(v);
        else if (key == "archivedAt") entry.archivedAt = readDateTime(v);
        else if (key == "authorId") entry.authorId = readInt32(v);
        else if (key == "modifierId") entry.modifierId = readInt32(v);
        else if (key == "unit") entry.unit = static_cast<std::int8_t>(readInt32(v));
        else if (key == "layer") entry.layer = static_cast<std::int8_t>(readInt32(v));
        else if (key == "creationSource") entry.creationSource = static_cast<std::int8_t>(readInt32(v));
        else if (key == "timeTypeId") entry.timeTypeId = readNullableInt32(v);
        else if (key == "timesheetId") entry.timesheetId = readNullableInt32(v);
        else if (key == "duration") {
            const std::string_view text = v.get_string();
            if (!parseDuration(text, entry.durationSeconds)) {
                throw Poco::DataFormatException("invalid duration", std::string(text));
            }
        } else if (key == "comment") {
            if (v.type() == json_type::null) continue;
            dataset.comments.push_back(readComment(v.get_object()));
            entry.commentIndex = static_cast<std::int32_t>(dataset.comments.size() - 1);
        } else if (key == "axisSections") {
            entry.axisSetIndex = dataset.internAxisSet(readAxisSections(v.get_array()));
        } else if (key == "externalData") {
            for (auto inner : v.get_object()) {
                if (inner.unescaped_key().value() == "revision") entry.revision = readInt32(inner.value());
            }
        }
    }
    if (entry.id < 1) throw Poco::DataFormatException("an entry has no id or an id below 1");
    return entry;
}

void readDocument(simdjson::ondemand::document& document, Dataset& dataset) {
    for (auto field : document.get_object()) {
        const std::string_view key = field.unescaped_key();
        if (key == "legalEntities") {
            for (auto element : field.value().get_array()) {
                LegalEntity entity;
                for (auto property : element.get_object()) {
                    const std::string_view name = property.unescaped_key();
                    if (name == "id") entity.id = readInt32(property.value());
                    else if (name == "name") entity.name = readString(property.value());
                }
                dataset.legalEntities.push_back(entity);
            }
        } else if (key == "owners") {
            for (auto element : field.value().get_array()) {
                Owner owner;
                for (auto property : element.get_object()) {
                    const std::string_view name = property.unescaped_key();
                    if (name == "id") owner.id = readInt32(property.value());
                    else if (name == "name") owner.name = readString(property.value());
                    else if (name == "legalEntityId") owner.legalEntityId = readInt32(property.value());
                }
                dataset.owners.push_back(owner);
            }
        } else if (key == "entries") {
            for (auto element : field.value().get_array()) {
                dataset.entries.push_back(readEntry(element.get_object(), dataset));
            }
        }
    }
}

}  // namespace

Dataset DatasetFile::load(const std::string& path) {
    Dataset dataset;
    try {
        simdjson::padded_string text = simdjson::padded_string::load(path);
        simdjson::ondemand::parser parser;
        simdjson::ondemand::document document = parser.iterate(text);
        readDocument(document, dataset);
    } catch (const simdjson::simdjson_error& error) {
        throw Poco::DataFormatException("cannot read dataset " + path, error.what());
    } catch (const Poco::Exception& error) {
        throw Poco::DataFormatException("cannot read dataset " + path, error.displayText());
    }

    std::sort(dataset.entries.begin(), dataset.entries.end(),
              [](const TimeEntry& a, const TimeEntry& b) { return a.id < b.id; });
    for (std::size_t i = 1; i < dataset.entries.size(); ++i) {
        if (dataset.entries[i].id == dataset.entries[i - 1].id) {
            throw Poco::DataFormatException("cannot read dataset " + path,
                                            "duplicate entry id " + std::to_string(dataset.entries[i].id));
        }
    }
    dataset.rebuildIndexes();
    return dataset;
}

void DatasetFile::save(const Dataset& dataset, const std::string& path) {
    requireReplaceableFile(path);
    const std::string temporary = path + ".tmp";
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw Poco::IOException("cannot write dataset", temporary);

    std::string text = R"({"format":"lucca-simulator-dataset","version":1,"legalEntities":[)";
    for (std::size_t i = 0; i < dataset.legalEntities.size(); ++i) {
        if (i > 0) text.push_back(',');
        text.append("{\"id\":");
        appendJsonInt(text, dataset.legalEntities[i].id);
        text.append(",\"name\":");
        appendJsonString(text, dataset.legalEntities[i].name);
        text.push_back('}');
    }
    text.append("],\"owners\":[");
    for (std::size_t i = 0; i < dataset.owners.size(); ++i) {
        const Owner& owner = dataset.owners[i];
        if (i > 0) text.push_back(',');
        text.append("{\"id\":");
        appendJsonInt(text, owner.id);
        text.append(",\"name\":");
        appendJsonString(text, owner.name);
        text.append(",\"legalEntityId\":");
        appendJsonInt(text, owner.legalEntityId);
        text.push_back('}');
    }
    text.append("],\"entries\":[\n");

    FieldSelection selection = FieldSelection::all();
    selection.entry &= ~(FieldSelection::bit(EntryField::Name) | FieldSelection::bit(EntryField::Url));
    selection.owner &= ~FieldSelection::bit(OwnerField::Url);
    const EntrySerializer serializer(dataset, selection, "");
    for (std::size_t i = 0; i < dataset.entries.size(); ++i) {
        if (i > 0) text.append(",\n");
        serializer.append(text, dataset.entries[i]);
        if (text.size() > (1 << 20)) {
            out.write(text.data(), static_cast<std::streamsize>(text.size()));
            text.clear();
        }
    }
    text.append("\n]}\n");
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw Poco::IOException("cannot write dataset", temporary);
    Poco::File(temporary).renameTo(path);
}

}  // namespace Simulator
}  // namespace Lucca
