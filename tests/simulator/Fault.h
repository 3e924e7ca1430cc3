#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace Lucca {
namespace Simulator {

/// What an armed fault does to a matching API request.
enum class FaultKind {
    Status,  ///< Answers with an error status instead of the page.
    Delay,  ///< Waits, then answers normally.
    Truncate,  ///< Sends half the body under the full Content-Length, then closes.
    Malformed,  ///< Sends a 200 whose body is not valid JSON.
    Close,  ///< Closes the connection without a response.
    WrongCount,  ///< Adds `countDelta` to `data.count`.
    Mutate,  ///< Serves the page normally, then changes the data (see MutationKind).
    Raw,  ///< Answers with exactly the given status, headers and body.
};

/// The body of a Status fault.
enum class ErrorBodyKind { Json, Text, Empty };

/// The change a Mutate fault applies right after the matching response is built.
enum class MutationKind {
    ArchiveUndelivered,  ///< Archive the lowest-id matching entry after this page.
    ModifyUndelivered,  ///< Modify the lowest-id matching entry after this page.
    ArchiveDelivered,  ///< Archive the lowest-id entry of this page.
    ModifyDelivered,  ///< Modify the lowest-id entry of this page.
    Create,  ///< Create a copy of the last entry of this page with a new, higher id.
};

/// One armed fault. It watches API requests whose path contains `path` and
/// whose query contains `query`, lets the first `skip` of them through, then
/// fires on the next `times` ones.
struct Fault {
    int id = 0;
    FaultKind kind = FaultKind::Status;
    std::string path = "/api/v3/timeentries";
    std::string query;
    int skip = 0;
    int times = 1;
    int fired = 0;

    int status = 500;
    int retryAfterSeconds = -1;  ///< Sent as Retry-After when 0 or more.
    ErrorBodyKind body = ErrorBodyKind::Json;
    std::string message;
    int delayMs = 0;  ///< Applies before any kind of fault, not only Delay.
    std::int64_t countDelta = 1;
    bool resetConnection = false;  ///< For Close: send a TCP reset instead of a FIN.
    MutationKind mutation = MutationKind::ArchiveUndelivered;
    /// For Raw: headers sent after the default JSON content type, which a
    /// `Content-Type` entry replaces.
    std::vector<std::pair<std::string, std::string>> rawHeaders;
    std::string rawBody;  ///< For Raw: the body bytes, from `content` or `contentBase64`.

    /// Builds a fault from its JSON description (see docs/simulator.md).
    /// Throws QueryError on an unknown kind, status or mutation.
    static Fault fromJson(const Poco::JSON::Object& object);

    /// Returns the fault as JSON, including how many times it fired.
    Poco::JSON::Object::Ptr toJson() const;

    /// True when a request with this path and query (raw and decoded) matches.
    bool matches(const std::string& requestPath, const std::string& rawQuery,
                 const std::string& decodedQuery) const;

    /// True while the fault has firings left.
    bool armed() const { return fired < times; }
};

}  // namespace Simulator
}  // namespace Lucca
