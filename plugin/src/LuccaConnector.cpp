#include "LuccaConnector.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "http/ApiClient.h"
#include "http/SecretScrubber.h"
#include "sync/EntryQuery.h"
#include "sync/PageParser.h"
#include "sync/Partition.h"
#include "sync/SyncEngine.h"

namespace lucca {
namespace {

std::unique_ptr<Destination> openPreparedDestination(const DestinationConfig& config,
                                                     bool prepare) {
    try {
        std::unique_ptr<Destination> destination = openDestination(config);
        if (prepare) destination->prepare();
        return destination;
    } catch (const connector::Error&) {
        throw;
    } catch (const PermanentDestinationError& error) {
        throw connector::PermanentError(std::string("destination: ") + error.what());
    } catch (const std::invalid_argument& error) {
        throw connector::PermanentError(std::string("destination: ") + error.what());
    } catch (const std::exception& error) {
        throw connector::RetryableError(std::string("destination: ") + error.what());
    }
}

Poco::Dynamic::Var parseStoredJson(const std::optional<std::string>& text) {
    if (!text) return Poco::Dynamic::Var();
    try {
        // Keep the record's key order, so status shows start and end first.
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        return parser.parse(*text);
    } catch (const std::exception&) {
        return Poco::Dynamic::Var(*text);
    }
}

}  // namespace

LuccaConnector::LuccaConnector(connector::Host host)
    : LuccaConnector(host, std::make_shared<SystemClock>()) {}

LuccaConnector::LuccaConnector(connector::Host host, std::shared_ptr<const Clock> clock)
    : connector::Connector(host), _clock(std::move(clock)) {}

const ConnectorConfig& LuccaConnector::config() const {
    if (!_config)
        throw connector::PermanentError("the connector is not configured; call configure first");
    return *_config;
}

void LuccaConnector::configure(const std::string& configJson) {
    _config = parseConnectorConfig(configJson);
}

void LuccaConnector::run() {
    const ConnectorConfig& settings = config();

    // 1. The start time, once, before any request. clockOffsetSeconds lets a
    //    test align the host clock with a simulator whose clock is set by hand.
    //    The engine bounds each watermark by the `generated` time of the
    //    server's first response when that time is earlier.
    OffsetClock clock(_clock, std::chrono::seconds(settings.clockOffsetSeconds));
    std::chrono::system_clock::time_point start = clock.now();

    // 2. The sync, with one HTTP session and one database connection per
    //    worker, all under one rate limit.
    std::shared_ptr<RateLimiter> rateLimiter = makeRateLimiter(settings);
    connector::Host services = host();
    SyncWorkerFactory makeWorker = [&settings, services, rateLimiter] {
        auto worker = std::make_unique<SyncWorker>();
        worker->destination = openPreparedDestination(settings.destination, true);
        worker->client = std::make_unique<ApiClient>(settings, services, rateLimiter);
        return worker;
    };
    SyncEngine engine(settings, host(), makeWorker);
    engine.run(start);
}

std::string LuccaConnector::check() {
    const ConnectorConfig& settings = config();
    std::ostringstream report;

    // 1. Lucca: one count request per partition, with at most two attempts.
    //    Errors start with their kind, such as "unauthorized: ...".
    ConnectorConfig quick = settings;
    quick.retry.maxAttempts = std::min(quick.retry.maxAttempts, 2);
    report << "lucca " << settings.baseUrl << ": reachable, API key accepted\n";
    try {
        ApiClient client(quick, host());
        PageParser parser;
        for (const Partition& partition : partitionsOf(settings.scope)) {
            EntryQuery query = partitionQueries(partition, "", false).front();
            std::int64_t count = 0;
            client.get("count of partition " + partition.name, countParameters(query),
                       [&](std::string& body) { count = parser.parseCount(body); });
            report << "partition " << partition.name << ": " << count << " entries in scope\n";
        }
    } catch (const ApiError& error) {
        throw ApiError(error.kind(),
                       std::string(ApiError::kindName(error.kind())) + ": " + error.what());
    }

    // 2. The destination: open it and count the rows. prepare() is not called, so a
    //    missing table is reported rather than created.
    std::unique_ptr<Destination> destination = openPreparedDestination(settings.destination, false);
    report << "destination " << destination->describe() << ": ";
    try {
        report << destination->rowCount() << " rows\n";
    } catch (const std::exception& error) {
        report << "table not readable (" << scrubSecret(error.what(), settings.destination.password)
               << "); the first run creates it\n";
    }
    return report.str();
}

std::string LuccaConnector::status() {
    const ConnectorConfig& settings = config();
    Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
    result.set("connector", "lucca-timeentries");
    result.set("baseUrl", settings.baseUrl);
    Poco::JSON::Array::Ptr partitions = new Poco::JSON::Array;
    for (const Partition& partition : partitionsOf(settings.scope)) {
        Poco::JSON::Object::Ptr entry = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        entry->set("partition", partition.name);
        std::optional<std::string> watermark = host().stateGet(partition.watermarkKey());
        entry->set("watermark", watermark ? Poco::Dynamic::Var(*watermark) : Poco::Dynamic::Var());
        entry->set("lastRun", parseStoredJson(host().stateGet(partition.lastRunKey())));
        partitions->add(entry);
    }
    result.set("partitions", partitions);
    std::ostringstream out;
    result.stringify(out);
    return out.str();
}

}  // namespace lucca
