#include "Logger.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "UtcTime.h"

namespace host {

namespace {

const char* levelLabel(LogLevel level) {
    switch (level) {
        case LogLevel::Trace:
            return "TRACE";
        case LogLevel::Debug:
            return "DEBUG";
        case LogLevel::Info:
            return "INFO ";
        case LogLevel::Warning:
            return "WARN ";
        case LogLevel::Error:
            return "ERROR";
    }
    return "ERROR";
}

// Keeps one event on one line: control characters become visible escapes.
std::string escapeControlCharacters(std::string_view message) {
    std::string escaped;
    escaped.reserve(message.size());
    for (char c : message) {
        if (c == '\n') {
            escaped += "\\n";
        } else if (c == '\r') {
            escaped += "\\r";
        } else if (c == '\t') {
            escaped += ' ';
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            char code[8];
            std::snprintf(code, sizeof code, "\\x%02x", static_cast<unsigned char>(c));
            escaped += code;
        } else {
            escaped += c;
        }
    }
    return escaped;
}

void writeAll(int descriptor, const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
        ssize_t result = ::write(descriptor, text.data() + written, text.size() - written);
        if (result < 0 && errno == EINTR) continue;
        if (result <= 0) return;
        written += static_cast<std::size_t>(result);
    }
}

}  // namespace

std::optional<LogLevel> parseLogLevel(std::string_view name) {
    if (name == "trace") return LogLevel::Trace;
    if (name == "debug") return LogLevel::Debug;
    if (name == "info") return LogLevel::Info;
    if (name == "warning" || name == "warn") return LogLevel::Warning;
    if (name == "error") return LogLevel::Error;
    return std::nullopt;
}

void Logger::log(LogLevel level, const std::string& scope,
                 std::string_view message) const noexcept {
    if (!enabled(level)) return;
    try {
        std::string line = formatUtcTime(std::chrono::system_clock::now());
        line += ' ';
        line += levelLabel(level);
        line += " [";
        line += scope;
        line += "] ";
        line += escapeControlCharacters(_redactor.redact(std::string(message)));
        line += '\n';
        writeAll(STDERR_FILENO, line);
    } catch (...) {
        // Logging must not turn a reported failure into a crash.
    }
}

}  // namespace host
