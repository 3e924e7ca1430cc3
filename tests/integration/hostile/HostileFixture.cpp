#include "HostileFixture.h"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <sstream>

#include "http/QueryString.h"
#include "sync/EntryQuery.h"

namespace lucca::test {

HostileFixture::HostileFixture(Backend backend)
    : destination(makeDestination(backend, directory,
                                  "hostile_" + std::to_string(::getpid()) + "_entries")) {
    CallResult configured = host.configure(connectorConfig(
        simulator.httpUrl(), destination, "\"pageSize\": " + std::to_string(kPageSize)));
    INFO(configured.message);
    REQUIRE(configured.code == CONNECTOR_OK);
    CallResult first = host.run();
    INFO(first.message);
    REQUIRE(first.code == CONNECTOR_OK);
    host.setState("watermark/all", kOldWatermark);
    simulator.mutate(R"({"changeShare": 0.2, "archiveShare": 0.05, "create": 4, "seed": 5})");
}

std::string HostileFixture::firstPageBody(int pageSize) const {
    EntryQuery query{
        "", {{"layer", "notequal,1"}, {"modifiedAt", std::string("since,") + kOldWatermark}}};
    std::string target =
        "/api/v3/timeentries?" + buildQuery(pageParameters(query, entryFields({}), 0, pageSize));
    Lucca::Test::HttpReply reply = simulator.apiGet(target, kApiKey);
    INFO(reply.body.substr(0, 300));
    REQUIRE(reply.status == 200);
    return reply.body;
}

void HostileFixture::armRaw(const std::string& content, const std::string& query, int skip,
                            int times, int status, const std::string& contentType) const {
    Poco::JSON::Object fault;
    fault.set("kind", "raw");
    fault.set("query", query);
    fault.set("skip", skip);
    fault.set("times", times);
    fault.set("status", status);
    fault.set("content", content);
    if (!contentType.empty()) {
        Poco::JSON::Object::Ptr headers = new Poco::JSON::Object;
        headers->set("Content-Type", contentType);
        fault.set("headers", headers);
    }
    simulator.post("/_sim/faults", fault);
}

void HostileFixture::armRawBytes(const std::string& bytes, const std::string& query,
                                 int times) const {
    std::ostringstream encoded;
    {
        Poco::Base64Encoder encoder(encoded);
        encoder << bytes;
        encoder.close();
    }
    Poco::JSON::Object fault;
    fault.set("kind", "raw");
    fault.set("query", query);
    fault.set("times", times);
    // The encoder breaks lines every 72 characters; JSON strings keep none.
    std::string text;
    for (char c : encoded.str()) {
        if (c != '\r' && c != '\n') text += c;
    }
    fault.set("contentBase64", text);
    simulator.post("/_sim/faults", fault);
}

void HostileFixture::requireWatermarkKept() const {
    CHECK(host.stateValue("watermark/all") == kOldWatermark);
    CHECK(host.stateValue("lastRun/all").find("\"result\":\"failed\"") != std::string::npos);
}

void HostileFixture::requireConverges() {
    simulator.clearFaults();
    CallResult result = host.run();
    INFO(result.message);
    REQUIRE(result.code == CONNECTOR_OK);
    CHECK(host.stateValue("watermark/all") != kOldWatermark);
    requireTableMatchesTruth(simulator, destination);
}

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
    Poco::JSON::Object::Ptr object =
        Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    REQUIRE(object);
    return object;
}

std::string toJson(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

}  // namespace lucca::test
