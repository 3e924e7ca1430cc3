// A minimal HTTP client of GET /api/v3/timeentries on one keep-alive
// connection: the least work any client must do to receive the pages.
#pragma once

#include <Poco/Net/HTTPClientSession.h>

#include <cstddef>
#include <string>

namespace lucca {
namespace bench {

/// Sends GET requests to `{baseUrl}/api/v3/timeentries` with the Lucca
/// authorization header, reusing one connection. Plain http:// only. Not
/// thread-safe. Every method throws std::runtime_error when the transfer
/// fails or the status is not 200.
class TimeEntriesClient {
public:
    TimeEntriesClient(const std::string& baseUrl, const std::string& apiKey);

    /// Returns the body of the response to `?query`.
    std::string get(const std::string& query);

    /// Reads the body of the response to `?query` into a fixed buffer,
    /// discards it, and returns its size in bytes.
    std::size_t discard(const std::string& query);

private:
    std::istream& send(const std::string& query);

    Poco::Net::HTTPClientSession _session;
    std::string _path;
    std::string _authorization;
    int _status = 0;
};

}  // namespace bench
}  // namespace lucca
