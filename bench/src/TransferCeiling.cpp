// bench-transfer-ceiling: the fastest any client can receive the pages of a
// sync from the simulator. It sends the connector's count and page requests
// on one keep-alive connection and reads and discards each body, so the
// time is the simulator's serving plus the transfer over loopback.

#include "CommandLineOptions.h"
#include "PagePlan.h"
#include "PhaseTimer.h"
#include "TimeEntriesClient.h"

#include <cstdio>
#include <exception>

namespace {

const char* const usage =
    "Usage: bench-transfer-ceiling --url URL --api-key KEY [--page-size N]\n"
    "                              [--filter NAME=VALUE]... [--repeat N]\n"
    "Fetches the pages a sync reads and discards their bytes; prints one JSON\n"
    "line per repetition. The page boundaries are found first, untimed.\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace lucca::bench;
    try {
        const CommandLineOptions options = CommandLineOptions::parse(argc, argv, usage);
        TimeEntriesClient client(options.baseUrl, options.apiKey);

        // 1. Untimed: the id after which each page starts.
        const PagePlan plan = planPages(client, options.filters, options.pageSize);

        // 2. Timed: the count request, then every page, bodies discarded.
        for (int run = 1; run <= options.repeat; ++run) {
            CeilingReport report;
            report.ceiling = "transfer";
            report.run = run;
            PhaseTimer timer;
            timer.start();
            report.bytes += client.discard(countQuery(options.filters));
            for (const std::int64_t afterId : plan.afterIds) {
                report.bytes += client.discard(
                    pageQuery(options.filters, connectorFields, afterId, options.pageSize));
            }
            report.phase = timer.stop();
            report.entries = plan.entries();
            report.pages = static_cast<std::int64_t>(plan.afterIds.size());
            printReport(report);
        }
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench-transfer-ceiling: %s\n", error.what());
        return 1;
    }
}
