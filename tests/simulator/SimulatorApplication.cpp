// The lucca-simulator executable: a local stand-in for a Lucca tenant's
// GET /api/v3/timeentries, with a control interface under /_sim/.

#include "DatasetFile.h"
#include "DatasetGenerator.h"
#include "ReplaceableFile.h"
#include "Simulator.h"
#include "SimulatorRequestHandler.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/NumberParser.h>
#include <Poco/StringTokenizer.h>
#include <Poco/ThreadPool.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionException.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <memory>

using Poco::Util::Option;
using Poco::Util::OptionCallback;

namespace Lucca {
namespace Simulator {

/// The API key accepted when no --api-key is given. It is public on purpose:
/// the simulator only serves generated data on loopback addresses.
const char* const demoApiKey = "lucca-simulator-demo-key";

class SimulatorApplication : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        auto add = [&](const char* name, const char* argument, const char* help) {
            Option option(name, "", help);
            option.required(false).repeatable(false);
            if (argument != nullptr) option.argument(argument);
            option.callback(OptionCallback<SimulatorApplication>(this, &SimulatorApplication::handleSetting));
            options.addOption(option);
        };
        add("help", nullptr, "Print this help and exit.");

        // Listening.
        add("bind", "ADDRESS", "Loopback address to listen on: 127.0.0.1 (default) or ::1.");
        add("port", "PORT", "HTTP port; 0 picks a free port. Default 8089.");
        add("tls-port", "PORT", "HTTPS port when --tls-cert is given; 0 (default) picks a free port.");
        add("tls-cert", "FILE", "PEM server certificate; enables HTTPS (needs --tls-key).");
        add("tls-key", "FILE", "PEM private key of the server certificate.");
        add("port-file", "FILE",
            "After listening, write the ports as JSON ({\"http\":N,\"https\":M}) to FILE, atomically.");
        add("parent-pid", "PID",
            "Exit when the thread that started the simulator ends, and at once if PID is not the "
            "parent process. Test harnesses pass their own pid, so no simulator outlives a crashed test.");

        // Data.
        add("seed", "N", "Seed of the generated dataset. Default 1.");
        add("legal-entities", "N", "Generated legal entities. Default 2.");
        add("owners", "N", "Generated owners (employees). Default 12.");
        add("days", "N", "Generated working days per owner. Default 20.");
        add("entries-per-day", "N", "Generated entries per owner and working day. Default 4.");
        add("entries", "N",
            "Total generated entries; adds owners until owners x days x entries-per-day reaches N.");
        add("end-date", "DATE",
            "Generate working days before this date (YYYY-MM-DD). Default: the --clock date, else 2025-10-31.");
        add("dataset", "FILE", "Load the dataset from a JSON file instead of generating one.");
        add("write-dataset", "FILE", "Write the dataset to a JSON file and exit without serving.");

        // Behaviour.
        add("api-key", "KEY",
            "Accept this API key (repeatable). Default: the demo key lucca-simulator-demo-key.");
        add("key-legal-entities", "KEY=IDS",
            "Restrict KEY to owners of these legal entities, e.g. demo=1,2 (repeatable).");
        add("key-owners", "KEY=IDS", "Restrict KEY to these owner ids, e.g. demo=101,102 (repeatable).");
        add("rate-limit", "N", "API requests allowed per minute per key; 0 turns the limit off. Default 50.");
        add("max-page-size", "N", "Largest accepted paging limit. Default 10000.");
        add("include-archived-in-list",
            nullptr, "Show archived entries in lists without an archivedAt filter (default: hide them).");
        add("no-header", nullptr,
            "Send API responses without the header object, whose presence Lucca does not document.");
        add("clock", "DATETIME",
            "Start the clock stopped at this Europe/Paris wall time (or a value with Z or an offset). "
            "Default: follow real time.");

        for (const char* repeatable : {"api-key", "key-legal-entities", "key-owners"}) {
            const_cast<Option&>(options.getOption(repeatable)).repeatable(true);
        }
    }

    void handleSetting(const std::string& name, const std::string& value) {
        if (name == "help") {
            _helpRequested = true;
            stopOptionsProcessing();
        } else if (name == "api-key") {
            _keys.push_back(value);
        } else if (name == "key-legal-entities" || name == "key-owners") {
            _scopes.emplace_back(name, value);
        } else if (name == "include-archived-in-list") {
            _settings.includeArchivedInList = true;
        } else if (name == "no-header") {
            _settings.sendHeader = false;
        } else {
            _values[name] = value;
        }
    }

    int main(const std::vector<std::string>&) override {
        if (_helpRequested) {
            Poco::Util::HelpFormatter help(options());
            help.setCommand(commandName());
            help.setUsage("[OPTIONS]");
            help.setHeader("Serves a simulated Lucca GET /api/v3/timeentries on a loopback address.");
            help.format(std::cout);
            return EXIT_OK;
        }
        try {
            return serve();
        } catch (const Poco::Exception& error) {
            std::cerr << "lucca-simulator: " << error.displayText() << std::endl;
        } catch (const std::exception& error) {
            std::cerr << "lucca-simulator: " << error.what() << std::endl;
        }
        return EXIT_SOFTWARE;
    }

private:
    std::int64_t number(const std::string& name, std::int64_t fallback) const {
        const auto found = _values.find(name);
        if (found == _values.end()) return fallback;
        Poco::Int64 value = 0;
        if (!Poco::NumberParser::tryParse64(found->second, value) || value < 0) {
            throw Poco::InvalidArgumentException("invalid --" + name + " '" + found->second +
                                                 "': expected an integer of 0 or more");
        }
        return value;
    }

    std::int64_t portNumber(const std::string& name, std::int64_t fallback) const {
        const std::int64_t port = number(name, fallback);
        if (port > 65535) {
            throw Poco::InvalidArgumentException("invalid --" + name + " " + std::to_string(port) +
                                                 ": expected a port from 0 to 65535");
        }
        return port;
    }

    std::string text(const std::string& name, const std::string& fallback = "") const {
        const auto found = _values.find(name);
        return found == _values.end() ? fallback : found->second;
    }

    Ticks parseTime(const std::string& name, const std::string& value) const {
        ParsedDateTime parsed;
        if (!parseDateTime(value, parsed)) {
            throw Poco::InvalidArgumentException("invalid --" + name + " '" + value +
                                                 "': expected a date-time such as 2025-03-30T01:59:00");
        }
        return parsed.hasOffset ? parsed.ticks - parsed.offset : utcFromParisWallTime(parsed.ticks);
    }

    Dataset buildDataset() const {
        if (!text("dataset").empty()) return DatasetFile::load(text("dataset"));
        GeneratorOptions generator;
        generator.seed = static_cast<std::uint64_t>(number("seed", 1));
        generator.legalEntities = static_cast<int>(number("legal-entities", 2));
        generator.owners = static_cast<int>(number("owners", 12));
        generator.days = static_cast<int>(number("days", 20));
        generator.entriesPerDay = static_cast<int>(number("entries-per-day", 4));
        generator.totalEntries = number("entries", -1);
        if (!text("end-date").empty()) {
            const Ticks end = parseTime("end-date", text("end-date"));
            generator.endDay = parisWallTimeFromUtc(end) / TicksPerDay * TicksPerDay;
        } else if (_settings.clockUtc != NullTicks) {
            generator.endDay = parisWallTimeFromUtc(_settings.clockUtc) / TicksPerDay * TicksPerDay;
        }
        return generateDataset(generator);
    }

    void buildKeys() {
        if (_keys.empty()) _keys.push_back(demoApiKey);
        for (const std::string& value : _keys) {
            ApiKey key;
            key.key = value;
            _settings.keys.push_back(key);
        }
        for (const auto& scope : _scopes) {
            const std::size_t equals = scope.second.rfind('=');
            auto key = std::find_if(_settings.keys.begin(), _settings.keys.end(), [&](const ApiKey& k) {
                return equals != std::string::npos && k.key == scope.second.substr(0, equals);
            });
            if (key == _settings.keys.end()) {
                throw Poco::InvalidArgumentException("invalid --" + scope.first +
                                                     ": expected KEY=IDS with a key given by --api-key");
            }
            Poco::StringTokenizer ids(scope.second.substr(equals + 1), ",",
                                      Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
            for (const std::string& id : ids) {
                int parsed = 0;
                if (!Poco::NumberParser::tryParse(id, parsed)) {
                    throw Poco::InvalidArgumentException("invalid id '" + id + "' in --" + scope.first);
                }
                (scope.first == "key-owners" ? key->ownerIds : key->legalEntityIds).insert(parsed);
            }
        }
    }

    void writePortFile(int httpPort, int httpsPort) const {
        const std::string path = text("port-file");
        if (path.empty()) return;
        requireReplaceableFile(path);
        const std::string temporary = path + ".tmp";
        {
            Poco::FileOutputStream out(temporary);
            out << "{\"http\":" << httpPort;
            if (httpsPort != 0) out << ",\"https\":" << httpsPort;
            out << "}\n";
        }
        Poco::File(temporary).renameTo(path);
    }

    /// With --parent-pid, sets PR_SET_PDEATHSIG so that the kernel sends
    /// SIGTERM when the parent thread ends. The getppid() check covers a
    /// parent that ended before prctl() took effect.
    void followParent() const {
        if (text("parent-pid").empty()) return;
        const std::int64_t parent = number("parent-pid", 0);
        if (::prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) {
            throw Poco::SystemException("prctl(PR_SET_PDEATHSIG) failed");
        }
        if (static_cast<std::int64_t>(::getppid()) != parent) {
            throw Poco::IllegalStateException("the parent process " + std::to_string(parent) +
                                              " has already exited");
        }
    }

    int serve() {
        // 1. Settings, keys and data.
        followParent();
        if (!text("clock").empty()) _settings.clockUtc = parseTime("clock", text("clock"));
        _settings.rateLimitPerMinute = static_cast<int>(number("rate-limit", 50));
        _settings.maxPageSize = number("max-page-size", 10000);
        if (_settings.maxPageSize < 1) throw Poco::InvalidArgumentException("--max-page-size must be 1 or more");
        buildKeys();
        Dataset dataset = buildDataset();
        if (!text("write-dataset").empty()) {
            DatasetFile::save(dataset, text("write-dataset"));
            std::cout << "lucca-simulator: wrote " << dataset.entries.size() << " entries to "
                      << text("write-dataset") << std::endl;
            return EXIT_OK;
        }
        Simulator simulator(std::move(dataset), _settings);

        // 2. Listening sockets, on loopback only.
        const Poco::Net::IPAddress address(text("bind", "127.0.0.1"));
        if (!address.isLoopback()) {
            throw Poco::InvalidArgumentException("--bind accepts only a loopback address, not " + address.toString());
        }
        const auto port = static_cast<Poco::UInt16>(portNumber("port", 8089));
        Poco::Net::ServerSocket httpSocket(Poco::Net::SocketAddress(address, port));
        // Each open connection occupies a thread while it is kept alive, and
        // Poco's default pool stops at 16 threads, so the servers get their own.
        Poco::ThreadPool threads(2, maxConnections);
        Poco::Net::HTTPServer http(new SimulatorRequestHandlerFactory(simulator, false), threads,
                                   httpSocket, serverParams());
        http.start();
        const std::string host = address.family() == Poco::Net::AddressFamily::IPv6
                                     ? "[" + address.toString() + "]" : address.toString();

        std::unique_ptr<Poco::Net::HTTPServer> https;
        int httpsPort = 0;
        if (!text("tls-cert").empty() || !text("tls-key").empty()) {
            if (text("tls-cert").empty() || text("tls-key").empty()) {
                throw Poco::InvalidArgumentException("HTTPS needs both --tls-cert and --tls-key");
            }
            Poco::Net::Context::Ptr context = new Poco::Net::Context(
                Poco::Net::Context::TLS_SERVER_USE, text("tls-key"), text("tls-cert"), "",
                Poco::Net::Context::VERIFY_NONE);
            const auto tlsPort = static_cast<Poco::UInt16>(portNumber("tls-port", 0));
            Poco::Net::SecureServerSocket httpsSocket(Poco::Net::SocketAddress(address, tlsPort), 64, context);
            httpsPort = httpsSocket.address().port();
            https = std::make_unique<Poco::Net::HTTPServer>(
                new SimulatorRequestHandlerFactory(simulator, true), threads, httpsSocket,
                serverParams());
            https->start();
        }

        // 3. Tell the world where we are, then wait for SIGINT or SIGTERM.
        const int httpPort = httpSocket.address().port();
        writePortFile(httpPort, httpsPort);
        std::cout << "lucca-simulator: serving " << simulator.entryCount() << " entries on http://"
                  << host << ":" << httpPort;
        if (httpsPort != 0) std::cout << " and https://" << host << ":" << httpsPort;
        std::cout << std::endl;
        waitForTerminationRequest();
        std::cout << "lucca-simulator: stopping" << std::endl;
        if (https) https->stopAll(true);
        http.stopAll(true);
        return EXIT_OK;
    }

    static Poco::Net::HTTPServerParams::Ptr serverParams() {
        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(maxConnections);
        params->setMaxQueued(256);
        params->setKeepAliveTimeout(Poco::Timespan(5, 0));
        params->setKeepAlive(true);
        params->setTimeout(Poco::Timespan(30, 0));
        return params;
    }

    /// Connections served at once, over HTTP and HTTPS together.
    static constexpr int maxConnections = 64;

    bool _helpRequested = false;
    std::map<std::string, std::string> _values;
    std::vector<std::string> _keys;
    std::vector<std::pair<std::string, std::string>> _scopes;
    SimulatorSettings _settings;
};

}  // namespace Simulator
}  // namespace Lucca

int main(int argc, char** argv) {
#ifdef __GLIBC__
    // Pages of 10,000 entries need buffers of several megabytes. By default
    // glibc maps each one fresh and unmaps it after the response, so every
    // request pays for page faults. Keeping such blocks in the heap lets
    // the next request reuse them.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
#endif
    Poco::Net::initializeSSL();
    Lucca::Simulator::SimulatorApplication application;
    return application.run(argc, argv);
}
