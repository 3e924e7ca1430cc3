#ifndef HOST_LOGGER_H
#define HOST_LOGGER_H

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include "SecretRedactor.h"

namespace host {

/// Severity of a log line, in the order of connector_log_level.
enum class LogLevel { Trace = 0, Debug = 1, Info = 2, Warning = 3, Error = 4 };

/// Returns the level named `name` (trace, debug, info, warning, error), or
/// nothing for an unknown name.
std::optional<LogLevel> parseLogLevel(std::string_view name);

/// Writes one line per event to stderr:
/// `2026-12-04T17:20:00.123Z INFO  [pipeline/step] message`.
///
/// Each line goes out in a single write(2) call, so lines from several
/// threads or processes never interleave. Line breaks and other control
/// characters inside a message are escaped, and every known secret is
/// replaced by "***" before the line is written. Thread-safe.
class Logger {
public:
    explicit Logger(LogLevel threshold = LogLevel::Info) : _threshold(threshold) {}

    void setThreshold(LogLevel threshold) { _threshold = threshold; }

    /// Returns true when lines of `level` are written.
    bool enabled(LogLevel level) const { return level >= _threshold.load(); }

    /// Writes `message` under `scope`, such as "pipeline/step", when `level`
    /// is enabled. Never throws.
    void log(LogLevel level, const std::string& scope, std::string_view message) const noexcept;

    /// The secrets masked in every line; commands add each step's secrets
    /// before they log anything about that step.
    SecretRedactor& redactor() { return _redactor; }
    const SecretRedactor& redactor() const { return _redactor; }

private:
    std::atomic<LogLevel> _threshold;
    SecretRedactor _redactor;
};

}  // namespace host

#endif
