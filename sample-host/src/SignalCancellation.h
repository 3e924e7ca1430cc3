#ifndef HOST_SIGNAL_CANCELLATION_H
#define HOST_SIGNAL_CANCELLATION_H

namespace host {

/// Installs handlers for SIGINT and SIGTERM. The first signal only records
/// a cancellation request, which connectors see through is_cancelled. A
/// second signal ends the process at once with exit code 128 + signal
/// number. Call once, from the main thread, before any step runs.
void installCancellationHandlers();

/// Returns true once SIGINT or SIGTERM has arrived. Safe from any thread.
bool cancellationRequested();

/// Returns the number of the first signal received, or 0.
int cancellationSignal();

/// Returns "SIGINT", "SIGTERM" or "signal N".
const char* signalName(int signalNumber);

}  // namespace host

#endif
