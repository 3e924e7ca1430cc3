#include "config/ConnectorConfig.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/URI.h>

#include <cctype>
#include <connector/connector.hpp>
#include <limits>
#include <set>

namespace lucca {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
    throw connector::PermanentError(path + ": " + problem);
}

std::string join(const std::string& parent, const std::string& key) {
    return parent.empty() ? key : parent + "." + key;
}

/// Typed, path-aware access to one JSON object of the configuration. Every
/// getter records the key, so rejectUnknownKeys() can name the extra ones.
class ObjectReader {
public:
    ObjectReader(Object::Ptr object, std::string path)
        : _object(std::move(object)), _path(std::move(path)) {}

    bool has(const std::string& key) {
        _known.insert(key);
        return _object->has(key) && !_object->isNull(key);
    }

    std::string string(const std::string& key, const std::string& fallback, bool required) {
        if (!has(key)) {
            if (required) fail(join(_path, key), "missing required value");
            return fallback;
        }
        Var value = _object->get(key);
        if (!value.isString()) fail(join(_path, key), "expected a string");
        return value.extract<std::string>();
    }

    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                         std::int64_t max) {
        if (!has(key)) return fallback;
        std::int64_t number = toInteger(_object->get(key), join(_path, key));
        if (number < min || number > max) {
            fail(join(_path, key), "must be between " + std::to_string(min) + " and " +
                                       std::to_string(max) + ", got " + std::to_string(number));
        }
        return number;
    }

    bool boolean(const std::string& key, bool fallback) {
        if (!has(key)) return fallback;
        Var value = _object->get(key);
        if (!value.isBoolean()) fail(join(_path, key), "expected true or false");
        return value.extract<bool>();
    }

    ObjectReader object(const std::string& key) {
        Var value = has(key) ? _object->get(key) : Var();
        if (value.isEmpty()) return ObjectReader(new Object, join(_path, key));
        if (value.type() != typeid(Object::Ptr)) fail(join(_path, key), "expected an object");
        return ObjectReader(value.extract<Object::Ptr>(), join(_path, key));
    }

    Array::Ptr array(const std::string& key) {
        if (!has(key)) return nullptr;
        Var value = _object->get(key);
        if (value.type() != typeid(Array::Ptr)) fail(join(_path, key), "expected an array");
        return value.extract<Array::Ptr>();
    }

    std::string path(const std::string& key) const { return join(_path, key); }

    bool contains(const std::string& key) const { return _object->has(key); }

    /// Throws for the first key that no getter asked for.
    void rejectUnknownKeys() const {
        for (const auto& entry : *_object) {
            if (_known.count(entry.first) == 0) fail(join(_path, entry.first), "unknown key");
        }
    }

    static std::int64_t toInteger(const Var& value, const std::string& path) {
        if (!value.isInteger() || value.isBoolean()) fail(path, "expected an integer");
        try {
            return value.convert<std::int64_t>();
        } catch (const Poco::Exception&) {
            fail(path, "integer out of range");
        }
    }

private:
    Object::Ptr _object;
    std::string _path;
    std::set<std::string> _known;
};

std::vector<std::int64_t> readIds(const Array::Ptr& array, const std::string& path) {
    std::vector<std::int64_t> ids;
    std::set<std::int64_t> seen;
    for (std::size_t i = 0; i < array->size(); ++i) {
        std::string itemPath = path + "[" + std::to_string(i) + "]";
        std::int64_t id = ObjectReader::toInteger(array->get(i), itemPath);
        if (id < 1) fail(itemPath, "ids are integers of at least 1");
        if (!seen.insert(id).second) fail(itemPath, "duplicate id " + std::to_string(id));
        ids.push_back(id);
    }
    if (ids.empty()) fail(path, "must list at least one id");
    return ids;
}

/// Validates the base URL and returns it without a trailing slash.
std::string readBaseUrl(ObjectReader& root, bool allowInsecureHttp) {
    std::string text = root.string("baseUrl", "", true);
    std::string path = root.path("baseUrl");
    Poco::URI uri;
    try {
        uri = Poco::URI(text);
    } catch (const Poco::Exception& error) {
        fail(path, "invalid URL: " + error.message());
    }
    if (uri.getScheme() != "http" && uri.getScheme() != "https") {
        fail(path, "expected an http:// or https:// URL, got '" + text + "'");
    }
    if (uri.getHost().empty()) fail(path, "the URL has no host name");
    if (!uri.getUserInfo().empty()) fail(path, "credentials in the URL are not allowed");
    if (!uri.getRawQuery().empty() || !uri.getFragment().empty()) {
        fail(path, "the URL must not have a query or a fragment");
    }
    // A decoded control character would end the request line early and let
    // the rest of the URL add headers.
    for (char c : uri.getPath()) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            fail(path, "the URL path contains an encoded control character");
        }
    }
    if (uri.getScheme() == "http" && !allowInsecureHttp && !isLoopbackHost(uri.getHost())) {
        fail(path,
             "plain http:// sends the API key unencrypted; use https:// or set "
             "allowInsecureHttp: true");
    }
    while (!text.empty() && text.back() == '/') text.pop_back();
    return text;
}

ScopeConfig readScope(ObjectReader& root) {
    ScopeConfig scope;
    if (!root.has("scope")) return scope;
    ObjectReader reader = root.object("scope");
    Array::Ptr legalEntities = reader.array("legalEntityIds");
    Array::Ptr owners = reader.array("ownerIds");
    reader.rejectUnknownKeys();
    if (legalEntities && owners) {
        fail(root.path("scope"), "set either legalEntityIds or ownerIds, not both");
    }
    if (legalEntities) {
        scope.kind = ScopeConfig::Kind::LegalEntities;
        scope.ids = readIds(legalEntities, reader.path("legalEntityIds"));
    } else if (owners) {
        scope.kind = ScopeConfig::Kind::Owners;
        scope.ids = readIds(owners, reader.path("ownerIds"));
    }
    return scope;
}

/// Rejects a password inside a conninfo ("password=...") or a URI
/// ("postgresql://user:secret@host"), because hosts print this key unmasked.
void rejectPasswordInConnection(const std::string& connection, const std::string& path) {
    std::string lower;
    for (char c : connection)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool isUri = lower.rfind("postgresql://", 0) == 0 || lower.rfind("postgres://", 0) == 0;
    bool hasPassword = false;
    if (isUri) {
        std::size_t authorityStart = lower.find("://") + 3;
        std::size_t at = lower.find('@', authorityStart);
        std::size_t slash = lower.find('/', authorityStart);
        if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
            hasPassword =
                lower.substr(authorityStart, at - authorityStart).find(':') != std::string::npos;
        }
        hasPassword = hasPassword || lower.find("password=") != std::string::npos;
    } else {
        std::size_t pos = lower.find("password");
        while (pos != std::string::npos && !hasPassword) {
            bool wordStart = pos == 0 || std::isspace(static_cast<unsigned char>(lower[pos - 1]));
            std::size_t next = lower.find_first_not_of(' ', pos + 8);
            hasPassword = wordStart && next != std::string::npos && lower[next] == '=';
            pos = lower.find("password", pos + 8);
        }
    }
    if (hasPassword) {
        fail(path, "contains a password; put it in destination.password, which hosts mask");
    }
}

DestinationConfig readDestination(ObjectReader& root) {
    if (!root.has("destination")) fail(root.path("destination"), "missing required value");
    ObjectReader reader = root.object("destination");
    DestinationConfig destination;

    std::string type = reader.string("type", "", true);
    if (type == "sqlite") {
        destination.kind = DestinationConfig::Kind::SQLite;
        destination.path = reader.string("path", "", true);
        if (destination.path.empty()) fail(reader.path("path"), "must not be empty");
        // SQLite opens this name as a database in memory, whose rows would be
        // lost at the end of the run while the watermark stays.
        if (destination.path == ":memory:") {
            fail(reader.path("path"),
                 "':memory:' is a database in memory, which loses every row when the run ends; "
                 "give a file path");
        }
        if (reader.contains("connection") || reader.contains("password")) {
            fail(reader.path(reader.contains("connection") ? "connection" : "password"),
                 "only a postgresql destination takes this key");
        }
    } else if (type == "postgresql") {
        destination.kind = DestinationConfig::Kind::PostgreSQL;
        destination.connection = reader.string("connection", "", true);
        destination.password = reader.string("password", "", false);
        rejectPasswordInConnection(destination.connection, reader.path("connection"));
        if (reader.contains("path"))
            fail(reader.path("path"), "only a sqlite destination takes this key");
    } else {
        fail(reader.path("type"), "expected \"sqlite\" or \"postgresql\", got \"" + type + "\"");
    }

    // The path and connection getters above may not have run for the other
    // type, so mark them known before the unknown-key check.
    reader.has("path");
    reader.has("connection");
    reader.has("password");

    destination.table = reader.string("table", destination.table, false);
    bool plainIdentifier = !destination.table.empty() && destination.table.size() <= 63 &&
                           !std::isdigit(static_cast<unsigned char>(destination.table[0]));
    for (char c : destination.table) {
        plainIdentifier =
            plainIdentifier && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    }
    if (!plainIdentifier) {
        fail(reader.path("table"),
             "expected a plain SQL identifier (letters, digits and '_', "
             "not starting with a digit, at most 63 characters)");
    }
    std::string lowerTable = destination.table;
    for (char& c : lowerTable) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (destination.kind == DestinationConfig::Kind::SQLite && lowerTable.rfind("sqlite_", 0) == 0) {
        fail(reader.path("table"),
             "names starting with sqlite_ are reserved for SQLite's own tables; choose another");
    }
    reader.rejectUnknownKeys();
    return destination;
}

std::vector<std::string> readExtraFields(ObjectReader& root) {
    std::vector<std::string> fields;
    Array::Ptr array = root.array("extraFields");
    if (!array) return fields;
    for (std::size_t i = 0; i < array->size(); ++i) {
        std::string itemPath = root.path("extraFields") + "[" + std::to_string(i) + "]";
        Var value = array->get(i);
        if (!value.isString()) fail(itemPath, "expected a string");
        std::string field = value.extract<std::string>();
        if (field.empty()) fail(itemPath, "must not be empty");
        for (char c : field) {
            bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                           c == '[' || c == ']' || c == ',';
            if (!allowed) fail(itemPath, "invalid character '" + std::string(1, c) + "'");
        }
        fields.push_back(field);
    }
    return fields;
}

}  // namespace

bool isLoopbackHost(const std::string& host) {
    if (host == "localhost") return true;
    Poco::Net::IPAddress address;
    return Poco::Net::IPAddress::tryParse(host, address) && address.isLoopback();
}

ConnectorConfig parseConnectorConfig(const std::string& json) {
    Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(json);
    } catch (const Poco::Exception& error) {
        throw connector::PermanentError("configuration: invalid JSON: " + error.message());
    }
    if (parsed.type() != typeid(Object::Ptr)) {
        throw connector::PermanentError("configuration: expected a JSON object");
    }
    ObjectReader root(parsed.extract<Object::Ptr>(), "");
    ConnectorConfig config;

    config.allowInsecureHttp = root.boolean("allowInsecureHttp", false);
    config.baseUrl = readBaseUrl(root, config.allowInsecureHttp);
    config.apiKey = root.string("apiKey", "", true);
    if (config.apiKey.empty()) fail("apiKey", "must not be empty");
    for (char c : config.apiKey) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
            fail("apiKey", "contains a control character");
        }
    }
    config.pageSize = static_cast<int>(root.integer("pageSize", config.pageSize, 1, 10000));
    config.requestTimeoutSeconds = static_cast<int>(
        root.integer("requestTimeoutSeconds", config.requestTimeoutSeconds, 1, 3600));
    config.rateLimitPerMinute =
        static_cast<int>(root.integer("rateLimitPerMinute", config.rateLimitPerMinute, 1, 1000000));
    config.partitionConcurrency =
        static_cast<int>(root.integer("partitionConcurrency", config.partitionConcurrency, 1, 16));
    config.overlapMinutes =
        static_cast<int>(root.integer("overlapMinutes", config.overlapMinutes, 0, 10080));
    config.clockOffsetSeconds = root.integer("clockOffsetSeconds", 0, -3153600000LL, 3153600000LL);

    ObjectReader retry = root.object("retry");
    RetryConfig& policy = config.retry;
    policy.maxAttempts = static_cast<int>(retry.integer("maxAttempts", policy.maxAttempts, 1, 100));
    policy.initialBackoffMs =
        static_cast<int>(retry.integer("initialBackoffMs", policy.initialBackoffMs, 0, 3600000));
    policy.maxBackoffMs =
        static_cast<int>(retry.integer("maxBackoffMs", policy.maxBackoffMs, 0, 3600000));
    policy.maxRetryAfterSeconds = static_cast<int>(
        retry.integer("maxRetryAfterSeconds", policy.maxRetryAfterSeconds, 0, 3600));
    retry.rejectUnknownKeys();
    if (policy.maxBackoffMs < policy.initialBackoffMs) {
        fail("retry.maxBackoffMs", "must not be below retry.initialBackoffMs");
    }

    ObjectReader tls = root.object("tls");
    config.tls.verify = tls.boolean("verify", true);
    config.tls.caFile = tls.string("caFile", "", false);
    tls.rejectUnknownKeys();

    config.scope = readScope(root);
    config.destination = readDestination(root);
    config.extraFields = readExtraFields(root);
    root.rejectUnknownKeys();
    return config;
}

}  // namespace lucca
