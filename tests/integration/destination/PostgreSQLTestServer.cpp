#include "PostgreSQLTestServer.h"

#include <cstdlib>
#include <stdexcept>

namespace lucca::test {

namespace {

// Quotes a conninfo value: single quotes, with ' and \ escaped by a backslash.
std::string quoteConninfoValue(const std::string& value) {
    std::string quoted = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "'";
}

}  // namespace

PostgreSQLTestServer::PostgreSQLTestServer() {
    const char* connection = std::getenv("LUCCA_TEST_POSTGRES");
    if (connection == nullptr || connection[0] == '\0') {
        throw std::runtime_error(
            "LUCCA_TEST_POSTGRES is not set. Run the suite with scripts/test.sh, or run "
            "eval \"$(scripts/postgres.sh start)\" and run the tests again.");
    }
    _fullConnection = connection;

    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(connection, &error);
    if (options == nullptr) {
        PQfreemem(error);
        throw std::runtime_error("LUCCA_TEST_POSTGRES is not a valid libpq connection string");
    }
    _config.kind = DestinationConfig::Kind::PostgreSQL;
    for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
        if (option->val == nullptr || option->val[0] == '\0') continue;
        if (std::string(option->keyword) == "password") {
            _config.password = option->val;
            continue;
        }
        if (!_config.connection.empty()) _config.connection += ' ';
        _config.connection += std::string(option->keyword) + "=" + quoteConninfoValue(option->val);
    }
    PQconninfoFree(options);
}

std::string PostgreSQLTestServer::option(const std::string& keyword) const {
    PQconninfoOption* options = PQconninfoParse(_fullConnection.c_str(), nullptr);
    std::string value;
    for (PQconninfoOption* option = options; option != nullptr && option->keyword != nullptr;
         ++option) {
        if (keyword == option->keyword && option->val != nullptr) value = option->val;
    }
    PQconninfoFree(options);
    return value;
}

PGconn* PostgreSQLTestServer::connect() const {
    PGconn* connection = PQconnectdb(_fullConnection.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(connection);
        PQfinish(connection);
        throw std::runtime_error("connecting to LUCCA_TEST_POSTGRES failed: " + message);
    }
    PQclear(PQexec(connection, "SET client_min_messages = warning"));
    return connection;
}

}  // namespace lucca::test
