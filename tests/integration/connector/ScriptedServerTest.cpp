// Responses the simulator cannot produce, from a scripted HTTP server on
// loopback: redirects, and error messages that echo the request headers.
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
#include <memory>

#include "SyncTestSupport.h"

using Lucca::Test::TempDir;
using namespace lucca::test;

namespace {

using Handler = std::function<void(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

/// An HTTP server on 127.0.0.1 that responds to every request through `handler`
/// and counts the requests.
class ScriptedServer {
public:
    explicit ScriptedServer(Handler handler)
        : _socket(Poco::Net::SocketAddress("127.0.0.1", 0)),
          _server(new Factory(std::move(handler), _requests), _socket,
                  new Poco::Net::HTTPServerParams) {
        _server.start();
    }
    ~ScriptedServer() { _server.stopAll(true); }

    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(_socket.address().port());
    }
    int requests() const { return _requests.load(); }

private:
    class Scripted : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Scripted(const Handler& handler) : _handler(handler) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request,
                           Poco::Net::HTTPServerResponse& response) override {
            _handler(request, response);
        }

    private:
        const Handler& _handler;
    };

    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        Factory(Handler handler, std::atomic<int>& requests)
            : _handler(std::move(handler)), _requests(requests) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(
            const Poco::Net::HTTPServerRequest&) override {
            ++_requests;
            return new Scripted(_handler);
        }

    private:
        Handler _handler;
        std::atomic<int>& _requests;
    };

    std::atomic<int> _requests{0};
    Poco::Net::ServerSocket _socket;
    Poco::Net::HTTPServer _server;
};

}  // namespace

TEST_CASE("redirect is not followed", "[scripted]") {
    ScriptedServer server([](auto&, Poco::Net::HTTPServerResponse& response) {
        response.setStatus(Poco::Net::HTTPResponse::HTTP_FOUND);
        response.set("Location", "http://other-host.invalid:9/api/v3/timeentries");
        response.setContentLength(0);
        response.send();
    });
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "entries");
    PluginHost host;
    REQUIRE(host.configure(connectorConfig(server.url(), destination)).code == CONNECTOR_OK);
    CallResult result = host.run();
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find("other-host.invalid") != std::string::npos);
    CHECK(result.message.find("redirect") != std::string::npos);
    CHECK(server.requests() == 1);
    CHECK(host.stateValue("watermark/all").empty());
}

TEST_CASE("echoed API key is scrubbed", "[scripted]") {
    ScriptedServer server(
        [](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
            std::string body = R"({"Status": 400, "Message": "bad header )" +
                               request.get("Authorization", "") + R"("})";
            response.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
            response.setContentType("application/json");
            response.setContentLength(static_cast<std::streamsize>(body.size()));
            response.send() << body;
        });
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "entries");
    PluginHost host;
    REQUIRE(host.configure(connectorConfig(server.url(), destination)).code == CONNECTOR_OK);
    CallResult result = host.run();
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find("bad header lucca application=***") != std::string::npos);
    requireNoApiKeyLeak(host, {result.message, host.status().output});
}

TEST_CASE("long plain-text error is shortened", "[scripted]") {
    ScriptedServer server([](auto&, Poco::Net::HTTPServerResponse& response) {
        std::string body(5000, 'x');
        response.setStatus(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
        response.setContentType("text/plain");
        response.setContentLength(static_cast<std::streamsize>(body.size()));
        response.send() << body;
    });
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "entries");
    PluginHost host;
    REQUIRE(host.configure(connectorConfig(server.url(), destination)).code == CONNECTOR_OK);
    CallResult result = host.run();
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find(std::string(300, 'x') + "...") != std::string::npos);
    CHECK(result.message.size() < 1000);
}

TEST_CASE("ids that do not rise are rejected", "[scripted]") {
    ScriptedServer server(
        [](Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
            std::string body = request.getURI().find("collection.count") != std::string::npos
                                   ? R"({"data": {"count": 3}})"
                                   : R"({"data": {"items": [{"id": 5}, {"id": 4}]}})";
            response.setContentType("application/json");
            response.setContentLength(static_cast<std::streamsize>(body.size()));
            response.send() << body;
        });
    TempDir directory;
    TestDestination destination = makeDestination(Backend::SQLite, directory, "entries");
    PluginHost host;
    REQUIRE(host.configure(connectorConfig(server.url(), destination)).code == CONNECTOR_OK);
    CallResult result = host.run();
    CHECK(result.code == CONNECTOR_PERMANENT);
    CHECK(result.message.find("id 4 follows id 5") != std::string::npos);
    CHECK(host.stateValue("watermark/all").empty());
}
