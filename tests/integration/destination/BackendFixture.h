// A fresh destination of one backend for one test. The same cases run
// against SQLite and PostgreSQL: each test executable links one
// implementation of this class.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "Destination.h"

namespace lucca::test {

/// Provides a unique, empty table on one backend and removes it afterwards.
class BackendFixture {
public:
    BackendFixture();
    ~BackendFixture();

    BackendFixture(const BackendFixture&) = delete;
    BackendFixture& operator=(const BackendFixture&) = delete;

    /// Returns "sqlite" or "postgresql".
    std::string backendName() const;

    /// Returns a configuration for the fixture's table.
    DestinationConfig config() const;

    /// Returns a configuration for another table. The fixture removes every
    /// table whose name starts with tablePrefix().
    DestinationConfig configForTable(const std::string& table) const;

    /// Returns the unique prefix of this fixture's table names.
    std::string tablePrefix() const;

    /// Returns the fixture's table name, unquoted.
    std::string table() const;

    /// Opens the fixture's table.
    std::unique_ptr<Destination> open() const { return openDestination(config()); }

    /// Runs `sql` on a separate connection.
    void execute(const std::string& sql);

    /// Runs `sql`, which returns one integer, on a separate connection.
    std::int64_t queryInteger(const std::string& sql);

    /// Runs `sql`, which returns one text value or NULL (returned as "<null>").
    std::string queryText(const std::string& sql);

    /// Returns whether an index named `name` exists.
    bool hasIndex(const std::string& name);

    /// Makes any insert of entry `id` into the fixture's table fail, with a
    /// trigger, to test that a page is applied entirely or not at all.
    void failInsertsOfId(std::int64_t id);

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace lucca::test
