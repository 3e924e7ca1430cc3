#include "TimeEntriesClient.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace lucca {
namespace bench {

TimeEntriesClient::TimeEntriesClient(const std::string& baseUrl, const std::string& apiKey)
    : _authorization("lucca application=" + apiKey) {
    const Poco::URI uri(baseUrl);
    if (uri.getScheme() != "http") {
        throw std::invalid_argument("--url: expected an http:// URL, got '" + baseUrl + "'");
    }
    _session.setHost(uri.getHost());
    _session.setPort(uri.getPort());
    _session.setKeepAlive(true);
    _session.setTimeout(Poco::Timespan(120, 0));
    _path = uri.getPath();
    while (!_path.empty() && _path.back() == '/') _path.pop_back();
    _path += "/api/v3/timeentries?";
}

std::istream& TimeEntriesClient::send(const std::string& query) {
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, _path + query,
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", _authorization);
    request.set("Accept", "application/json");
    request.setKeepAlive(true);
    _session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& body = _session.receiveResponse(response);
    _status = static_cast<int>(response.getStatus());
    return body;
}

std::string TimeEntriesClient::get(const std::string& query) {
    std::string body;
    Poco::StreamCopier::copyToString(send(query), body);
    if (_status != 200) {
        throw std::runtime_error("GET ?" + query + " failed with HTTP " +
                                 std::to_string(_status) + ": " + body.substr(0, 300));
    }
    return body;
}

std::size_t TimeEntriesClient::discard(const std::string& query) {
    std::istream& body = send(query);
    static thread_local char buffer[1 << 16];
    std::size_t total = 0;
    while (body.read(buffer, sizeof buffer) || body.gcount() > 0) {
        total += static_cast<std::size_t>(body.gcount());
    }
    if (_status != 200) {
        throw std::runtime_error("GET ?" + query + " failed with HTTP " + std::to_string(_status));
    }
    return total;
}

}  // namespace bench
}  // namespace lucca
