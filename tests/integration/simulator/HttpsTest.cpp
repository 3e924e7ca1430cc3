// HTTPS with the test certificate authority generated at build time.

#include "SimulatorTestHelpers.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

using namespace Lucca::Test;

namespace {

/// Sends a GET over HTTPS, verifying the server against `caFile` only (no
/// system CAs). An empty `caFile` trusts no CA at all.
HttpReply httpsGet(const SimulatorProcess& simulator, const std::string& caFile, const std::string& target) {
    Poco::Net::Context::Params params;
    params.caLocation = caFile;
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    Poco::Net::HTTPSClientSession session("127.0.0.1", static_cast<Poco::UInt16>(simulator.httpsPort()), context);
    Poco::Net::HTTPRequest request("GET", target, Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", std::string("lucca application=") + SimulatorProcess::DemoApiKey);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = response.getStatus();
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

struct RejectInvalidCertificates {
    RejectInvalidCertificates() {
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> handler = new Poco::Net::RejectCertificateHandler(false);
        Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "");
        Poco::Net::SSLManager::instance().initializeClient(nullptr, handler, context);
    }
};

}  // namespace

TEST_CASE("https with the test CA", "[https]") {
    RejectInvalidCertificates reject;
    SimulatorProcess simulator(unlimited(), SimulatorProcess::Tls::On);
    REQUIRE(simulator.httpsPort() > 0);
    CHECK(simulator.httpsUrl() == "https://127.0.0.1:" + std::to_string(simulator.httpsPort()));

    const auto reply = httpsGet(simulator, SimulatorProcess::caFile(), "/api/v3/timeentries?fields=id,url&paging=0,2");
    REQUIRE(reply.status == 200);
    const auto items = itemsOf(reply.json()->getObject("data"));
    REQUIRE(items.size() == 2);
    CHECK(items[0]->getValue<std::string>("url").rfind(simulator.httpsUrl() + "/api/v3/timeentries/", 0) == 0);
    // HTTP keeps working next to HTTPS.
    CHECK(simulator.apiGet("/api/v3/timeentries?paging=0,1").status == 200);
}

TEST_CASE("https fails without the test CA", "[https]") {
    RejectInvalidCertificates reject;
    SimulatorProcess simulator(unlimited(), SimulatorProcess::Tls::On);
    // With no trusted CA at all, the server certificate cannot be verified.
    CHECK_THROWS_AS(httpsGet(simulator, "", "/api/v3/timeentries"), Poco::Net::SSLException);
    // A CA file that does not contain the test CA fails the same way.
    CHECK_THROWS_AS(httpsGet(simulator, SimulatorProcess::certificateFile(), "/api/v3/timeentries"),
                    Poco::Net::SSLException);
}
