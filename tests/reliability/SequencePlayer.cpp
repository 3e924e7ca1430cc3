#include "SequencePlayer.h"

#include <Poco/JSON/Parser.h>
#include <date/date.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>

#include "HostProcess.h"
#include "SimulatorProcess.h"
#include "TempDir.h"
#include "TruthComparison.h"
#include "destination/Destination.h"
#include "time/Watermark.h"

namespace Lucca {
namespace Test {
namespace {

using Poco::JSON::Object;
using SystemSeconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

constexpr const char* kPipeline = "convergence";
constexpr const char* kStep = "timeentries";

/// A divergence: the product broke an invariant at the current step.
struct Divergence : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One partition's stored watermark and the instant it denotes.
struct WatermarkRecord {
    std::optional<std::string> value;

    /// The UTC minute at which the run that stored `value` started. The wall
    /// time alone is ambiguous in the repeated autumn hour, so the order of
    /// watermarks is the order of these instants.
    SystemSeconds instant{};
};

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string tail(const std::string& text, std::size_t size) {
    return text.size() <= size ? text : "..." + text.substr(text.size() - size);
}

/// Splits the `password=` word out of a libpq conninfo of space-separated
/// key=value words, as scripts/postgres.sh prints it.
void splitPassword(const std::string& conninfo, std::string& connection, std::string& password) {
    std::istringstream words(conninfo);
    std::string word;
    while (words >> word) {
        if (word.rfind("password=", 0) == 0) {
            password = word.substr(9);
        } else {
            connection += (connection.empty() ? "" : " ") + word;
        }
    }
}

void dropPostgresTable(const std::string& conninfo, const std::string& table) {
    PGconn* connection = PQconnectdb(conninfo.c_str());
    if (PQstatus(connection) != CONNECTION_OK) {
        std::string message = PQerrorMessage(connection);
        PQfinish(connection);
        throw std::runtime_error("failed to connect to PostgreSQL: " + message);
    }
    PQsetNoticeProcessor(
        connection, [](void*, const char*) {}, nullptr);
    PGresult* result = PQexec(connection, ("DROP TABLE IF EXISTS " + table).c_str());
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    std::string message = PQerrorMessage(connection);
    PQclear(result);
    PQfinish(connection);
    if (!ok) throw std::runtime_error("failed to drop table " + table + ": " + message);
}

/// Returns the simulator clock as a UTC instant, truncated to the second.
SystemSeconds simulatorInstant(const SimulatorProcess& simulator) {
    std::string utc = simulator.get("/_sim/clock")->getValue<std::string>("utc");
    std::istringstream in(utc.substr(0, 19));
    SystemSeconds instant;
    in >> date::parse("%Y-%m-%dT%H:%M:%S", instant);
    if (in.fail()) throw std::runtime_error("invalid simulator clock " + utc);
    return instant;
}

/// The state of one sequence while it plays.
class SequenceState {
public:
    SequenceState(const SequencePlan& plan, const PlayerOptions& options,
                  DriverStatistics& statistics)
        : _plan(plan), _options(options), _statistics(statistics) {}

    ~SequenceState() {
        if (_options.backend == Backend::PostgreSQL && !_table.empty()) {
            try {
                dropPostgresTable(_options.postgresConnection, _table);
            } catch (const std::exception& error) {
                std::cerr << "convergence-driver: " << error.what() << "\n";
            }
        }
    }

    void start();
    void play(const PlannedStep& step);

    /// Returns the end of the log of the last run.
    std::string lastLog() const { return tail(_lastLog, 4000); }

private:
    void mutateInBulk(const PlannedStep& step);
    void changeOne(const PlannedStep& step, bool archive);
    void createOne(const PlannedStep& step);
    void run(const PlannedStep& step);
    void resetWatermarks();

    std::string writePipeline(const PlannedStep& step, long long clockOffsetSeconds);
    std::vector<std::string> partitionNames() const;
    std::string truthScopeOf(const std::string& partition) const;
    void checkWatermarks(int exitCode, SystemSeconds runStart, std::vector<std::string>& advanced);
    void checkTable(const std::string& scopeQuery, std::optional<std::int64_t> legalEntityId,
                    const std::string& when);
    Object::Ptr liveEntries() const;

    const SequencePlan& _plan;
    const PlayerOptions& _options;
    DriverStatistics& _statistics;
    std::unique_ptr<TempDir> _directory;
    std::unique_ptr<SimulatorProcess> _simulator;
    lucca::DestinationConfig _destination;
    std::string _table;
    std::string _lastLog;
    std::string _pipelineFile;
    std::map<std::string, WatermarkRecord> _watermarks;
};

void SequenceState::start() {
    _directory = std::make_unique<TempDir>();
    std::vector<std::string> arguments{
        "--seed",           std::to_string(_plan.seed % 2000000000ULL),
        "--entries",        std::to_string(_plan.entries),
        "--legal-entities", std::to_string(_plan.legalEntities),
        "--clock",          _plan.startClock,
        "--rate-limit",     "0"};
    if (_plan.includeArchivedInList) arguments.push_back("--include-archived-in-list");
    if (!_options.serverHeader) arguments.push_back("--no-header");
    _simulator = std::make_unique<SimulatorProcess>(arguments);

    _table = "convergence_" + std::to_string(getpid()) + "_" + std::to_string(_plan.seed);
    _destination.table = _table;
    if (_options.backend == Backend::SQLite) {
        _destination.kind = lucca::DestinationConfig::Kind::SQLite;
        _destination.path = _directory->file("entries.db");
    } else {
        _destination.kind = lucca::DestinationConfig::Kind::PostgreSQL;
        splitPassword(_options.postgresConnection, _destination.connection, _destination.password);
        dropPostgresTable(_options.postgresConnection, _table);
    }
}

void SequenceState::play(const PlannedStep& step) {
    switch (step.kind) {
        case StepKind::BulkMutation:
            mutateInBulk(step);
            break;
        case StepKind::ChangeEntry:
            changeOne(step, false);
            break;
        case StepKind::ArchiveEntry:
            changeOne(step, true);
            break;
        case StepKind::CreateEntry:
            createOne(step);
            break;
        case StepKind::AdvanceClock:
            _simulator->advanceClock(step.advanceSeconds);
            break;
        case StepKind::ResetWatermarks:
            resetWatermarks();
            break;
        case StepKind::Run:
            run(step);
            break;
    }
}

void SequenceState::resetWatermarks() {
    // Before the first run there is no pipeline file, and nothing to delete.
    if (_pipelineFile.empty()) return;
    for (const std::string& partition : partitionNames()) {
        HostRunResult result =
            runHost({"state", "delete", _pipelineFile, kStep, "watermark/" + partition},
                    _directory->file("state.log"), {}, 0, std::chrono::milliseconds(0),
                    std::chrono::seconds(60));
        if (result.exitCode != 0) {
            throw std::runtime_error("connector-host state delete exited with code " +
                                     std::to_string(result.exitCode) + ": " +
                                     readFile(_directory->file("state.log")));
        }
        _watermarks[partition] = WatermarkRecord{};
    }
}

void SequenceState::mutateInBulk(const PlannedStep& step) {
    std::ostringstream body;
    body << R"({"changeShare":)" << step.changeShare << R"(,"archiveShare":)" << step.archiveShare
         << R"(,"create":)" << step.createCount << R"(,"seed":)" << step.seed % 2000000000ULL
         << "}";
    _simulator->mutate(body.str());
}

Object::Ptr SequenceState::liveEntries() const {
    return _simulator->get("/_sim/truth?fields=id,ownerId");
}

void SequenceState::changeOne(const PlannedStep& step, bool archive) {
    Poco::JSON::Array::Ptr items = liveEntries()->getArray("items");
    if (items->size() == 0) return;
    std::mt19937_64 random(step.seed);
    auto id = items->getObject(static_cast<unsigned>(random() % items->size()))
                  ->getValue<std::int64_t>("id");
    if (archive) {
        _simulator->post("/_sim/entries/archive", R"({"id":)" + std::to_string(id) + "}");
        return;
    }
    int minutes = static_cast<int>(random() % 600);
    char duration[16];
    std::snprintf(duration, sizeof duration, "%02d:%02d:00", minutes / 60, minutes % 60);
    // A comment with a quote, an accent and an emoji, or none.
    std::string comment = "null";
    if (random() % 2 == 0) comment = "\"Révision \\\"" + std::to_string(random() % 1000) + " ☕\"";
    _simulator->post("/_sim/entries/change", R"({"ids":[)" + std::to_string(id) +
                                                 R"(],"set":{"duration":")" + duration +
                                                 R"(","comment":)" + comment + "}}");
}

void SequenceState::createOne(const PlannedStep& step) {
    Poco::JSON::Array::Ptr items = liveEntries()->getArray("items");
    if (items->size() == 0) return;
    std::mt19937_64 random(step.seed);
    auto ownerId = items->getObject(static_cast<unsigned>(random() % items->size()))
                       ->getValue<std::int64_t>("ownerId");
    std::string day = _simulator->clockNow().substr(0, 10);
    int hour = 8 + static_cast<int>(random() % 8);
    char startsAt[32], endsAt[32];
    std::snprintf(startsAt, sizeof startsAt, "%sT%02d:00:00", day.c_str(), hour);
    std::snprintf(endsAt, sizeof endsAt, "%sT%02d:30:00", day.c_str(), hour + 1);
    _simulator->post("/_sim/entries", R"({"ownerId":)" + std::to_string(ownerId) +
                                          R"(,"startsAt":")" + startsAt + R"(","endsAt":")" +
                                          endsAt +
                                          R"(","duration":"01:30:00","comment":"Créé \\ 新)" +
                                          std::to_string(random() % 100) + R"("})");
}

std::vector<std::string> SequenceState::partitionNames() const {
    if (_plan.legalEntityIds.empty()) return {"all"};
    std::vector<std::string> names;
    for (int id : _plan.legalEntityIds) names.push_back("legalEntity/" + std::to_string(id));
    return names;
}

std::string SequenceState::truthScopeOf(const std::string& partition) const {
    if (partition == "all") return "";
    return "legalEntityId=" + partition.substr(partition.find('/') + 1);
}

std::string SequenceState::writePipeline(const PlannedStep& step, long long clockOffsetSeconds) {
    std::ostringstream yaml;
    yaml << "pipeline: " << kPipeline << "\n"
         << "state:\n  type: sqlite\n  path: " << _directory->file("state.db") << "\n"
         << "steps:\n  - name: " << kStep << "\n    connector: lucca-timeentries\n"
         << "    config:\n"
         << "      baseUrl: " << _simulator->httpUrl() << "\n"
         << "      apiKey: ${LUCCA_API_KEY}\n"
         << "      pageSize: " << step.pageSize << "\n"
         << "      requestTimeoutSeconds: 1\n"
         << "      rateLimitPerMinute: 1000000\n"
         << "      partitionConcurrency: " << step.partitionConcurrency << "\n"
         << "      overlapMinutes: " << _plan.overlapMinutes << "\n"
         << "      clockOffsetSeconds: " << clockOffsetSeconds << "\n"
         << "      retry: {maxAttempts: 4, initialBackoffMs: 10, maxBackoffMs: 50, "
            "maxRetryAfterSeconds: 1}\n";
    if (!_plan.legalEntityIds.empty()) {
        yaml << "      scope:\n        legalEntityIds: [";
        for (std::size_t i = 0; i < _plan.legalEntityIds.size(); ++i)
            yaml << (i == 0 ? "" : ", ") << _plan.legalEntityIds[i];
        yaml << "]\n";
    }
    yaml << "      destination:\n";
    if (_destination.kind == lucca::DestinationConfig::Kind::SQLite) {
        yaml << "        type: sqlite\n        path: " << _destination.path << "\n";
    } else {
        yaml << "        type: postgresql\n        connection: \"" << _destination.connection
             << "\"\n        password: ${LUCCA_DB_PASSWORD}\n";
    }
    yaml << "        table: " << _table << "\n";

    _pipelineFile = _directory->file("pipeline.yaml");
    std::ofstream(_pipelineFile) << yaml.str();
    return _pipelineFile;
}

void SequenceState::run(const PlannedStep& step) {
    // 1. Faults and limits for this run only.
    _simulator->clearFaults();
    for (const PlannedFault& fault : step.faults) _simulator->armFault(fault.json);
    _statistics.faultsArmed += static_cast<std::int64_t>(step.faults.size());
    if (step.slowPages)
        _simulator->armFault(R"({"kind":"delay","delayMs":40,"query":"paging","times":1000000})");
    if (step.simulatorRateLimit > 0) _simulator->setRateLimit(step.simulatorRateLimit);

    // 2. The connector's start time: the first second of the simulator's
    //    current minute. clockOffsetSeconds has whole seconds and the host
    //    takes a moment to start, so aiming at the minute's first second
    //    gives a start in the same minute as the simulator clock, and so the
    //    same watermark, however the launch delay varies. A planned clock
    //    skew then moves that start by whole minutes.
    SystemSeconds runStart = simulatorInstant(*_simulator);
    auto target = date::floor<std::chrono::minutes>(runStart) +
                  std::chrono::minutes(_plan.clockSkewMinutes) + std::chrono::seconds(1);
    auto hostNow = std::chrono::system_clock::now();
    long long offset = std::chrono::floor<std::chrono::seconds>(target - hostNow).count();
    std::string pipeline = writePipeline(step, offset + _options.startSkewSeconds);

    // 3. The run, interrupted as planned.
    int signal = step.interruption == Interruption::Kill        ? SIGKILL
                 : step.interruption == Interruption::Terminate ? SIGTERM
                                                                : 0;
    std::string log = _directory->file("host.log");
    HostRunResult result = runHost({"run", pipeline}, log,
                                   {{"LUCCA_API_KEY", SimulatorProcess::DemoApiKey},
                                    {"LUCCA_DB_PASSWORD", _destination.password},
                                    {"TZ", step.hostTimeZone}},
                                   signal, std::chrono::milliseconds(step.interruptionDelayMs),
                                   std::chrono::seconds(120));
    _lastLog = readFile(log);
    ++_statistics.runs;
    ++_statistics.exitCodes[result.exitCode];
    if (result.signalled && signal == SIGKILL) ++_statistics.kills;
    if (result.signalled && signal == SIGTERM) ++_statistics.terminations;

    // 4. Back to a quiet simulator.
    Object::Ptr faults = _simulator->get("/_sim/faults");
    if (faults->has("faults")) {
        Poco::JSON::Array::Ptr armed = faults->getArray("faults");
        for (std::size_t i = 0; i < armed->size(); ++i) {
            Object::Ptr fault = armed->getObject(static_cast<unsigned>(i));
            if (fault->has("kind") && fault->getValue<std::string>("kind") == "delay" &&
                fault->has("times") && fault->getValue<int>("times") == 1000000)
                continue;
            if (fault->has("fired") && fault->getValue<int>("fired") > 0) ++_statistics.faultsFired;
        }
    }
    _simulator->clearFaults();
    if (step.simulatorRateLimit > 0) _simulator->setRateLimit(0);

    // 5. The exit code: 0, or a failure that the plan explains.
    if (result.timedOut) throw Divergence("connector-host did not finish within 120 s");
    bool mayFail = !step.faults.empty() || step.simulatorRateLimit > 0;
    // A SIGTERM that arrives before the host has installed its handler ends
    // the process like a kill (exit 143), which is as safe for the state.
    bool expected = result.exitCode == 0 || (mayFail && (result.exitCode == 1)) ||
                    (result.signalled && signal == SIGTERM &&
                     (result.exitCode == 5 || result.exitCode == 128 + SIGTERM)) ||
                    (result.signalled && signal == SIGKILL && result.exitCode == 128 + SIGKILL);
    if (!expected)
        throw Divergence("connector-host exited with code " + std::to_string(result.exitCode));

    // 6. Watermarks, then the table.
    std::vector<std::string> advanced;
    if (_options.checkWatermarks) checkWatermarks(result.exitCode, runStart, advanced);
    bool dataChangedDuringRun = false;
    for (const PlannedFault& fault : step.faults) dataChangedDuringRun |= fault.mutatesData;
    if (dataChangedDuringRun) return;
    if (result.exitCode == 0) {
        checkTable(_plan.truthScope(), std::nullopt, "after a successful run");
        return;
    }
    for (const std::string& partition : advanced) {
        std::optional<std::int64_t> legalEntityId;
        if (partition != "all")
            legalEntityId = std::stoll(partition.substr(partition.find('/') + 1));
        checkTable(truthScopeOf(partition), legalEntityId,
                   "for partition " + partition + ", whose watermark a failed run moved");
    }
}

void SequenceState::checkWatermarks(int exitCode, SystemSeconds runStart,
                                    std::vector<std::string>& advanced) {
    // The connector's start: the simulator's minute, moved by the skew. With
    // a clock ahead, the simulator's own minute is accepted too, because a
    // connector may bound its start by the server time it receives, and
    // that is still no later than the run's start. In the repeated autumn
    // hour the server's wall time does not tell which occurrence it is, so
    // the connector reads it as the earlier one, which may precede its own
    // start even with a clock behind. Its text is accepted whatever the skew.
    SystemSeconds serverMinute = date::floor<std::chrono::minutes>(runStart);
    std::vector<SystemSeconds> startMinutes{serverMinute +
                                            std::chrono::minutes(_plan.clockSkewMinutes)};
    std::optional<date::local_seconds> serverWallTime =
        lucca::parseWallTime(lucca::watermarkAt(serverMinute));
    if (_plan.clockSkewMinutes > 0 ||
        (serverWallTime && lucca::isRepeatedParisHour(*serverWallTime))) {
        startMinutes.push_back(serverMinute);
    }
    std::string expected = lucca::watermarkAt(startMinutes.front());
    auto startOf = [&](const std::optional<std::string>& value) -> std::optional<SystemSeconds> {
        for (SystemSeconds minute : startMinutes) {
            if (value == lucca::watermarkAt(minute)) return minute;
        }
        return std::nullopt;
    };

    std::string stateFile = _directory->file("state.db");
    for (const std::string& partition : partitionNames()) {
        ++_statistics.watermarkChecks;
        std::optional<std::string> value =
            readStateValue(stateFile, kPipeline, kStep, "watermark/" + partition);
        WatermarkRecord& previous = _watermarks[partition];
        std::string previousText = previous.value.value_or("none");
        std::string valueText = value.value_or("none");
        std::optional<SystemSeconds> start = startOf(value);

        if (exitCode == 0 && !start) {
            throw Divergence("partition " + partition + ": a successful run started at " +
                             expected + " (Paris, minute) stored watermark " + valueText);
        }
        if (value == previous.value) continue;
        if (!start) {
            throw Divergence("partition " + partition + ": a run that exited with code " +
                             std::to_string(exitCode) + " moved the watermark from " +
                             previousText + " to " + valueText + ", expected " + previousText +
                             " or this run's start " + expected);
        }
        if (previous.value && *start < previous.instant) {
            throw Divergence("partition " + partition + ": the watermark moved backwards from " +
                             previousText + " to " + valueText);
        }
        if (exitCode != 0) advanced.push_back(partition);
        previous.value = value;
        previous.instant = *start;
    }
}

void SequenceState::checkTable(const std::string& scopeQuery,
                               std::optional<std::int64_t> legalEntityId, const std::string& when) {
    std::string truth = fetchTruth(_simulator->httpUrl(), scopeQuery);
    std::vector<lucca::TimeEntryRow> rows = lucca::openDestination(_destination)->readAll();
    if (legalEntityId) {
        std::vector<lucca::TimeEntryRow> partitionRows;
        for (lucca::TimeEntryRow& row : rows) {
            if (row.legalEntityId == legalEntityId) partitionRows.push_back(std::move(row));
        }
        rows = std::move(partitionRows);
    }
    ++_statistics.tableChecks;
    _statistics.rowsCompared += static_cast<std::int64_t>(rows.size());
    std::vector<std::string> differences = compareRowsWithTruth(rows, truth);
    if (differences.empty()) return;
    std::string message = "the table differs from the truth " + when + ":";
    for (const std::string& difference : differences) message += "\n  " + difference;
    throw Divergence(message);
}

}  // namespace

SequenceOutcome playSequence(const SequencePlan& plan, const std::vector<std::size_t>& stepIndexes,
                             const PlayerOptions& options, DriverStatistics& statistics) {
    SequenceOutcome outcome;
    SequenceState state(plan, options, statistics);
    std::size_t current = 0;
    try {
        state.start();
        for (std::size_t index : stepIndexes) {
            current = index;
            const PlannedStep& step = plan.steps.at(index);
            if (options.verbose) std::cerr << "  step " << index << ": " << step.describe() << "\n";
            ++statistics.steps;
            state.play(step);
        }
        ++statistics.sequences;
    } catch (const std::exception& error) {
        outcome.passed = false;
        outcome.failedStep = current;
        outcome.message = error.what();
        if (dynamic_cast<const Divergence*>(&error) != nullptr)
            outcome.message += "\nlast host log:\n" + state.lastLog();
    }
    return outcome;
}

}  // namespace Test
}  // namespace Lucca
