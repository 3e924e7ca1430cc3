#include "SimulatorRequestHandler.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>

namespace Lucca {
namespace Simulator {

namespace {

/// Closes the connection under the response without sending anything.
void dropConnection(Poco::Net::HTTPServerRequest& request, bool reset) {
    auto& impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl&>(request);
    Poco::Net::StreamSocket socket = impl.detachSocket();
    if (reset) socket.setLinger(true, 0);
    socket.close();
}

}  // namespace

void SimulatorRequestHandler::handleRequest(Poco::Net::HTTPServerRequest& request,
                                            Poco::Net::HTTPServerResponse& response) {
    // 1. Collect what the simulator needs from the request.
    SimulatorRequest simulated;
    simulated.method = request.getMethod();
    const std::string& uri = request.getURI();
    const std::size_t question = uri.find('?');
    simulated.path = uri.substr(0, question);
    if (question != std::string::npos) simulated.rawQuery = uri.substr(question + 1);
    simulated.authorization = request.get("Authorization", "");
    simulated.baseUrl = std::string(_secure ? "https://" : "http://") +
                        request.get("Host", request.serverAddress().toString());
    // A request with neither Content-Length nor chunked encoding has no body.
    // Reading one would wait for the client to close the connection.
    if (request.hasContentLength() || request.getChunkedTransferEncoding()) {
        Poco::StreamCopier::copyToString(request.stream(), simulated.body);
    }

    // 2. The control interface serves only loopback clients.
    SimulatorResponse answer;
    if (simulated.path.rfind("/_sim/", 0) == 0) {
        answer = request.clientAddress().host().isLoopback()
                     ? _simulator.serveControl(simulated)
                     : errorResponse(403, "The control interface accepts only loopback clients.");
    } else {
        answer = _simulator.serveApi(simulated);
    }

    // 3. Send it, as asked.
    if (answer.delayMs > 0) Poco::Thread::sleep(answer.delayMs);
    if (answer.delivery == SimulatorResponse::Delivery::Close ||
        answer.delivery == SimulatorResponse::Delivery::Reset) {
        response.setKeepAlive(false);
        dropConnection(request, answer.delivery == SimulatorResponse::Delivery::Reset);
        return;
    }
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
    if (!answer.contentType.empty()) response.setContentType(answer.contentType);
    for (const auto& header : answer.headers) response.set(header.first, header.second);
    response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
    if (answer.delivery == SimulatorResponse::Delivery::Truncate) {
        response.setKeepAlive(false);
        std::ostream& out = response.send();
        out.write(answer.body.data(), static_cast<std::streamsize>(answer.body.size() / 2));
        out.flush();
        return;
    }
    // sendBuffer() writes the body straight to the socket, without the stream's copy.
    response.sendBuffer(answer.body.data(), answer.body.size());
}

Poco::Net::HTTPRequestHandler* SimulatorRequestHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
    return new SimulatorRequestHandler(_simulator, _secure);
}

}  // namespace Simulator
}  // namespace Lucca
