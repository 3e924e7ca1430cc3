#ifndef HOST_EXIT_CODE_H
#define HOST_EXIT_CODE_H

namespace host {

/// Process exit codes of connector-host. Scripts and schedulers rely on them,
/// so a value never changes meaning once released.
enum class ExitCode : int {
    Success = 0,
    /// A step failed with a transient error (network, rate limit, step already
    /// running). Running the pipeline again later may succeed.
    RetryableFailure = 1,
    /// A step failed with an error that repeats until a person acts.
    PermanentFailure = 2,
    /// The command line or the pipeline file is invalid, or a connector
    /// rejected its configuration.
    UsageError = 3,
    /// A connector library could not be found, loaded or accepted.
    PluginLoadError = 4,
    /// SIGINT or SIGTERM stopped the run after the connector returned.
    Cancelled = 5,
};

/// Exit code when a second signal ends the process at once: 128 plus the
/// signal number, as shells report it (130 for SIGINT, 143 for SIGTERM).
constexpr int immediateExitCode(int signalNumber) { return 128 + signalNumber; }

/// Returns the numeric value passed to exit().
constexpr int toInt(ExitCode code) { return static_cast<int>(code); }

/// Returns the code that signals the more severe outcome. Severity rises
/// from success through retryable, cancelled, permanent, plugin load and
/// usage errors.
inline ExitCode moreSevere(ExitCode left, ExitCode right) {
    auto rank = [](ExitCode code) {
        switch (code) {
            case ExitCode::Success:
                return 0;
            case ExitCode::RetryableFailure:
                return 1;
            case ExitCode::Cancelled:
                return 2;
            case ExitCode::PermanentFailure:
                return 3;
            case ExitCode::PluginLoadError:
                return 4;
            case ExitCode::UsageError:
                return 5;
        }
        return 5;
    };
    return rank(left) >= rank(right) ? left : right;
}

}  // namespace host

#endif
