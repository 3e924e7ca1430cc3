#include <algorithm>
#include <catch2/catch.hpp>

#include "sync/EntryQuery.h"
#include "sync/Partition.h"

namespace {

bool contains(const std::vector<lucca::QueryParameter>& parameters, const std::string& name,
              const std::string& value) {
    return std::find(parameters.begin(), parameters.end(), lucca::QueryParameter{name, value}) !=
           parameters.end();
}

}  // namespace

TEST_CASE("partitions of each scope", "[query]") {
    lucca::ScopeConfig scope;
    auto tenant = lucca::partitionsOf(scope);
    REQUIRE(tenant.size() == 1);
    CHECK(tenant[0].name == "all");
    CHECK(tenant[0].watermarkKey() == "watermark/all");
    CHECK(tenant[0].lastRunKey() == "lastRun/all");
    CHECK_FALSE(tenant[0].filter.has_value());

    scope.kind = lucca::ScopeConfig::Kind::LegalEntities;
    scope.ids = {3, 1};
    auto entities = lucca::partitionsOf(scope);
    REQUIRE(entities.size() == 2);
    CHECK(entities[0].watermarkKey() == "watermark/legalEntity/3");
    CHECK(*entities[0].filter == lucca::QueryParameter{"owner.legalEntityId", "3"});

    scope.kind = lucca::ScopeConfig::Kind::Owners;
    scope.ids = {7};
    auto owners = lucca::partitionsOf(scope);
    REQUIRE(owners.size() == 1);
    CHECK(owners[0].name == "owner/7");
    CHECK(*owners[0].filter == lucca::QueryParameter{"ownerId", "7"});
}

TEST_CASE("incremental queries", "[query]") {
    lucca::Partition partition{"owner/7", lucca::QueryParameter{"ownerId", "7"}};
    auto queries = lucca::partitionQueries(partition, "2026-01-05T10:00:00", false);
    REQUIRE(queries.size() == 2);
    CHECK(contains(queries[0].filters, "modifiedAt", "since,2026-01-05T10:00:00"));
    CHECK(contains(queries[1].filters, "archivedAt", "since,2026-01-05T10:00:00"));
    for (const auto& query : queries) {
        CHECK(contains(query.filters, "layer", "notequal,1"));
        CHECK(contains(query.filters, "ownerId", "7"));
    }
}

TEST_CASE("full load queries", "[query]") {
    lucca::Partition partition{"all", std::nullopt};
    auto plain = lucca::partitionQueries(partition, "", false);
    REQUIRE(plain.size() == 1);
    CHECK(plain[0].filters == std::vector<lucca::QueryParameter>{{"layer", "notequal,1"}});

    auto withArchived = lucca::partitionQueries(partition, "", true);
    REQUIRE(withArchived.size() == 2);
    CHECK(contains(withArchived[1].filters, "archivedAt", "notequal,null"));
}

TEST_CASE("count and page parameters", "[query]") {
    lucca::EntryQuery query{"q", {{"layer", "notequal,1"}}};
    auto count = lucca::countParameters(query);
    CHECK(contains(count, "fields", "collection.count"));
    CHECK(count.size() == 2);

    auto first = lucca::pageParameters(query, "id,name", 0, 500);
    CHECK(contains(first, "paging", "0,500"));
    CHECK(contains(first, "orderby", "id,asc"));
    CHECK(contains(first, "fields", "id,name"));
    CHECK(std::none_of(first.begin(), first.end(), [](auto& p) { return p.first == "id"; }));

    auto next = lucca::pageParameters(query, "id", 1234, 500);
    CHECK(contains(next, "id", "greaterthan,1234"));
    CHECK(contains(next, "paging", "0,500"));
}

TEST_CASE("requested fields", "[query]") {
    std::string fields = lucca::entryFields({});
    CHECK(fields.rfind("id,ownerId,owner[id,name,legalEntityId],", 0) == 0);
    CHECK(fields.find("archivedAt") != std::string::npos);
    CHECK(lucca::entryFields({"extra", "owner[department]"}) ==
          fields + ",extra,owner[department]");
}
