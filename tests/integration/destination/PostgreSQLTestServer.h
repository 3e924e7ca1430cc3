// The PostgreSQL server the tests use, named by LUCCA_TEST_POSTGRES.
#pragma once

#include <libpq-fe.h>

#include <string>

#include "Destination.h"

namespace lucca::test {

/// Reads LUCCA_TEST_POSTGRES (a libpq conninfo string with a password) and
/// splits it into a connection string without the password and the
/// password, as a deployment would configure them. Throws
/// std::runtime_error, which fails the current test, when the variable is
/// unset or the server cannot be reached.
class PostgreSQLTestServer {
public:
    PostgreSQLTestServer();

    /// Returns a PostgreSQL configuration with the password held separately.
    const DestinationConfig& config() const { return _config; }

    /// Returns the value of `keyword` in the connection string, or "".
    std::string option(const std::string& keyword) const;

    /// Opens a separate connection for checks, which the caller frees with PQfinish.
    PGconn* connect() const;

private:
    std::string _fullConnection;
    DestinationConfig _config;
};

}  // namespace lucca::test
