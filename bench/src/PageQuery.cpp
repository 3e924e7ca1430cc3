#include "PageQuery.h"

#include <cctype>

namespace lucca {
namespace bench {

const char* const connectorFields =
    "id,ownerId,owner[id,name,legalEntityId],startsAt,endsAt,duration,unit,layer,"
    "creationSource,authorId,modifierId,createdAt,modifiedAt,archivedAt,axisSections,"
    "comment,timeTypeId,timesheetId";

namespace {

/// Percent-encodes a query value, leaving letters, digits and the
/// characters that Lucca's filter syntax uses (",:-._~") readable.
std::string encode(const std::string& text) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = byte < 0x80 && (std::isalnum(byte) || c == ',' || c == ':' ||
                                           c == '-' || c == '.' || c == '_' || c == '~');
        if (plain) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0F];
        }
    }
    return out;
}

void append(std::string& query, const std::string& name, const std::string& value) {
    if (!query.empty()) query += '&';
    query += encode(name);
    query += '=';
    query += encode(value);
}

std::string filterQuery(const std::vector<QueryFilter>& filters) {
    std::string query;
    append(query, "layer", "notequal,1");
    for (const QueryFilter& filter : filters) append(query, filter.name, filter.value);
    return query;
}

}  // namespace

std::string countQuery(const std::vector<QueryFilter>& filters) {
    std::string query = filterQuery(filters);
    append(query, "fields", "collection.count");
    return query;
}

std::string pageQuery(const std::vector<QueryFilter>& filters, const std::string& fields,
                      std::int64_t afterId, int pageSize) {
    std::string query = filterQuery(filters);
    if (afterId > 0) append(query, "id", "greaterthan," + std::to_string(afterId));
    append(query, "fields", fields);
    append(query, "orderby", "id,asc");
    append(query, "paging", "0," + std::to_string(pageSize));
    return query;
}

}  // namespace bench
}  // namespace lucca
