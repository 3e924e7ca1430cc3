// Measures how many rows a second each writer applies. Not part of the test
// run: build the destination_write_benchmark target and run
//   destination_write_benchmark sqlite FILE [ROWS] [PAGE_SIZE]
//   destination_write_benchmark postgres [ROWS] [PAGE_SIZE]
// The postgres form reads LUCCA_TEST_POSTGRES and drops its table at the end.
// Each run writes ROWS new entries, then writes them all again, so the
// second pass measures delete-and-replace of existing rows.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "Destination.h"
#include "PostgreSQLTestServer.h"

namespace {

lucca::TimeEntryRow makeBenchmarkRow(std::int64_t id) {
    lucca::TimeEntryRow row;
    row.id = id;
    row.ownerId = 1000 + id % 5000;
    row.ownerName = "Owner Name " + std::to_string(id % 5000);
    row.legalEntityId = id % 7;
    row.startsAt = "2024-04-22T09:30:00";
    row.endsAt = "2024-04-22T12:00:00";
    row.durationSeconds = 9000;
    row.unit = 1;
    row.layer = 0;
    row.creationSource = 2;
    row.timeTypeId = 17;
    row.timesheetId = id % 3 == 0 ? std::optional<std::int64_t>() : 900 + id % 100;
    row.comment = "Réunion client\tsuivi du projet n°" + std::to_string(id);
    row.authorId = 40;
    row.modifierId = 41;
    row.createdAt = "2024-04-22T12:01:02.1234567";
    row.modifiedAt = "2024-04-23T08:00:00.5";
    row.json = "{\"id\":" + std::to_string(id) + ",\"ownerId\":" + std::to_string(*row.ownerId) +
               ",\"owner\":{\"id\":" + std::to_string(*row.ownerId) +
               ",\"name\":\"Owner Name\",\"legalEntityId\":3},\"startsAt\":\"2024-04-22T09:30:00\","
               "\"endsAt\":\"2024-04-22T12:00:00\",\"duration\":\"02:30:00\",\"unit\":1,"
               "\"layer\":0,\"creationSource\":2,\"authorId\":40,\"modifierId\":41,"
               "\"createdAt\":\"2024-04-22T12:01:02.1234567\",\"modifiedAt\":"
               "\"2024-04-23T08:00:00.5\",\"archivedAt\":null,\"axisSections\":[{\"id\":5}],"
               "\"comment\":{\"content\":\"Réunion client\\tsuivi\",\"authorId\":40},"
               "\"timeTypeId\":17,\"timesheetId\":null}";
    return row;
}

// Returns the user and system CPU time of this process, in seconds.
double processCpuSeconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& time) { return time.tv_sec + time.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Elapsed and CPU time of one pass over the pages. CPU time excludes the
// PostgreSQL server and waits for the disk, but is not inflated when other
// processes compete for the CPU.
struct PassTime {
    double elapsedSeconds;
    double cpuSeconds;
};

PassTime writeAllPages(lucca::Destination& destination,
                       const std::vector<lucca::PageChanges>& pages) {
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = processCpuSeconds();
    for (const lucca::PageChanges& page : pages) destination.apply(page);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return {elapsed, processCpuSeconds() - cpuStart};
}

void printPass(const char* name, const PassTime& time, long rowCount) {
    std::printf("  %-8s %.2f s elapsed, %.0f rows/s; %.2f s CPU in this process\n", name,
                time.elapsedSeconds, rowCount / time.elapsedSeconds, time.cpuSeconds);
}

int run(int argc, char** argv) {
    if (argc < 2) throw std::invalid_argument("usage: see the comment at the top of the source");
    const std::string backend = argv[1];
    lucca::DestinationConfig config;
    int next = 2;
    if (backend == "sqlite") {
        if (argc < 3) throw std::invalid_argument("missing FILE for sqlite");
        config.kind = lucca::DestinationConfig::Kind::SQLite;
        config.path = argv[next++];
    } else if (backend == "postgres") {
        config = lucca::test::PostgreSQLTestServer().config();
        config.table = "lucca_write_benchmark";
    } else {
        throw std::invalid_argument("unknown backend " + backend + ", expected sqlite or postgres");
    }
    const long rowCount = argc > next ? std::atol(argv[next]) : 1000000;
    const long pageSize = argc > next + 1 ? std::atol(argv[next + 1]) : 1000;

    std::vector<lucca::PageChanges> pages;
    for (long first = 1; first <= rowCount; first += pageSize) {
        lucca::PageChanges page;
        for (long id = first; id < first + pageSize && id <= rowCount; ++id) {
            page.upserts.push_back(makeBenchmarkRow(id));
        }
        pages.push_back(std::move(page));
    }

    auto destination = lucca::openDestination(config);
    destination->prepare();
    const PassTime insertTime = writeAllPages(*destination, pages);
    const PassTime replaceTime = writeAllPages(*destination, pages);
    const long stored = static_cast<long>(destination->rowCount());

    std::printf("%s: %ld rows in pages of %ld\n", destination->describe().c_str(), rowCount,
                pageSize);
    printPass("insert:", insertTime, rowCount);
    printPass("replace:", replaceTime, rowCount);
    std::printf("  rows stored: %ld\n", stored);
    if (backend == "postgres") {
        PGconn* connection = lucca::test::PostgreSQLTestServer().connect();
        PQclear(PQexec(connection, "DROP TABLE IF EXISTS lucca_write_benchmark"));
        PQfinish(connection);
    }
    return stored == rowCount ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "destination_write_benchmark: %s\n", error.what());
        return 2;
    }
}
