#include "SecurityTestSupport.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace security_test {

std::map<std::string, std::string> secretEnvironment() {
    return {{"LUCCA_API_KEY", kApiKey}, {"LUCCA_DB_PASSWORD", kDatabasePassword}};
}

std::vector<std::string> simulatorArguments(const std::vector<std::string>& extra) {
    std::vector<std::string> arguments{"--api-key", kApiKey, "--rate-limit", "0",
                                       "--owners",  "3",     "--days",       "5"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    return arguments;
}

std::string writePipeline(const host_test::Workspace& workspace, const std::string& baseUrl,
                          const std::string& destinationYaml, const std::string& extraConfig) {
    std::string text =
        "pipeline: secrets\n"
        "state:\n"
        "  path: state.db\n"
        "steps:\n"
        "  - name: timeentries\n"
        "    connector: lucca-timeentries\n"
        "    config:\n"
        "      baseUrl: " +
        baseUrl +
        "\n"
        "      apiKey: ${LUCCA_API_KEY}\n"
        "      pageSize: 20\n"
        "      requestTimeoutSeconds: 2\n"
        "      rateLimitPerMinute: 1000000\n"
        "      retry: {maxAttempts: 2, initialBackoffMs: 10, maxBackoffMs: 20}\n"
        "      destination:\n" +
        destinationYaml + extraConfig;
    return workspace.write("pipeline.yaml", text);
}

std::string sqliteDestination(const host_test::Workspace& workspace) {
    return "        type: sqlite\n"
           "        path: " +
           workspace.path("entries.db") + "\n";
}

std::map<std::string, std::string> writtenFiles(const host_test::Workspace& workspace) {
    std::map<std::string, std::string> files;
    std::filesystem::path folder =
        std::filesystem::path(workspace.path("pipeline.yaml")).parent_path();
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || name == "pipeline.yaml") continue;
        std::ifstream in(entry.path(), std::ios::binary);
        files[name] =
            std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return files;
}

void requireNoSecret(const std::string& what, const std::string& text,
                     const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
        INFO(what << " must not contain " << secret << ":\n" << text.substr(0, 2000));
        CHECK(text.find(secret) == std::string::npos);
    }
}

void requireNothingLeaked(const host_test::ProcessResult& result,
                          const host_test::Workspace& workspace,
                          const Lucca::Test::SimulatorProcess& simulator,
                          const std::vector<std::string>& secrets) {
    requireNoSecret("stdout", result.out, secrets);
    requireNoSecret("stderr", result.err, secrets);
    for (const auto& file : writtenFiles(workspace)) {
        requireNoSecret("file " + file.first, file.second, secrets);
    }
    Poco::JSON::Array::Ptr requests = simulator.requests();
    for (std::size_t i = 0; i < requests->size(); ++i) {
        Poco::JSON::Object::Ptr request = requests->getObject(static_cast<unsigned>(i));
        requireNoSecret("request path", request->optValue<std::string>("path", ""), secrets);
        requireNoSecret("request query", request->optValue<std::string>("query", ""), secrets);
    }
}

}  // namespace security_test
