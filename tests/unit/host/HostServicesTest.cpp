#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
#include <thread>

#include "HostServices.h"
#include "SqliteStateStore.h"
#include "UtcTime.h"

using host::HostServices;
using host::Logger;
using host::LogLevel;
using host::SqliteStateStore;

namespace {

/// A fresh folder under the system temp folder, removed at scope exit.
class TemporaryFolder {
public:
    TemporaryFolder() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "host-services-XXXXXX").string();
        _path = mkdtemp(pattern.data());
    }
    ~TemporaryFolder() { std::filesystem::remove_all(_path); }
    std::string file(const std::string& name) const { return (_path / name).string(); }

private:
    std::filesystem::path _path;
};

void appendTo(void* receiver, const char* data, size_t size) {
    static_cast<std::string*>(receiver)->append(data, size);
}

int put(const connector_host* table, const std::string& key, const std::string& value) {
    return table->state_put(table->context, key.data(), key.size(), value.data(), value.size());
}

int get(const connector_host* table, const std::string& key, std::string& value) {
    value.clear();
    return table->state_get(table->context, key.data(), key.size(), &appendTo, &value);
}

}  // namespace

TEST_CASE("host table carries version and size", "[services]") {
    Logger logger(LogLevel::Error);
    HostServices services({"p", "s"}, logger, nullptr);
    const connector_host* table = services.table();
    CHECK(table->struct_size == sizeof(connector_host));
    CHECK(table->abi_major == CONNECTOR_ABI_MAJOR);
    CHECK(table->abi_minor == CONNECTOR_ABI_MINOR);
    CHECK(table->context == &services);
    CHECK(table->is_cancelled(table->context) == 0);
}

TEST_CASE("set_error copies the message", "[services]") {
    Logger logger(LogLevel::Error);
    HostServices services({"p", "s"}, logger, nullptr);
    const connector_host* table = services.table();
    std::string message = "first failure";
    table->set_error(table->context, message.data(), message.size());
    message.assign("overwritten!!");
    CHECK(services.error() == "first failure");
    table->set_error(table->context, "second", 6);
    CHECK(services.error() == "second");
    services.clearError();
    CHECK(services.error().empty());
}

TEST_CASE("state calls without store fail", "[services]") {
    Logger logger(LogLevel::Error);
    HostServices services({"p", "s"}, logger, nullptr);
    std::string value;
    CHECK(get(services.table(), "k", value) == CONNECTOR_STATE_ERROR);
    CHECK(put(services.table(), "k", "v") == CONNECTOR_STATE_ERROR);
}

TEST_CASE("state calls reach the store", "[services]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    Logger logger(LogLevel::Error);
    HostServices services({"p", "s"}, logger, &store);
    const connector_host* table = services.table();

    std::string value;
    CHECK(get(table, "k", value) == CONNECTOR_STATE_NOT_FOUND);
    CHECK(put(table, "k", "v1") == CONNECTOR_STATE_OK);
    CHECK(get(table, "k", value) == CONNECTOR_STATE_OK);
    CHECK(value == "v1");
    CHECK(store.get({"p", "s"}, "k") == std::optional<std::string>("v1"));

    CHECK(table->state_compare_and_set(table->context, "n", 1, nullptr, 0, "1", 1) ==
          CONNECTOR_STATE_OK);
    CHECK(table->state_compare_and_set(table->context, "n", 1, nullptr, 0, "2", 1) ==
          CONNECTOR_STATE_NOT_FOUND);
    CHECK(table->state_compare_and_set(table->context, "n", 1, "1", 1, "2", 1) ==
          CONNECTOR_STATE_OK);
    CHECK(table->state_delete(table->context, "n", 1) == CONNECTOR_STATE_OK);
    CHECK(table->state_delete(table->context, "n", 1) == CONNECTOR_STATE_OK);
    CHECK(put(table, "", "v") == CONNECTOR_STATE_ERROR);
}

TEST_CASE("state calls are thread-safe", "[services]") {
    TemporaryFolder folder;
    SqliteStateStore store(folder.file("state.db"));
    Logger logger(LogLevel::Error);
    HostServices services({"p", "s"}, logger, &store);
    const connector_host* table = services.table();
    constexpr int kThreads = 4;
    constexpr int kKeysPerThread = 25;

    // Each thread writes its own keys and bumps one shared counter with
    // compare-and-set, so a lost update would show in the final count.
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([table, t] {
            for (int i = 0; i < kKeysPerThread; ++i) {
                put(table, "t" + std::to_string(t) + "-" + std::to_string(i), std::to_string(i));
                while (true) {
                    std::string current;
                    int found = get(table, "counter", current);
                    std::string next =
                        std::to_string(found == CONNECTOR_STATE_OK ? std::stoi(current) + 1 : 1);
                    int replaced = table->state_compare_and_set(
                        table->context, "counter", 7,
                        found == CONNECTOR_STATE_OK ? current.data() : nullptr, current.size(),
                        next.data(), next.size());
                    if (replaced == CONNECTOR_STATE_OK) break;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();

    CHECK(store.list("p", "s").size() == kThreads * kKeysPerThread + 1);
    CHECK(store.get({"p", "s"}, "counter") ==
          std::optional<std::string>(std::to_string(kThreads * kKeysPerThread)));
}

TEST_CASE("UTC time has milliseconds and Z", "[services]") {
    std::string text = host::formatUtcTime(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(1796404800123LL)));
    CHECK(text == "2026-12-04T17:20:00.123Z");
    std::string now = host::formatUtcTime(std::chrono::system_clock::now());
    CHECK(std::regex_match(now, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")));
}
