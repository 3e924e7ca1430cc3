// The BackendFixture of the PostgreSQL test executable: a uniquely named
// table in the server named by LUCCA_TEST_POSTGRES.
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <random>
#include <stdexcept>

#include "BackendFixture.h"
#include "PostgreSQLTestServer.h"

namespace lucca::test {

namespace {

std::string uniqueTablePrefix() {
    static std::atomic<int> counter{0};
    std::random_device random;
    return "dest_test_" + std::to_string(::getpid()) + "_" + std::to_string(random() % 100000) +
           "_" + std::to_string(counter++);
}

}  // namespace

struct BackendFixture::Impl {
    PostgreSQLTestServer server;
    std::string prefix = uniqueTablePrefix();
    PGconn* connection = nullptr;

    PGresult* run(const std::string& sql, ExecStatusType expected) {
        PGresult* result = PQexec(connection, sql.c_str());
        if (PQresultStatus(result) != expected) {
            const std::string message = PQresultErrorMessage(result);
            PQclear(result);
            throw std::runtime_error("executing " + sql + " failed: " + message);
        }
        return result;
    }

    Impl() { connection = server.connect(); }

    ~Impl() {
        // Drops every table of this fixture, and the failure trigger's function.
        PGresult* tables =
            PQexec(connection, ("SELECT quote_ident(tablename) FROM pg_tables WHERE "
                                "schemaname = current_schema() AND tablename LIKE '" +
                                prefix + "%'")
                                   .c_str());
        for (int row = 0; row < PQntuples(tables); ++row) {
            PQclear(PQexec(
                connection,
                (std::string("DROP TABLE IF EXISTS ") + PQgetvalue(tables, row, 0)).c_str()));
        }
        PQclear(tables);
        PQclear(PQexec(connection, ("DROP FUNCTION IF EXISTS \"" + prefix + "_fail\"()").c_str()));
        PQfinish(connection);
    }
};

BackendFixture::BackendFixture() : _impl(std::make_unique<Impl>()) {}

BackendFixture::~BackendFixture() = default;

std::string BackendFixture::backendName() const { return "postgresql"; }

DestinationConfig BackendFixture::config() const { return configForTable(table()); }

DestinationConfig BackendFixture::configForTable(const std::string& table) const {
    DestinationConfig config = _impl->server.config();
    config.table = table;
    return config;
}

std::string BackendFixture::tablePrefix() const { return _impl->prefix; }

std::string BackendFixture::table() const { return _impl->prefix + "_entries"; }

void BackendFixture::execute(const std::string& sql) { PQclear(_impl->run(sql, PGRES_COMMAND_OK)); }

std::int64_t BackendFixture::queryInteger(const std::string& sql) {
    PGresult* result = _impl->run(sql, PGRES_TUPLES_OK);
    const std::int64_t value = PQntuples(result) == 1 ? std::stoll(PQgetvalue(result, 0, 0)) : -1;
    PQclear(result);
    return value;
}

std::string BackendFixture::queryText(const std::string& sql) {
    PGresult* result = _impl->run(sql, PGRES_TUPLES_OK);
    std::string value = "<null>";
    if (PQntuples(result) == 1 && !PQgetisnull(result, 0, 0)) value = PQgetvalue(result, 0, 0);
    PQclear(result);
    return value;
}

bool BackendFixture::hasIndex(const std::string& name) {
    return queryInteger(
               "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() "
               "AND indexname = '" +
               name + "'") == 1;
}

void BackendFixture::failInsertsOfId(std::int64_t id) {
    const std::string function = "\"" + tablePrefix() + "_fail\"";
    execute(
        "CREATE FUNCTION " + function +
        "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.\"id\" = " + std::to_string(id) +
        " THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$");
    execute("CREATE TRIGGER \"fail_insert\" BEFORE INSERT OR UPDATE ON \"" + table() +
            "\" FOR EACH ROW EXECUTE FUNCTION " + function + "()");
}

}  // namespace lucca::test
