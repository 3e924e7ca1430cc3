// Secret configuration values never appear in printed configuration,
// log lines, error messages or status output.
#include <catch2/catch.hpp>

#include "HostProcess.h"

using namespace host_test;

namespace {

const char* const kApiKey = "sk-live-0123456789";
const char* const kPassword = "correct-horse-battery";

std::string writeSecretPipeline(const Workspace& workspace, const std::string& mode) {
    return workspace.write("pipeline.yaml",
                           "pipeline: secrets\n"
                           "steps:\n"
                           "  - name: sync\n"
                           "    connector: test-connector\n"
                           "    config:\n"
                           "      mode: " +
                               mode +
                               "\n"
                               "      apiKey: ${TEST_API_KEY}\n"
                               "      logSecret: true\n"
                               "      message: 'rejected key ${TEST_API_KEY}'\n"
                               "      credentials:\n"
                               "        user: reporting\n"
                               "        password: ${TEST_PASSWORD}\n");
}

const std::map<std::string, std::string> kSecrets = {{"TEST_API_KEY", kApiKey},
                                                     {"TEST_PASSWORD", kPassword}};

}  // namespace

TEST_CASE("show-config masks secret fields", "[secrets]") {
    Workspace workspace;
    std::string pipeline = writeSecretPipeline(workspace, "succeed");
    ProcessResult result = runHost(workspace, {"validate", pipeline, "--show-config"}, kSecrets);
    CHECK(result.exitCode == exit_code::kSuccess);
    CHECK_THAT(result.out, Catch::Contains(R"("apiKey": "***")"));
    CHECK_THAT(result.out, Catch::Contains(R"("password": "***")"));
    CHECK_THAT(result.out, Catch::Contains(R"("user": "reporting")"));
    CHECK_THAT(result.out, !Catch::Contains(kApiKey));
    CHECK_THAT(result.out, !Catch::Contains(kPassword));
}

TEST_CASE("logs mask secret values", "[secrets]") {
    Workspace workspace;
    std::string pipeline = writeSecretPipeline(workspace, "permanent");
    ProcessResult result = runHost(workspace, {"--log-level", "trace", "run", pipeline}, kSecrets);
    CHECK(result.exitCode == exit_code::kPermanent);
    CHECK_THAT(result.err, Catch::Contains("using API key ***"));
    CHECK_THAT(result.err, Catch::Contains("rejected key ***"));
    CHECK_THAT(result.err, !Catch::Contains(kApiKey));
    CHECK_THAT(result.err, !Catch::Contains(kPassword));
}

TEST_CASE("status output masks secrets", "[secrets]") {
    Workspace workspace;
    std::string pipeline = writeSecretPipeline(workspace, "succeed");
    ProcessResult table = runHost(workspace, {"status", pipeline}, kSecrets);
    CHECK(table.exitCode == exit_code::kSuccess);
    CHECK_THAT(table.out, Catch::Contains("apiKey"));
    CHECK_THAT(table.out, !Catch::Contains(kApiKey));
    ProcessResult json = runHost(workspace, {"status", pipeline, "--json"}, kSecrets);
    CHECK_THAT(json.out, Catch::Contains(R"("apiKey": "***")"));
    CHECK_THAT(json.out, !Catch::Contains(kApiKey));
}
