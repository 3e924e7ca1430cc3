#include "CommandLineOptions.h"

#include <stdexcept>

namespace lucca {
namespace bench {

namespace {

int parsePositive(const std::string& option, const std::string& text) {
    std::size_t used = 0;
    int value = 0;
    try {
        value = std::stoi(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || value < 1) {
        throw std::invalid_argument(option + ": expected a positive integer, got '" + text + "'");
    }
    return value;
}

}  // namespace

CommandLineOptions CommandLineOptions::parse(int argc, char** argv, const std::string& usage) {
    CommandLineOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (option == "-h" || option == "--help") throw std::invalid_argument(usage);
        if (i + 1 >= argc) throw std::invalid_argument(option + ": missing value\n" + usage);
        const std::string value = argv[++i];
        if (option == "--url") {
            options.baseUrl = value;
        } else if (option == "--api-key") {
            options.apiKey = value;
        } else if (option == "--page-size") {
            options.pageSize = parsePositive(option, value);
        } else if (option == "--repeat") {
            options.repeat = parsePositive(option, value);
        } else if (option == "--filter") {
            const std::size_t equals = value.find('=');
            if (equals == std::string::npos || equals == 0) {
                throw std::invalid_argument("--filter: expected NAME=VALUE, got '" + value + "'");
            }
            options.filters.push_back({value.substr(0, equals), value.substr(equals + 1)});
        } else if (option == "--database") {
            options.database = value;
        } else if (option == "--connection") {
            options.connection = value;
        } else if (option == "--table") {
            options.table = value;
        } else if (option == "--method") {
            options.methods.push_back(value);
        } else {
            throw std::invalid_argument("unknown option '" + option + "'\n" + usage);
        }
    }
    if (options.baseUrl.empty() || options.apiKey.empty()) {
        throw std::invalid_argument("--url and --api-key are required\n" + usage);
    }
    return options;
}

}  // namespace bench
}  // namespace lucca
