#include "CommandLine.h"

#include <map>
#include <set>

#include "HostError.h"

namespace host {

namespace {

const char* const kGlobalOptions =
    "Global options:\n"
    "  --log-level LEVEL  Sets the lowest level written to stderr: trace, debug,\n"
    "                     info (default), warning or error.\n"
    "  --plugin-dir DIR   Sets the folder searched for <connector>.so. Default: the\n"
    "                     colon-separated folders in CONNECTOR_PLUGIN_PATH, else\n"
    "                     <folder of connector-host>/../lib.\n"
    "  -h, --help         Prints this help and exits.\n";

const char* const kExitCodes =
    "Exit codes:\n"
    "  0    success\n"
    "  1    a step failed with a retryable error, or is already running; retry later\n"
    "  2    a step failed with a permanent error, or the state store failed; fix\n"
    "       the cause before retrying\n"
    "  3    invalid command line, pipeline file or configuration\n"
    "  4    a connector library could not be found or loaded\n"
    "  5    cancelled by SIGINT or SIGTERM after the connector stopped\n"
    "  130  a second SIGINT ended the process at once (143 for SIGTERM)\n";

const std::map<std::string, std::string> kCommandHelp = {
    {"run",
     "Usage: connector-host run PIPELINE.yaml [--step NAME]\n"
     "\n"
     "Runs the steps of the pipeline in file order, each under its step lock,\n"
     "and stops at the first failed step. Logs one summary line at the end.\n"
     "SIGINT or SIGTERM asks the running connector to stop; a second signal\n"
     "exits at once.\n"
     "\n"
     "Options:\n"
     "  --step NAME        Runs only the step called NAME.\n"},
    {"validate",
     "Usage: connector-host validate PIPELINE.yaml [--show-config]\n"
     "\n"
     "Checks the pipeline file, loads every step's connector, and has it check\n"
     "its configuration. Touches no network, database or state.\n"
     "\n"
     "Options:\n"
     "  --show-config      Prints each step's configuration as JSON, with\n"
     "                     variables expanded and secret values shown as \"***\".\n"},
    {"check",
     "Usage: connector-host check PIPELINE.yaml [--step NAME]\n"
     "\n"
     "Has each step's connector reach its upstream and destination without\n"
     "changing anything, and prints its report.\n"
     "\n"
     "Options:\n"
     "  --step NAME        Checks only the step called NAME.\n"},
    {"status",
     "Usage: connector-host status PIPELINE.yaml [--step NAME] [--json]\n"
     "\n"
     "Prints each step's connector status and the holder of its lock when the\n"
     "step is running.\n"
     "\n"
     "Options:\n"
     "  --step NAME        Shows only the step called NAME.\n"
     "  --json             Prints one JSON document instead of a table.\n"},
    {"state",
     "Usage: connector-host state list PIPELINE.yaml [STEP]\n"
     "       connector-host state get PIPELINE.yaml STEP KEY\n"
     "       connector-host state set PIPELINE.yaml STEP KEY VALUE\n"
     "       connector-host state delete PIPELINE.yaml STEP KEY\n"
     "\n"
     "Inspects or repairs the state that steps keep between runs.\n"
     "  list    Prints step, key, size, last update and the start of each value.\n"
     "  get     Prints the value stored under KEY, followed by a newline. Exits\n"
     "          with code 3 when nothing is stored under KEY.\n"
     "  set     Stores VALUE under KEY; a VALUE of - reads the value from stdin.\n"
     "  delete  Deletes KEY; succeeds when it is absent too.\n"
     "set and delete take the step's lock, so they fail while the step runs.\n"},
};

/// Options each command accepts besides the global ones.
const std::map<std::string, std::set<std::string>> kCommandOptions = {
    {"run", {"--step"}},   {"validate", {"--show-config"}},
    {"check", {"--step"}}, {"status", {"--step", "--json"}},
    {"state", {}},
};

/// Accepted argument counts after the command, as {minimum, maximum}.
std::pair<std::size_t, std::size_t> argumentCount(const CommandLine& line) {
    if (line.command != "state") return {1, 1};
    const std::string action = line.arguments.empty() ? "" : line.arguments[0];
    if (action == "list") return {2, 3};
    if (action == "get" || action == "delete") return {4, 4};
    if (action == "set") return {5, 5};
    throw UsageError(
        "state needs an action: list, get, set or delete; see "
        "'connector-host state --help'");
}

class Parser {
public:
    Parser(int argc, const char* const* argv) : _argc(argc), _argv(argv) {}

    CommandLine parse() {
        std::vector<std::pair<std::string, int>> commandOptions;
        bool optionsEnded = false;
        for (_index = 1; _index < _argc; ++_index) {
            std::string argument = _argv[_index];
            if (optionsEnded || argument.empty() || argument[0] != '-' || argument == "-") {
                addPositional(argument);
            } else if (argument == "--") {
                optionsEnded = true;
            } else {
                std::string name = optionName(argument);
                if (!parseGlobal(name, argument)) commandOptions.emplace_back(name, _index);
                parseCommandOption(name, argument);
            }
        }
        checkCommandOptions(commandOptions);
        if (!_line.help) checkArguments();
        return _line;
    }

private:
    static std::string optionName(const std::string& argument) {
        return argument.substr(0, argument.find('='));
    }

    void addPositional(const std::string& argument) {
        if (_line.command.empty()) {
            if (kCommandHelp.count(argument) == 0) {
                throw UsageError("unknown command '" + argument +
                                 "'; expected run, validate, check, status or state");
            }
            _line.command = argument;
        } else {
            _line.arguments.push_back(argument);
        }
    }

    /// Returns the option's value: the text after '=' or the next argument.
    std::string value(const std::string& argument) {
        std::size_t equals = argument.find('=');
        if (equals != std::string::npos) return argument.substr(equals + 1);
        if (_index + 1 >= _argc) throw UsageError("option " + argument + " needs a value");
        return _argv[++_index];
    }

    bool parseGlobal(const std::string& name, const std::string& argument) {
        if (name == "--help" || name == "-h") {
            _line.help = true;
        } else if (name == "--log-level") {
            std::string level = value(argument);
            auto parsed = parseLogLevel(level);
            if (!parsed) {
                throw UsageError("invalid --log-level '" + level +
                                 "'; expected trace, debug, info, warning or error");
            }
            _line.logLevel = *parsed;
        } else if (name == "--plugin-dir") {
            _line.pluginDir = value(argument);
            if (_line.pluginDir.empty()) throw UsageError("--plugin-dir needs a folder");
        } else {
            return false;
        }
        return true;
    }

    void parseCommandOption(const std::string& name, const std::string& argument) {
        if (name == "--step") {
            _line.stepName = value(argument);
        } else if (name == "--show-config") {
            _line.showConfig = true;
        } else if (name == "--json") {
            _line.json = true;
        } else if (name != "--help" && name != "-h" && name != "--log-level" &&
                   name != "--plugin-dir") {
            throw UsageError("unknown option '" + name + "'; see 'connector-host --help'");
        }
    }

    // Command options may come before the command, so they are checked last.
    void checkCommandOptions(const std::vector<std::pair<std::string, int>>& options) const {
        for (const auto& option : options) {
            const std::string& name = option.first;
            if (_line.command.empty()) {
                throw UsageError("option " + name + " needs a command before or after it");
            }
            if (kCommandOptions.at(_line.command).count(name) == 0) {
                throw UsageError("the " + _line.command + " command has no option " + name +
                                 "; see 'connector-host " + _line.command + " --help'");
            }
        }
    }

    void checkArguments() const {
        if (_line.command.empty()) {
            throw UsageError("missing command; see 'connector-host --help'");
        }
        auto [minimum, maximum] = argumentCount(_line);
        std::size_t count = _line.arguments.size();
        if (count < minimum || count > maximum) {
            throw UsageError("wrong number of arguments for " + _line.command +
                             "; see "
                             "'connector-host " +
                             _line.command + " --help'");
        }
    }

    int _argc;
    const char* const* _argv;
    int _index = 1;
    CommandLine _line;
};

}  // namespace

CommandLine parseCommandLine(int argc, const char* const* argv) {
    return Parser(argc, argv).parse();
}

std::string helpText(const std::string& command) {
    auto found = kCommandHelp.find(command);
    if (found != kCommandHelp.end()) {
        return found->second + "\n" + kGlobalOptions + "\n" + kExitCodes;
    }
    return std::string(
               "Usage: connector-host [GLOBAL OPTIONS] COMMAND PIPELINE.yaml [ARGS]\n"
               "\n"
               "Runs pipelines of connector steps described in YAML files.\n"
               "\n"
               "Commands:\n"
               "  run PIPELINE.yaml [--step NAME]          Runs the pipeline's steps.\n"
               "  validate PIPELINE.yaml [--show-config]   Checks file and configuration.\n"
               "  check PIPELINE.yaml [--step NAME]        Tests each step's connections.\n"
               "  status PIPELINE.yaml [--json]            Shows each step's status.\n"
               "  state list|get|set|delete PIPELINE.yaml  Inspects or repairs step state.\n"
               "\n"
               "'connector-host COMMAND --help' describes a command and its options.\n"
               "\n") +
           kGlobalOptions + "\n" + kExitCodes +
           "\nEnvironment:\n"
           "  CONNECTOR_PLUGIN_PATH  Colon-separated folders searched for connectors\n"
           "                         when --plugin-dir is not given.\n"
           "  Any variable referenced as ${NAME} in a pipeline file.\n";
}

}  // namespace host
