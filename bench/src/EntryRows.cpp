#include "EntryRows.h"

#include <simdjson.h>

#include <cstdlib>
#include <stdexcept>

namespace lucca {
namespace bench {

namespace {

std::optional<std::int64_t> readInteger(simdjson::dom::object object, const char* key) {
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
    return static_cast<std::int64_t>(value.get_int64());
}

std::optional<std::string> readString(simdjson::dom::object object, const char* key) {
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
    return std::string(std::string_view(value.get_string()));
}

std::optional<simdjson::dom::object> readObject(simdjson::dom::object object, const char* key) {
    simdjson::dom::element value;
    if (object[key].get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
    return simdjson::dom::object(value.get_object());
}

/// Converts a .NET TimeSpan text, [d.]hh:mm:ss[.fffffff], to whole seconds.
std::optional<std::int64_t> parseDuration(const std::string& text) {
    std::int64_t days = 0;
    std::string clock = text;
    const std::size_t colon = text.find(':');
    const std::size_t dot = text.find('.');
    if (dot != std::string::npos && dot < colon) {
        days = std::strtoll(text.substr(0, dot).c_str(), nullptr, 10);
        clock = text.substr(dot + 1);
    }
    int hours = 0;
    int minutes = 0;
    int seconds = 0;
    if (std::sscanf(clock.c_str(), "%d:%d:%d", &hours, &minutes, &seconds) != 3) return std::nullopt;
    return days * 86400 + hours * 3600 + minutes * 60 + seconds;
}

/// Builds the row of one item. Returns false for an item the sync deletes,
/// and then sets only the row's id.
bool buildRow(simdjson::dom::parser& parser, std::string json, EntryRow& row) {
    simdjson::dom::object item = parser.parse(json).get_object();
    row.id = item["id"].get_int64();
    if (readString(item, "archivedAt") || readInteger(item, "layer") == 1) return false;

    row.ownerId = readInteger(item, "ownerId");
    if (const auto owner = readObject(item, "owner")) {
        if (!row.ownerId) row.ownerId = readInteger(*owner, "id");
        row.ownerName = readString(*owner, "name");
        row.legalEntityId = readInteger(*owner, "legalEntityId");
    }
    row.startsAt = readString(item, "startsAt");
    row.endsAt = readString(item, "endsAt");
    if (const auto duration = readString(item, "duration")) row.durationSeconds = parseDuration(*duration);
    row.unit = readInteger(item, "unit");
    row.layer = readInteger(item, "layer");
    row.creationSource = readInteger(item, "creationSource");
    row.timeTypeId = readInteger(item, "timeTypeId");
    row.timesheetId = readInteger(item, "timesheetId");
    if (const auto comment = readObject(item, "comment")) row.comment = readString(*comment, "content");
    row.authorId = readInteger(item, "authorId");
    row.modifierId = readInteger(item, "modifierId");
    row.createdAt = readString(item, "createdAt");
    row.modifiedAt = readString(item, "modifiedAt");
    row.json = std::move(json);
    return true;
}

}  // namespace

std::vector<std::vector<EntryRow>> loadRows(TimeEntriesClient& client,
                                            const std::vector<QueryFilter>& filters,
                                            int pageSize) {
    simdjson::ondemand::parser pageParser;
    simdjson::dom::parser itemParser;
    std::vector<std::vector<EntryRow>> pages;
    try {
        std::int64_t afterId = 0;
        while (true) {
            const simdjson::padded_string body(
                client.get(pageQuery(filters, connectorFields, afterId, pageSize)));
            simdjson::ondemand::document document = pageParser.iterate(body);
            std::vector<EntryRow> rows;
            int items = 0;
            for (auto element : document["data"]["items"]) {
                // The raw text keeps the item exactly as sent, as the connector stores it.
                simdjson::ondemand::object object = element.get_object();
                const std::string_view raw = object.raw_json();
                ++items;
                EntryRow row;
                const bool stored = buildRow(itemParser, std::string(raw), row);
                afterId = row.id;
                if (stored) rows.push_back(std::move(row));
            }
            pages.push_back(std::move(rows));
            if (items < pageSize) break;
        }
    } catch (const simdjson::simdjson_error& error) {
        throw std::runtime_error(std::string("loading the rows: unexpected response: ") +
                                 error.what());
    }
    return pages;
}

std::int64_t countRows(const std::vector<std::vector<EntryRow>>& pages) {
    std::int64_t rows = 0;
    for (const auto& page : pages) rows += static_cast<std::int64_t>(page.size());
    return rows;
}

}  // namespace bench
}  // namespace lucca
