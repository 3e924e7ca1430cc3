#include "SignalCancellation.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

#include "ExitCode.h"

namespace host {

namespace {

// A lock-free atomic is async-signal-safe, and unlike volatile sig_atomic_t
// it is also safe to read from the connector's threads.
std::atomic<int> receivedSignal{0};
static_assert(std::atomic<int>::is_always_lock_free, "the signal flag must be lock-free");

extern "C" void handleSignal(int signalNumber) {
    int expected = 0;
    if (!receivedSignal.compare_exchange_strong(expected, signalNumber)) {
        _exit(immediateExitCode(signalNumber));
    }
}

}  // namespace

void installCancellationHandlers() {
    struct sigaction action {};
    action.sa_handler = handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

bool cancellationRequested() { return receivedSignal.load() != 0; }

int cancellationSignal() { return receivedSignal.load(); }

const char* signalName(int signalNumber) {
    if (signalNumber == SIGINT) return "SIGINT";
    if (signalNumber == SIGTERM) return "SIGTERM";
    static thread_local char name[32];
    std::snprintf(name, sizeof name, "signal %d", signalNumber);
    return name;
}

}  // namespace host
