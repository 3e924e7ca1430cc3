// Parsing of the time-entries responses with simdjson, the hot path of a
// sync.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "destination/Destination.h"

namespace lucca {

/// One page of entries, sorted for the destination.
struct ParsedPage {
    /// Entries to store, and ids to delete: entries whose `archivedAt` is set
    /// and theoretical entries (layer 1), which are never stored.
    PageChanges changes;
    std::vector<std::int64_t> ids;  ///< every item's id, in response order
};

/// Parses response bodies of GET /api/v3/timeentries. Reuses its buffers, so
/// keep one per thread. Not thread-safe.
///
/// A page body goes through simdjson's On-Demand parser once, and each item
/// once more from its own copy, which becomes the row's JSON. The On-Demand
/// parser skips unread values by their brackets, so the parser walks every
/// value it does not model and checks it, which keeps invalid JSON out of
/// the rows without a second full parse of the page. Count bodies are small
/// and are validated in full by simdjson's DOM parser first.
///
/// Errors: a body that is not valid JSON (truncated, cut, garbage) throws
/// DamagedBodyError, which the client retries. Valid JSON of the wrong shape
/// (no `data`, no `items`, a field of the wrong type) throws
/// connector::PermanentError naming the item and the field.
class PageParser {
public:
    /// Parses `{"data": {"items": [...]}}`. Grows `body`'s capacity for
    /// simdjson's padding. Each row's `json` is the item's text as received.
    ParsedPage parseItems(std::string& body);

    /// Parses `{"data": {"count": N}}` and returns N.
    std::int64_t parseCount(std::string& body);

    /// Parses a count response like parseCount(), and also returns the
    /// server's `header.generated` text when present and a string.
    std::int64_t parseCount(std::string& body, std::optional<std::string>& generated);

private:
    void validateSyntax(std::string& body);

    simdjson::dom::parser _validator;
    simdjson::ondemand::parser _documentParser;
    simdjson::ondemand::parser _itemParser;
    std::size_t _largestPage = 0;  ///< items in the largest page so far
};

}  // namespace lucca
