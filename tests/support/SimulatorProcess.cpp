#include "SimulatorProcess.h"

#include "TempDir.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/Thread.h>
#include <Poco/Timestamp.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <iostream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace Lucca {
namespace Test {

namespace {

std::string readFile(const std::string& path) {
    if (!Poco::File(path).exists()) return {};
    Poco::FileInputStream in(path);
    std::string text;
    Poco::StreamCopier::copyToString(in, text);
    return text;
}

HttpReply exchange(int port, const std::string& method, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const std::string& body) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
    session.setTimeout(Poco::Timespan(60, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& header : headers) request.set(header.first, header.second);
    if (method != Poco::Net::HTTPRequest::HTTP_GET) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
    }
    session.sendRequest(request) << body;

    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    for (const auto& header : response) reply.headers.add(header.first, header.second);
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

}  // namespace

Poco::JSON::Object::Ptr HttpReply::json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

SimulatorProcess::SimulatorProcess(const std::vector<std::string>& arguments, Tls tls,
                                   int startTimeoutMs)
    : _workDir(std::make_unique<TempDir>("lucca-simulator-")) {
    const std::string portFile = _workDir->file("ports.json");
    // The simulator stops when the thread that starts it ends, so a test that
    // crashes, or is killed on a timeout, leaves no simulator behind.
    std::vector<std::string> argv = {executablePath(), "--port",       "0",
                                     "--port-file",    portFile,       "--parent-pid",
                                     std::to_string(::getpid())};
    if (tls == Tls::On) {
        argv.insert(argv.end(),
                    {"--tls-cert", certificateFile(), "--tls-key", privateKeyFile()});
    }
    argv.insert(argv.end(), arguments.begin(), arguments.end());

    std::vector<char*> pointers;
    for (auto& argument : argv) pointers.push_back(const_cast<char*>(argument.c_str()));
    pointers.push_back(nullptr);

    // The child writes to files, so it can never block on a full pipe.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, _workDir->file("stdout").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, _workDir->file("stderr").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int error =
        posix_spawn(&_pid, argv[0].c_str(), &actions, nullptr, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) {
        _pid = -1;
        throw Poco::SystemException("failed to start " + argv[0], std::strerror(error));
    }

    try {
        waitForPortFile(portFile, startTimeoutMs);
    } catch (...) {
        stop();
        throw;
    }
}

SimulatorProcess::~SimulatorProcess() { stop(); }

void SimulatorProcess::waitForPortFile(const std::string& portFile, int timeoutMs) {
    Poco::Timestamp started;
    while (true) {
        int status = 0;
        if (::waitpid(_pid, &status, WNOHANG) == _pid) {
            _pid = -1;
            throw Poco::RuntimeException("lucca-simulator exited before listening (wait status " +
                                         std::to_string(status) + "); stderr:\n" + stderrText());
        }
        const std::string text = readFile(portFile);
        if (!text.empty()) {
            Poco::JSON::Parser parser;
            auto ports = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
            _httpPort = ports->optValue<int>("http", 0);
            _httpsPort = ports->optValue<int>("https", 0);
            return;
        }
        if (started.elapsed() > static_cast<Poco::Timestamp::TimeDiff>(timeoutMs) * 1000) {
            throw Poco::TimeoutException("lucca-simulator wrote no port file within " +
                                         std::to_string(timeoutMs) + " ms; stderr:\n" +
                                         stderrText());
        }
        Poco::Thread::sleep(20);
    }
}

void SimulatorProcess::stop() noexcept {
    if (_pid <= 0) return;
    int status = 0;
    if (::waitpid(_pid, &status, WNOHANG) == _pid) {
        _pid = -1;
        reportExit("exited before it was stopped", status);
        return;
    }
    ::kill(_pid, SIGTERM);
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (::waitpid(_pid, &status, WNOHANG) == _pid) {
            _pid = -1;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                reportExit("failed to stop cleanly", status);
            }
            return;
        }
        ::usleep(10000);
    }
    ::kill(_pid, SIGKILL);
    ::waitpid(_pid, &status, 0);
    _pid = -1;
    reportExit("did not stop within 2 s of SIGTERM and was killed", status);
}

void SimulatorProcess::reportExit(const char* event, int status) const noexcept {
    // A test that loses its simulator gets only refused connections, and the
    // simulator's stderr, with any sanitizer report, is deleted with its folder.
    try {
        std::cerr << "lucca-simulator " << event << " (wait status " << status
                  << "); its stderr:\n"
                  << stderrText() << std::endl;
    } catch (...) {
        // Nothing else can report it from a destructor.
    }
}

std::string SimulatorProcess::httpUrl() const {
    return "http://127.0.0.1:" + std::to_string(_httpPort);
}

std::string SimulatorProcess::httpsUrl() const {
    if (_httpsPort == 0) return {};
    return "https://127.0.0.1:" + std::to_string(_httpsPort);
}

std::string SimulatorProcess::caFile() { return LUCCA_SIMULATOR_CA_FILE; }

std::string SimulatorProcess::certificateFile() { return LUCCA_SIMULATOR_CERT_FILE; }

std::string SimulatorProcess::privateKeyFile() { return LUCCA_SIMULATOR_KEY_FILE; }

std::string SimulatorProcess::executablePath() { return LUCCA_SIMULATOR_EXECUTABLE; }

std::string SimulatorProcess::outputText() const { return readFile(_workDir->file("stdout")); }

std::string SimulatorProcess::stderrText() const { return readFile(_workDir->file("stderr")); }

Poco::JSON::Object::Ptr SimulatorProcess::control(const std::string& method,
                                                  const std::string& path,
                                                  const std::string& body) const {
    const HttpReply reply = exchange(_httpPort, method, path, {}, body);
    if (reply.status < 200 || reply.status > 299) {
        throw Poco::IOException(method + " " + path + " failed with status " +
                                std::to_string(reply.status) + ": " + reply.body);
    }
    return reply.json();
}

Poco::JSON::Object::Ptr SimulatorProcess::get(const std::string& path) const {
    return control(Poco::Net::HTTPRequest::HTTP_GET, path, "");
}

Poco::JSON::Object::Ptr SimulatorProcess::post(const std::string& path,
                                               const std::string& json) const {
    return control(Poco::Net::HTTPRequest::HTTP_POST, path, json);
}

Poco::JSON::Object::Ptr SimulatorProcess::post(const std::string& path,
                                               const Poco::JSON::Object& body) const {
    std::ostringstream text;
    body.stringify(text);
    return post(path, text.str());
}

void SimulatorProcess::setClock(const std::string& dateTime) const {
    Poco::JSON::Object body;
    body.set("set", dateTime);
    post("/_sim/clock", body);
}

void SimulatorProcess::advanceClock(double seconds) const {
    Poco::JSON::Object body;
    body.set("advanceSeconds", seconds);
    post("/_sim/clock", body);
}

void SimulatorProcess::useRealClock() const { post("/_sim/clock", R"({"real":true})"); }

std::string SimulatorProcess::clockNow() const {
    return get("/_sim/clock")->getValue<std::string>("now");
}

Poco::JSON::Object::Ptr SimulatorProcess::armFault(const std::string& json) const {
    return post("/_sim/faults", json);
}

void SimulatorProcess::clearFaults() const { post("/_sim/faults/clear"); }

Poco::JSON::Object::Ptr SimulatorProcess::truth(const std::string& scopeQuery) const {
    return get(scopeQuery.empty() ? "/_sim/truth" : "/_sim/truth?" + scopeQuery);
}

Poco::JSON::Array::Ptr SimulatorProcess::requests() const {
    return get("/_sim/requests")->getArray("requests");
}

void SimulatorProcess::resetRequests() const { post("/_sim/requests/reset"); }

void SimulatorProcess::setRateLimit(int perMinute) const {
    Poco::JSON::Object body;
    body.set("perMinute", perMinute);
    post("/_sim/rate-limit", body);
}

Poco::JSON::Object::Ptr SimulatorProcess::mutate(const std::string& json) const {
    return post("/_sim/mutate", json);
}

void SimulatorProcess::reset() const { post("/_sim/reset"); }

HttpReply SimulatorProcess::apiGet(const std::string& pathAndQuery,
                                   const std::string& apiKey) const {
    return rawGet(pathAndQuery, {{"Authorization", "lucca application=" + apiKey},
                                 {"Accept", "application/json"}});
}

HttpReply SimulatorProcess::rawGet(
    const std::string& pathAndQuery,
    const std::vector<std::pair<std::string, std::string>>& headers) const {
    return exchange(_httpPort, Poco::Net::HTTPRequest::HTTP_GET, pathAndQuery, headers, "");
}

}  // namespace Test
}  // namespace Lucca
