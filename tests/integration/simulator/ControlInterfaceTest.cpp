// The /_sim/ control interface: changes and their stamps, ground truth,
// request log, datasets, generator determinism and reset.

#include "SimulatorTestHelpers.h"
#include "TempDir.h"

#include <Poco/FileStream.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace Lucca::Test;

namespace {

std::string readText(const std::string& path) {
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

std::string stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr entry(const SimulatorProcess& simulator, std::int64_t id) {
    return simulator.get("/_sim/entries/" + std::to_string(id));
}

std::string truthText(const SimulatorProcess& simulator) {
    const auto reply = simulator.rawGet("/_sim/truth?fields=" + portableFields, {});
    REQUIRE(reply.status == 200);
    return reply.body;
}

}  // namespace

TEST_CASE("change and archive stamp the clock", "[control]") {
    SimulatorProcess simulator(unlimited({"--clock", "2026-02-10T14:05:09.25"}));
    const auto live = fetchIds(simulator, "");
    const auto id = live[5];
    const auto before = entry(simulator, id);

    simulator.post("/_sim/entries/change",
                   "{\"id\":" + std::to_string(id) + R"(,"set":{"duration":"02:15:00","comment":"Revu ✔"}})");
    const auto changed = entry(simulator, id);
    CHECK(changed->getValue<std::string>("modifiedAt") == "2026-02-10T14:05:09.25");
    CHECK(changed->getValue<std::string>("duration") == "02:15:00");
    CHECK(changed->getObject("comment")->getValue<std::string>("content") == "Revu ✔");
    CHECK(changed->getValue<std::string>("createdAt") == before->getValue<std::string>("createdAt"));
    CHECK(changed->getObject("externalData")->getValue<int>("revision") ==
          before->getObject("externalData")->getValue<int>("revision") + 1);

    simulator.advanceClock(61);
    simulator.post("/_sim/entries/archive", "{\"ids\":[" + std::to_string(id) + "]}");
    const auto archived = entry(simulator, id);
    CHECK(archived->getValue<std::string>("archivedAt") == "2026-02-10T14:06:10.25");
    CHECK(archived->getValue<std::string>("modifiedAt") == "2026-02-10T14:06:10.25");

    // The plain list hides it; the deleted-entries query of a sync finds it.
    const auto after = fetchIds(simulator, "");
    CHECK(std::find(after.begin(), after.end(), id) == after.end());
    CHECK(fetchIds(simulator, "archivedAt=since,2026-02-10T14:06") == std::vector<std::int64_t>{id});
    CHECK_THROWS_AS(simulator.post("/_sim/entries/archive", "{\"id\":" + std::to_string(id) + "}"), Poco::Exception);
}

TEST_CASE("create entries with properties", "[control]") {
    SimulatorProcess simulator(unlimited({"--clock", "2026-03-02T08:00:00"}));
    const auto nextId = simulator.get("/_sim/status")->getValue<std::int64_t>("nextId");
    const auto created = simulator.post("/_sim/entries", R"({"entries":[
        {"ownerId":102,"startsAt":"2026-03-02T09:00:00","endsAt":"2026-03-02T10:30:00",
         "duration":"01:30:00","unit":2,"layer":0,"timesheetId":4242,"timeTypeId":null,
         "comment":{"content":"Atelier 🚀 à Genève"},
         "axisSections":[{"id":9,"axisId":1,"name":"Projet Ω","code":"P-9"}]},
        {"ownerId":103,"duration":"00:00:00"}]})")->getArray("created");
    REQUIRE(created->size() == 2);
    CHECK(created->getElement<std::int64_t>(0) == nextId);
    CHECK(created->getElement<std::int64_t>(1) == nextId + 1);

    const auto data = fetchData(simulator, "id=" + std::to_string(nextId) + "&fields=" + allFields);
    const auto item = itemsOf(data).at(0);
    CHECK(item->getValue<int>("ownerId") == 102);
    CHECK(item->getValue<std::string>("startsAt") == "2026-03-02T09:00:00");
    CHECK(item->getValue<std::string>("duration") == "01:30:00");
    CHECK(item->getValue<int>("timesheetId") == 4242);
    CHECK(item->isNull("timeTypeId"));
    CHECK(item->getValue<std::string>("createdAt") == "2026-03-02T08:00:00");
    CHECK(item->getObject("comment")->getValue<std::string>("content") == "Atelier 🚀 à Genève");
    CHECK(item->getArray("axisSections")->getObject(0)->getValue<std::string>("name") == "Projet Ω");

    CHECK_THROWS_AS(simulator.post("/_sim/entries", R"({"ownerId":999999})"), Poco::Exception);
    CHECK_THROWS_AS(simulator.post("/_sim/entries", R"({"ownerId":101,"duration":"soon"})"), Poco::Exception);
}

TEST_CASE("random mutations are deterministic", "[control]") {
    SimulatorProcess simulator(unlimited({"--clock", "2026-01-12T10:00:00"}));
    const std::string request = R"({"changeShare":0.05,"archiveShare":0.01,"create":3,"seed":4})";
    const auto first = simulator.mutate(request);
    const std::string firstText = stringify(first);
    CHECK(first->getArray("changed")->size() > 10);
    CHECK(first->getArray("archived")->size() > 0);
    CHECK(first->getArray("created")->size() == 3);

    const auto changed = first->getArray("changed")->getElement<std::int64_t>(0);
    CHECK(entry(simulator, changed)->getValue<std::string>("modifiedAt") == "2026-01-12T10:00:00");
    const auto changedIds = fetchIds(simulator, "modifiedAt=since,2026-01-12T10:00:00");
    CHECK(changedIds.size() == first->getArray("changed")->size() + 3);

    simulator.reset();
    CHECK(stringify(simulator.mutate(request)) == firstText);
}

TEST_CASE("truth matches the API serialisation", "[control]") {
    SimulatorProcess simulator(unlimited());
    const auto truth = simulator.truth();
    const auto items = itemsOf(truth);
    const auto api = itemsOf(fetchData(simulator, "layer=notequal,1&orderby=id,asc&paging=0,10000&fields=" + allFields));
    REQUIRE(truth->getValue<std::size_t>("count") == items.size());
    REQUIRE(items.size() == api.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
        REQUIRE(stringify(items[i]) == stringify(api[i]));
        CHECK(items[i]->getValue<int>("layer") != 1);
        CHECK(items[i]->isNull("archivedAt"));
    }
}

TEST_CASE("truth scopes by legal entity and owner", "[control]") {
    SimulatorProcess simulator(unlimited({"--legal-entities", "3"}));
    const auto entityTwo = itemsOf(simulator.truth("legalEntityId=2"));
    REQUIRE_FALSE(entityTwo.empty());
    for (const auto& item : entityTwo) CHECK(item->getObject("owner")->getValue<int>("legalEntityId") == 2);
    CHECK(entityTwo.size() == fetchIds(simulator, "owner.legalEntityId=2&layer=notequal,1").size());

    const auto owners = itemsOf(simulator.truth("ownerId=101,105"));
    REQUIRE_FALSE(owners.empty());
    for (const auto& item : owners) {
        const int owner = item->getValue<int>("ownerId");
        CHECK((owner == 101 || owner == 105));
    }
    CHECK_THROWS_AS(simulator.truth("legalEntityId=two"), Poco::Exception);
}

TEST_CASE("request log records and resets", "[control]") {
    SimulatorProcess simulator(unlimited());
    simulator.apiGet("/api/v3/timeentries?paging=0,10&fields=id");
    simulator.apiGet("/api/v3/timeentries?paging=abc");
    simulator.apiGet("/api/v3/timeentries", "wrong-key");
    const auto log = simulator.requests();
    REQUIRE(log->size() == 3);
    CHECK(log->getObject(0)->getValue<std::string>("method") == "GET");
    CHECK(log->getObject(0)->getValue<std::string>("path") == "/api/v3/timeentries");
    CHECK(log->getObject(0)->getValue<std::string>("query") == "paging=0,10&fields=id");
    CHECK(log->getObject(0)->getValue<int>("status") == 200);
    CHECK(log->getObject(1)->getValue<int>("status") == 400);
    CHECK(log->getObject(2)->getValue<int>("status") == 401);
    simulator.resetRequests();
    CHECK(simulator.requests()->size() == 0);
}

TEST_CASE("archived entries hidden or shown", "[control]") {
    SimulatorProcess hiding(unlimited({"--seed", "5"}));
    SimulatorProcess showing(unlimited({"--seed", "5", "--include-archived-in-list"}));
    const auto archived = fetchIds(hiding, "archivedAt=notequal,null");
    REQUIRE_FALSE(archived.empty());
    const auto hidden = fetchIds(hiding, "");
    const auto shown = fetchIds(showing, "");
    CHECK(shown.size() == hidden.size() + archived.size());
    for (const auto id : archived) {
        CHECK(std::find(hidden.begin(), hidden.end(), id) == hidden.end());
        CHECK(std::find(shown.begin(), shown.end(), id) != shown.end());
    }
}

TEST_CASE("dataset save and load round trip", "[control]") {
    TempDir directory;
    const std::string file = directory.file("dataset.json");
    SimulatorProcess original(unlimited({"--seed", "9", "--clock", "2026-01-20T12:00:00"}));
    original.mutate(R"({"changeShare":0.1,"archiveShare":0.05,"create":4,"seed":2})");
    original.post("/_sim/entries", R"({"ownerId":101,"comment":"Ligne 1\nLigne \"2\" \\ fin 🎯"})");
    original.post("/_sim/dataset/save", "{\"path\":\"" + file + "\"}");

    SimulatorProcess loaded(unlimited({"--dataset", file}));
    CHECK(truthText(loaded) == truthText(original));
    const auto status = loaded.get("/_sim/status");
    CHECK(status->getValue<std::int64_t>("entries") == original.get("/_sim/status")->getValue<std::int64_t>("entries"));
    CHECK(status->getValue<std::int64_t>("archived") == original.get("/_sim/status")->getValue<std::int64_t>("archived"));

    // Loading through the control interface replaces the data and the reset point.
    SimulatorProcess other(unlimited({"--seed", "1"}));
    other.post("/_sim/dataset/load", "{\"path\":\"" + file + "\"}");
    CHECK(truthText(other) == truthText(original));
    other.reset();
    CHECK(truthText(other) == truthText(original));
}

TEST_CASE("generator is deterministic", "[control]") {
    TempDir directory;
    const auto write = [&](const std::string& seed, const std::string& name) {
        SimulatorProcess simulator(unlimited({"--seed", seed, "--owners", "5", "--days", "7"}));
        simulator.post("/_sim/dataset/save", "{\"path\":\"" + directory.file(name) + "\"}");
        return readText(directory.file(name));
    };
    const std::string first = write("11", "a.json");
    CHECK(write("11", "b.json") == first);
    CHECK(write("12", "c.json") != first);
    CHECK(first.size() > 1000);
}

TEST_CASE("generator sizes", "[control]") {
    SimulatorProcess exact(unlimited({"--entries", "2345"}));
    CHECK(exact.get("/_sim/status")->getValue<int>("entries") == 2345);
    SimulatorProcess shaped(unlimited({"--owners", "3", "--days", "5", "--entries-per-day", "2", "--legal-entities", "1"}));
    const auto status = shaped.get("/_sim/status");
    CHECK(status->getValue<int>("entries") == 30);
    CHECK(status->getValue<int>("owners") == 3);
    CHECK(status->getValue<int>("legalEntities") == 1);
}

TEST_CASE("reset restores the initial state", "[control]") {
    SimulatorProcess simulator(unlimited());
    const std::string initial = truthText(simulator);
    simulator.mutate(R"({"changeShare":0.2,"archiveShare":0.1,"create":5,"seed":8})");
    simulator.setRateLimit(1);
    simulator.armFault(R"({"status":500,"times":5})");
    CHECK(truthText(simulator) != initial);
    simulator.reset();
    CHECK(truthText(simulator) == initial);
    CHECK(simulator.get("/_sim/faults")->getArray("faults")->size() == 0);
    CHECK(simulator.get("/_sim/status")->getValue<int>("rateLimitPerMinute") == 0);
    CHECK(simulator.apiGet("/api/v3/timeentries").status == 200);
}

TEST_CASE("control errors", "[control]") {
    SimulatorProcess simulator(unlimited());
    CHECK_THROWS_AS(simulator.get("/_sim/unknown"), Poco::Exception);
    CHECK_THROWS_AS(simulator.post("/_sim/clock", R"({"set":"tomorrow"})"), Poco::Exception);
    CHECK_THROWS_AS(simulator.post("/_sim/entries/change", R"({"id":99999999})"), Poco::Exception);
    CHECK_THROWS_AS(simulator.post("/_sim/mutate", R"({"changeShare":2})"), Poco::Exception);
    CHECK_THROWS_AS(simulator.post("/_sim/dataset/load", R"({"path":"/nonexistent/dataset.json"})"), Poco::Exception);
    CHECK_THROWS_AS(simulator.post("/_sim/rate-limit", R"({"perMinute":-1})"), Poco::Exception);
}

TEST_CASE("write dataset flag", "[control]") {
    TempDir directory;
    const std::string file = directory.file("written.json");
    SimulatorProcess simulator(unlimited({"--seed", "4"}));
    simulator.post("/_sim/dataset/save", "{\"path\":\"" + directory.file("saved.json") + "\"}");
    const std::string command = SimulatorProcess::executablePath() + " --seed 4 --write-dataset " + file +
                                " > /dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    CHECK(readText(file) == readText(directory.file("saved.json")));
}

TEST_CASE("dataset writes never replace a symbolic link", "[control]") {
    TempDir directory;
    const std::string target = directory.file("target.txt");
    const std::string link = directory.file("link.json");
    {
        Poco::FileOutputStream out(target);
        out << "keep me";
    }
    REQUIRE(::symlink(target.c_str(), link.c_str()) == 0);

    const std::string command = SimulatorProcess::executablePath() + " --seed 4 --write-dataset " +
                                link + " > /dev/null 2>&1";
    CHECK(std::system(command.c_str()) != 0);

    SimulatorProcess simulator(unlimited({"--seed", "4"}));
    CHECK_THROWS_AS(simulator.post("/_sim/dataset/save", "{\"path\":\"" + link + "\"}"),
                    Poco::Exception);

    struct stat status {};
    REQUIRE(::lstat(link.c_str(), &status) == 0);
    CHECK(S_ISLNK(status.st_mode));
    CHECK(readText(target) == "keep me");
}
