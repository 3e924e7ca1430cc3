// The command line shared by the ceiling tools.
#pragma once

#include "PageQuery.h"

#include <string>
#include <vector>

namespace lucca {
namespace bench {

/// The options of a ceiling tool. Every tool accepts all of them and uses
/// the ones it needs.
struct CommandLineOptions {
    std::string baseUrl;   ///< --url, the simulator, such as http://127.0.0.1:8080
    std::string apiKey;    ///< --api-key
    int pageSize = 10000;  ///< --page-size, entries per page
    int repeat = 1;        ///< --repeat, timed repetitions in one process
    std::vector<QueryFilter> filters;  ///< --filter NAME=VALUE, after layer=notequal,1
    std::string database;    ///< --database, the SQLite file a ceiling writes
    std::string connection;  ///< --connection, a libpq connection string
    std::string table = "bench_ceiling_entries";  ///< --table
    std::vector<std::string> methods;  ///< --method NAME, repeatable, for tools with several

    /// Parses argv. Throws std::invalid_argument naming the invalid option.
    /// For --help, the exception's message is the usage text.
    static CommandLineOptions parse(int argc, char** argv, const std::string& usage);
};

}  // namespace bench
}  // namespace lucca
