#include "sync/PageParser.h"

#include <algorithm>
#include <connector/connector.hpp>
#include <optional>

#include "http/ApiError.h"
#include "time/Duration.h"

namespace lucca {
namespace {

using simdjson::ondemand::json_type;
using simdjson::ondemand::value;

/// Valid JSON whose shape is not what the endpoint documents.
class ShapeError : public std::runtime_error {
public:
    explicit ShapeError(const std::string& message) : std::runtime_error(message) {}
};

/// Returns whether a simdjson error means the text is not JSON at all, as a
/// cut or damaged body is, rather than JSON of another shape.
bool isSyntaxError(simdjson::error_code code) {
    switch (code) {
        case simdjson::INCORRECT_TYPE:
        case simdjson::NO_SUCH_FIELD:
        case simdjson::NUMBER_OUT_OF_RANGE:
        case simdjson::INDEX_OUT_OF_BOUNDS:
            return false;
        default:
            return true;
    }
}

void padForSimdjson(std::string& text) { text.reserve(text.size() + simdjson::SIMDJSON_PADDING); }

/// Nesting deeper than this in a value the parser skips is refused, as
/// simdjson's DOM parser refuses it, so that a hostile body cannot exhaust
/// the stack.
constexpr int maxSkippedDepth = 1024;

void checkValue(value field, int depth) {
    if (depth > maxSkippedDepth) throw simdjson::simdjson_error(simdjson::DEPTH_ERROR);
    switch (field.type()) {
        case json_type::object:
            for (auto member : field.get_object()) {
                std::string_view key = member.unescaped_key();
                static_cast<void>(key);
                checkValue(member.value(), depth + 1);
            }
            break;
        case json_type::array:
            for (auto element : field.get_array()) checkValue(element.value(), depth + 1);
            break;
        case json_type::number:
            static_cast<void>(simdjson::ondemand::number(field.get_number()));
            break;
        case json_type::string:
            static_cast<void>(std::string_view(field.get_string()));
            break;
        case json_type::boolean:
            static_cast<void>(bool(field.get_bool()));
            break;
        case json_type::null: {
            bool null = false;
            if (field.is_null().get(null) != simdjson::SUCCESS || !null) {
                throw simdjson::simdjson_error(simdjson::N_ATOM_ERROR);
            }
            break;
        }
    }
}

/// Checks that a value the parser does not read is valid JSON. The On-Demand
/// parser skips such a value by its brackets alone, so without this check an
/// invalid number or literal inside it would reach the row's JSON.
void checkSkipped(value field) {
    try {
        checkValue(field, 1);
    } catch (const simdjson::simdjson_error& error) {
        throw DamagedBodyError("invalid JSON in the response body: " + std::string(error.what()));
    }
}

/// Throws ShapeError with `message` for a value of the wrong type, or
/// DamagedBodyError when the value is not even valid JSON.
[[noreturn]] void wrongType(value field, const std::string& message) {
    checkSkipped(field);
    throw ShapeError(message);
}

/// Returns whether `field` is null. simdjson types a value by its first
/// character, so the whole literal is checked, and a word such as `nul` is
/// a damaged body rather than a null.
bool isNull(value field) {
    if (field.type() != json_type::null) return false;
    bool null = false;
    if (field.is_null().get(null) != simdjson::SUCCESS || !null) {
        throw DamagedBodyError("invalid JSON in the response body: a literal that is not null");
    }
    return true;
}

std::optional<std::int64_t> optionalInteger(value field, const char* name) {
    if (isNull(field)) return std::nullopt;
    if (field.type() != json_type::number) wrongType(field, std::string(name) + ": expected an integer");
    std::int64_t number;
    const simdjson::error_code error = field.get_int64().get(number);
    // Text that is not a number at all is damage; a fraction or a number
    // beyond 64 bits is a value of the wrong type.
    if (error == simdjson::NUMBER_ERROR) throw simdjson::simdjson_error(error);
    if (error) throw ShapeError(std::string(name) + ": expected an integer");
    return number;
}

std::optional<std::string> optionalString(value field, const char* name) {
    if (isNull(field)) return std::nullopt;
    if (field.type() != json_type::string) wrongType(field, std::string(name) + ": expected a string");
    return std::string(std::string_view(field.get_string()));
}

void readOwner(value field, TimeEntryRow& row) {
    if (isNull(field)) return;
    if (field.type() != json_type::object) wrongType(field, "owner: expected an object");
    for (auto member : field.get_object()) {
        std::string_view key = member.unescaped_key();
        if (key == "id") {
            std::optional<std::int64_t> id = optionalInteger(member.value(), "owner.id");
            if (!row.ownerId) row.ownerId = id;
        } else if (key == "name") {
            row.ownerName = optionalString(member.value(), "owner.name");
        } else if (key == "legalEntityId") {
            row.legalEntityId = optionalInteger(member.value(), "owner.legalEntityId");
        } else {
            checkSkipped(member.value());
        }
    }
}

void readComment(value field, TimeEntryRow& row) {
    if (isNull(field)) return;
    if (field.type() != json_type::object) wrongType(field, "comment: expected an object or null");
    for (auto member : field.get_object()) {
        if (std::string_view(member.unescaped_key()) == "content") {
            row.comment = optionalString(member.value(), "comment.content");
        } else {
            checkSkipped(member.value());
        }
    }
}

/// Fills `row` from the fields of one item and returns its `archivedAt`.
std::optional<std::string> readEntry(simdjson::ondemand::object item, TimeEntryRow& row) {
    std::optional<std::string> archivedAt;
    bool hasId = false;
    for (auto field : item) {
        std::string_view key = field.unescaped_key();
        value fieldValue = field.value();
        if (key == "id") {
            std::optional<std::int64_t> id = optionalInteger(fieldValue, "id");
            if (!id || *id < 1) throw ShapeError("id: expected an integer of at least 1");
            row.id = *id;
            hasId = true;
        } else if (key == "ownerId") {
            std::optional<std::int64_t> ownerId = optionalInteger(fieldValue, "ownerId");
            if (ownerId) row.ownerId = ownerId;
        } else if (key == "owner") {
            readOwner(fieldValue, row);
        } else if (key == "startsAt") {
            row.startsAt = optionalString(fieldValue, "startsAt");
        } else if (key == "endsAt") {
            row.endsAt = optionalString(fieldValue, "endsAt");
        } else if (key == "duration") {
            std::optional<std::string> text = optionalString(fieldValue, "duration");
            if (text) {
                row.durationSeconds = parseDurationSeconds(*text);
                if (!row.durationSeconds) {
                    throw ShapeError("duration: invalid TimeSpan '" + *text +
                                     "', expected [d.]hh:mm:ss[.fffffff]");
                }
            }
        } else if (key == "unit") {
            row.unit = optionalInteger(fieldValue, "unit");
        } else if (key == "layer") {
            row.layer = optionalInteger(fieldValue, "layer");
        } else if (key == "creationSource") {
            row.creationSource = optionalInteger(fieldValue, "creationSource");
        } else if (key == "authorId") {
            row.authorId = optionalInteger(fieldValue, "authorId");
        } else if (key == "modifierId") {
            row.modifierId = optionalInteger(fieldValue, "modifierId");
        } else if (key == "createdAt") {
            row.createdAt = optionalString(fieldValue, "createdAt");
        } else if (key == "modifiedAt") {
            row.modifiedAt = optionalString(fieldValue, "modifiedAt");
        } else if (key == "archivedAt") {
            archivedAt = optionalString(fieldValue, "archivedAt");
        } else if (key == "comment") {
            readComment(fieldValue, row);
        } else if (key == "timeTypeId") {
            row.timeTypeId = optionalInteger(fieldValue, "timeTypeId");
        } else if (key == "timesheetId") {
            row.timesheetId = optionalInteger(fieldValue, "timesheetId");
        } else {
            // Other fields stay in the row's JSON only.
            checkSkipped(fieldValue);
        }
    }
    if (!hasId) throw ShapeError("missing id");
    return archivedAt;
}

/// Runs `body` and converts simdjson and shape errors into the parser's
/// documented exceptions, prefixed with `context`.
template <class Body>
auto translateErrors(const std::string& context, Body&& body) {
    try {
        return body();
    } catch (const simdjson::simdjson_error& error) {
        if (isSyntaxError(error.error())) {
            throw DamagedBodyError("invalid JSON in the response body: " +
                                   std::string(error.what()));
        }
        throw connector::PermanentError("unexpected response from Lucca: " + context +
                                        std::string(error.what()));
    } catch (const ShapeError& error) {
        throw connector::PermanentError("unexpected response from Lucca: " + context +
                                        error.what());
    }
}

/// Reads `header.generated` into `generated` when it is a string; any other
/// shape of the header is ignored, because clients do not depend on it.
void readGenerated(value header, std::optional<std::string>& generated) {
    if (header.type() != json_type::object) {
        checkSkipped(header);
        return;
    }
    for (auto member : header.get_object()) {
        std::string_view key = member.unescaped_key();
        value field = member.value();
        if (key == "generated" && field.type() == json_type::string) {
            generated = std::string(std::string_view(field.get_string()));
        } else {
            checkSkipped(field);
        }
    }
}

/// Calls `visit` for each field of the envelope's `data` object, checks the
/// other fields (reading `header.generated` when `generated` is given), and
/// checks that nothing follows the envelope.
template <class Visit>
void forEachDataField(simdjson::ondemand::document& document, Visit&& visit,
                      std::optional<std::string>* generated = nullptr) {
    if (document.type() != json_type::object) throw ShapeError("expected a JSON object");
    bool hasData = false;
    for (auto field : document.get_object()) {
        std::string_view key = field.unescaped_key();
        if (key != "data") {
            if (key == "header" && generated) {
                readGenerated(field.value(), *generated);
            } else {
                checkSkipped(field.value());
            }
            continue;
        }
        value data = field.value();
        if (data.type() != json_type::object) wrongType(data, "data: expected an object");
        hasData = true;
        for (auto member : data.get_object()) visit(member);
    }
    if (!hasData) throw ShapeError("missing data");

    // The envelope is consumed, so any location left is trailing content.
    const char* location = nullptr;
    if (document.current_location().get(location) == simdjson::SUCCESS) {
        throw DamagedBodyError("invalid JSON in the response body: content after the object");
    }
}

}  // namespace

void PageParser::validateSyntax(std::string& body) {
    padForSimdjson(body);
    simdjson::error_code error = _validator.parse(body.data(), body.size(), false).error();
    if (error) {
        throw DamagedBodyError(std::string("invalid JSON in the response body: ") +
                               simdjson::error_message(error));
    }
}

ParsedPage PageParser::parseItems(std::string& body) {
    padForSimdjson(body);
    // Pages of one sync differ in size by a few percent. Growing the
    // parser's buffers with a quarter to spare saves a reallocation, and the
    // heap fragmentation it leaves, at nearly every larger page.
    if (body.size() > _documentParser.capacity()) {
        const std::size_t capacity = body.size() + body.size() / 4;
        if (capacity <= _documentParser.max_capacity()) {
            const simdjson::error_code error = _documentParser.allocate(capacity);
            if (error) throw std::bad_alloc();
        }
    }
    // The rows are sized from the largest page so far, so that a page of
    // the same size never grows its vectors by copying.
    ParsedPage page;
    page.ids.reserve(_largestPage);
    page.changes.upserts.reserve(_largestPage);
    std::string itemContext;
    translateErrors("", [&] {
        simdjson::ondemand::document document =
            _documentParser.iterate(body.data(), body.size(), body.capacity());
        bool hasItems = false;
        forEachDataField(document, [&](auto field) {
            if (std::string_view(field.unescaped_key()) != "items") {
                checkSkipped(field.value());
                return;
            }
            value items = field.value();
            if (items.type() != json_type::array) wrongType(items, "data.items: expected an array");
            hasItems = true;
            std::size_t index = 0;
            for (auto element : items.get_array()) {
                itemContext = "data.items[" + std::to_string(index++) + "]: ";
                value itemValue = element.value();
                if (itemValue.type() != json_type::object) {
                    wrongType(itemValue, itemContext + "expected an object");
                }
                simdjson::ondemand::object itemObject = itemValue.get_object();
                std::string_view raw = itemObject.raw_json();
                // raw_json() runs to the next structural character, so it
                // ends with the whitespace that follows the object.
                while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' ||
                                        raw.back() == '\n' || raw.back() == '\r')) {
                    raw.remove_suffix(1);
                }

                // Parse the item a second time from its own copy, which
                // becomes the row's JSON exactly as received.
                TimeEntryRow row;
                row.json.reserve(raw.size() + simdjson::SIMDJSON_PADDING);
                row.json.assign(raw);
                simdjson::ondemand::document item =
                    _itemParser.iterate(row.json.data(), row.json.size(), row.json.capacity());
                std::optional<std::string> archivedAt;
                try {
                    archivedAt = readEntry(item.get_object(), row);
                } catch (const ShapeError& error) {
                    throw ShapeError(itemContext +
                                     (row.id ? "(id " + std::to_string(row.id) + ") " : "") +
                                     error.what());
                }
                page.ids.push_back(row.id);
                if (archivedAt || row.layer == 1) {
                    page.changes.deletes.push_back(row.id);
                } else {
                    page.changes.upserts.push_back(std::move(row));
                }
            }
            itemContext.clear();
        });
        if (!hasItems) throw ShapeError("missing data.items");
    });
    _largestPage = std::max(_largestPage, page.ids.size());
    return page;
}

std::int64_t PageParser::parseCount(std::string& body) {
    std::optional<std::string> generated;
    return parseCount(body, generated);
}

std::int64_t PageParser::parseCount(std::string& body, std::optional<std::string>& generated) {
    validateSyntax(body);
    return translateErrors("", [&] {
        simdjson::ondemand::document document =
            _documentParser.iterate(body.data(), body.size(), body.capacity());
        std::optional<std::int64_t> count;
        forEachDataField(document, [&](auto field) {
            if (std::string_view(field.unescaped_key()) == "count") {
                count = optionalInteger(field.value(), "data.count");
            } else {
                checkSkipped(field.value());
            }
        }, &generated);
        if (!count)
            throw ShapeError("missing data.count although fields=collection.count was requested");
        // A negative count is wrong but harmless, because paging stops on a short
        // page rather than on the count.
        if (*count < 0) count = 0;
        return *count;
    });
}

}  // namespace lucca
