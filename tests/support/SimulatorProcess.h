#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/NameValueCollection.h>

#include <memory>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace Lucca {
namespace Test {

class TempDir;

/// One HTTP response as received, for tests that check status, headers and body.
struct HttpReply {
    /// The HTTP status code, for example 200 or 429.
    int status = 0;

    /// The response headers; lookups ignore case.
    Poco::Net::NameValueCollection headers;

    /// The raw body bytes.
    std::string body;

    /// Parses the body as a JSON object. Throws Poco::Exception when it is not one.
    Poco::JSON::Object::Ptr json() const;
};

/// A running `lucca-simulator` child process, for tests and benchmarks.
///
/// The constructor starts the simulator built by this project with
/// `--port 0 --port-file FILE` plus the given arguments, and waits until the
/// port file appears. The destructor stops the process (SIGTERM, then SIGKILL
/// after two seconds) and reaps it. The child's stdout and stderr go to files
/// in a private temporary directory; stderrText() reads them back.
///
/// The simulator's defaults apply unless `arguments` override them. In
/// particular the API allows 50 requests a minute per key, as Lucca does;
/// pass `--rate-limit 0` (or call setRateLimit(0)) for suites that send more.
///
/// Control methods throw Poco::Exception when the request fails or the
/// simulator responds with a status outside 2xx; the message contains the
/// status and the body. One object may be used from one thread at a time.
/// The simulator exits when the thread that constructed the object ends, so
/// construct it on a thread that outlives the object.
class SimulatorProcess {
public:
    /// Whether the simulator also serves HTTPS with the test certificate.
    enum class Tls { Off, On };

    /// The API key the simulator accepts when no `--api-key` is given.
    static constexpr const char* DemoApiKey = "lucca-simulator-demo-key";

    /// Starts the simulator. `arguments` are extra command-line flags, for
    /// example `{"--seed", "7", "--entries", "500"}`. Throws Poco::Exception
    /// if the process cannot start or no port file appears within
    /// `startTimeoutMs`; the message then contains the simulator's stderr.
    explicit SimulatorProcess(const std::vector<std::string>& arguments = {}, Tls tls = Tls::Off,
                              int startTimeoutMs = 20000);

    /// Stops and reaps the process. Never throws. When the simulator had
    /// already exited, failed to stop cleanly or had to be killed, writes
    /// its stderr to this process's stderr.
    ~SimulatorProcess();

    SimulatorProcess(const SimulatorProcess&) = delete;
    SimulatorProcess& operator=(const SimulatorProcess&) = delete;

    /// The HTTP base URL without a trailing slash, for example `http://127.0.0.1:41234`.
    std::string httpUrl() const;

    /// The HTTPS base URL (`https://127.0.0.1:PORT`), or an empty string when TLS is off.
    std::string httpsUrl() const;

    /// The HTTP port the simulator listens on.
    int httpPort() const { return _httpPort; }

    /// The HTTPS port, or 0 when TLS is off.
    int httpsPort() const { return _httpsPort; }

    /// The process id of the child.
    pid_t pid() const { return _pid; }

    /// The PEM file of the test certificate authority that signed the
    /// simulator's server certificate (generated at build time).
    static std::string caFile();

    /// The server certificate and key files the simulator uses with Tls::On.
    static std::string certificateFile();
    static std::string privateKeyFile();

    /// The path of the built `lucca-simulator` executable.
    static std::string executablePath();

    /// The text the child wrote to stdout and stderr so far.
    std::string outputText() const;
    std::string stderrText() const;

    /// Sends `GET path` to the control interface and parses the JSON object it returns.
    Poco::JSON::Object::Ptr get(const std::string& path) const;

    /// Sends `POST path` with a JSON body and parses the JSON object it returns.
    Poco::JSON::Object::Ptr post(const std::string& path, const std::string& json = "{}") const;

    /// Same as post() with a body built from a Poco JSON object.
    Poco::JSON::Object::Ptr post(const std::string& path, const Poco::JSON::Object& body) const;

    /// Sets the server clock to a Europe/Paris wall time such as
    /// `2024-03-31T01:59:00` (or a value with `Z` or an offset) and stops it
    /// there until advanced.
    void setClock(const std::string& dateTime) const;

    /// Moves the server clock forward by `seconds` (fractions allowed).
    void advanceClock(double seconds) const;

    /// Returns the server clock to real time.
    void useRealClock() const;

    /// Returns the server clock's current Europe/Paris wall time, as the API writes date-times.
    std::string clockNow() const;

    /// Arms a fault described by a JSON object (see docs/simulator.md, "Faults")
    /// and returns the armed fault with its id.
    Poco::JSON::Object::Ptr armFault(const std::string& json) const;

    /// Disarms every fault.
    void clearFaults() const;

    /// Returns the ground truth for a scope: `{"count": N, "items": [...]}`
    /// with every field, sorted by id. `scopeQuery` is empty or a query such
    /// as `legalEntityId=1,2` or `ownerId=5`.
    Poco::JSON::Object::Ptr truth(const std::string& scopeQuery = "") const;

    /// Returns the request log: objects with method, path, query and status, oldest first.
    Poco::JSON::Array::Ptr requests() const;

    /// Empties the request log.
    void resetRequests() const;

    /// Sets the API rate limit in requests per minute per key; 0 turns it off.
    void setRateLimit(int perMinute) const;

    /// Applies random mutations, for example
    /// `{"changeShare":0.01,"archiveShare":0.001,"create":5,"seed":3}`, and
    /// returns the ids changed, archived and created.
    Poco::JSON::Object::Ptr mutate(const std::string& json) const;

    /// Restores the initial dataset, clock, faults, keys, rate limit and request log.
    void reset() const;

    /// Sends `GET pathAndQuery` over HTTP with `Authorization: lucca
    /// application=KEY` and returns the response as received, whatever its
    /// status. Throws only on a transport error.
    HttpReply apiGet(const std::string& pathAndQuery,
                     const std::string& apiKey = DemoApiKey) const;

    /// Sends `GET pathAndQuery` over HTTP with exactly the given headers.
    HttpReply rawGet(const std::string& pathAndQuery,
                     const std::vector<std::pair<std::string, std::string>>& headers) const;

private:
    void waitForPortFile(const std::string& portFile, int timeoutMs);
    void stop() noexcept;
    /// Writes `event`, the wait status and the simulator's stderr to stderr.
    void reportExit(const char* event, int status) const noexcept;
    Poco::JSON::Object::Ptr control(const std::string& method, const std::string& path,
                                    const std::string& body) const;

    std::unique_ptr<TempDir> _workDir;
    pid_t _pid = -1;
    int _httpPort = 0;
    int _httpsPort = 0;
};

}  // namespace Test
}  // namespace Lucca
