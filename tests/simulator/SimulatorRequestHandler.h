#pragma once

#include "Simulator.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>

namespace Lucca {
namespace Simulator {

/// Passes one HTTP request to the Simulator and sends its response,
/// including the broken deliveries that faults ask for.
class SimulatorRequestHandler : public Poco::Net::HTTPRequestHandler {
public:
    /// `secure` is true for the HTTPS server, so `url` fields start with `https://`.
    SimulatorRequestHandler(Simulator& simulator, bool secure)
        : _simulator(simulator), _secure(secure) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override;

private:
    Simulator& _simulator;
    bool _secure;
};

/// Creates a SimulatorRequestHandler per request. The simulator must outlive the factory.
class SimulatorRequestHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    SimulatorRequestHandlerFactory(Simulator& simulator, bool secure)
        : _simulator(simulator), _secure(secure) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& request) override;

private:
    Simulator& _simulator;
    bool _secure;
};

}  // namespace Simulator
}  // namespace Lucca
