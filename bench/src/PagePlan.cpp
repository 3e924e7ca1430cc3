#include "PagePlan.h"

#include <simdjson.h>

#include <numeric>
#include <stdexcept>

namespace lucca {
namespace bench {

std::int64_t PagePlan::entries() const {
    return std::accumulate(itemsPerPage.begin(), itemsPerPage.end(), std::int64_t{0});
}

PagePlan planPages(TimeEntriesClient& client, const std::vector<QueryFilter>& filters,
                   int pageSize) {
    simdjson::dom::parser parser;
    PagePlan plan;
    try {
        std::int64_t afterId = 0;
        while (true) {
            const std::string body = client.get(pageQuery(filters, "id", afterId, pageSize));
            simdjson::dom::array items = parser.parse(body)["data"]["items"].get_array();
            plan.afterIds.push_back(afterId);
            plan.itemsPerPage.push_back(static_cast<std::int64_t>(items.size()));
            if (static_cast<int>(items.size()) < pageSize) break;
            afterId = items.at(items.size() - 1)["id"].get_int64();
        }
    } catch (const simdjson::simdjson_error& error) {
        throw std::runtime_error(std::string("planning the pages: unexpected response: ") +
                                 error.what());
    }
    return plan;
}

}  // namespace bench
}  // namespace lucca
