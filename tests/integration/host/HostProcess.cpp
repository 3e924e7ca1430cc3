#include "HostProcess.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace host_test {

namespace fs = std::filesystem;

Workspace::Workspace() {
    std::string pattern = (fs::temp_directory_path() / "host-integration-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    _folder = pattern;
}

Workspace::~Workspace() {
    std::error_code ignored;
    fs::remove_all(_folder, ignored);
}

std::string Workspace::path(const std::string& name) const {
    return (fs::path(_folder) / name).string();
}

std::string Workspace::write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
}

std::string Workspace::read(const std::string& name) const {
    std::ifstream file(path(name), std::ios::binary);
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

namespace {

std::atomic<int> processCounter{0};

std::vector<std::string> buildEnvironment(const std::map<std::string, std::string>& additions) {
    std::vector<std::string> entries;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        std::string text = *entry;
        std::string name = text.substr(0, text.find('='));
        if (additions.count(name) == 0) entries.push_back(text);
    }
    for (const auto& [name, value] : additions) entries.push_back(name + "=" + value);
    return entries;
}

std::vector<char*> pointersTo(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& text : strings) pointers.push_back(text.data());
    pointers.push_back(nullptr);
    return pointers;
}

}  // namespace

HostProcess::HostProcess(const Workspace& workspace, const std::vector<std::string>& arguments,
                         const std::map<std::string, std::string>& environment, bool passPluginDir)
    : _workspace(workspace) {
    int number = ++processCounter;
    _outName = "stdout-" + std::to_string(number) + ".txt";
    _errName = "stderr-" + std::to_string(number) + ".txt";

    std::vector<std::string> argv = {HOST_EXECUTABLE};
    if (passPluginDir) argv.insert(argv.end(), {"--plugin-dir", TEST_PLUGIN_DIR});
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    std::vector<std::string> envp = buildEnvironment(environment);
    std::vector<char*> argvPointers = pointersTo(argv);
    std::vector<char*> envpPointers = pointersTo(envp);
    std::string outPath = workspace.path(_outName);
    std::string errPath = workspace.path(_errName);

    _pid = fork();
    if (_pid < 0) throw std::runtime_error("fork failed");
    if (_pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        if (!freopen(outPath.c_str(), "w", stdout) || !freopen(errPath.c_str(), "w", stderr)) {
            _exit(126);
        }
        execve(argvPointers[0], argvPointers.data(), envpPointers.data());
        _exit(127);
    }
}

HostProcess::~HostProcess() {
    if (_pid > 0 && !_reaped) {
        kill(_pid, SIGKILL);
        waitpid(_pid, nullptr, 0);
    }
}

bool HostProcess::waitForError(const std::string& text, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (_workspace.read(_errName).find(text) != std::string::npos) return true;
        if (!_reaped && waitpid(_pid, &_status, WNOHANG) == _pid) _reaped = true;
        if (_reaped) return _workspace.read(_errName).find(text) != std::string::npos;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

void HostProcess::sendSignal(int signalNumber) const {
    if (_pid > 0 && !_reaped) kill(_pid, signalNumber);
}

ProcessResult HostProcess::wait() {
    if (!_reaped) {
        waitpid(_pid, &_status, 0);
        _reaped = true;
    }
    int status = _status;

    ProcessResult result;
    if (WIFEXITED(status)) result.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    result.out = _workspace.read(_outName);
    result.err = _workspace.read(_errName);
    return result;
}

ProcessResult runHost(const Workspace& workspace, const std::vector<std::string>& arguments,
                      const std::map<std::string, std::string>& environment, bool passPluginDir) {
    return HostProcess(workspace, arguments, environment, passPluginDir).wait();
}

}  // namespace host_test
