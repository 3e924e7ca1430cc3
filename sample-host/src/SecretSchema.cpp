#include "SecretSchema.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <stdexcept>

namespace host {

namespace {

using Path = std::vector<std::string>;
using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxSchemaDepth = 32;

Var parseJson(const std::string& text, const char* subject) {
    try {
        Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
        return parser.parse(text);
    } catch (const Poco::Exception& error) {
        throw std::runtime_error(std::string(subject) +
                                 " is not valid JSON: " + error.displayText());
    }
}

bool isSecret(const Object::Ptr& schema) {
    if (!schema || !schema->has("secret")) return false;
    Var flag = schema->get("secret");
    return flag.type() == typeid(bool) && flag.extract<bool>();
}

void collectPaths(const Object::Ptr& schema, const Path& prefix, std::size_t depth,
                  std::vector<Path>& paths);

// Records `path` when the subschema `value` is secret, or walks into it.
void collectSubschema(const Var& value, const Path& path, std::size_t depth,
                      std::vector<Path>& paths) {
    if (value.type() != typeid(Object::Ptr)) return;
    Object::Ptr subschema = value.extract<Object::Ptr>();
    if (isSecret(subschema)) {
        paths.push_back(path);
    } else {
        collectPaths(subschema, path, depth + 1, paths);
    }
}

void collectPaths(const Object::Ptr& schema, const Path& prefix, std::size_t depth,
                  std::vector<Path>& paths) {
    if (!schema || depth > kMaxSchemaDepth) return;

    if (Object::Ptr properties = schema->getObject("properties")) {
        for (const auto& property : *properties) {
            Path path = prefix;
            path.push_back(property.first);
            collectSubschema(property.second, path, depth, paths);
        }
    }

    Path anyElement = prefix;
    anyElement.push_back("*");
    if (schema->has("items")) collectSubschema(schema->get("items"), anyElement, depth, paths);
    if (schema->has("additionalProperties")) {
        collectSubschema(schema->get("additionalProperties"), anyElement, depth, paths);
    }

    // A combinator's alternatives describe the same object, so they share the prefix.
    for (const char* combinator : {"allOf", "anyOf", "oneOf"}) {
        if (Array::Ptr alternatives = schema->getArray(combinator)) {
            for (const auto& alternative : *alternatives) {
                if (alternative.type() == typeid(Object::Ptr)) {
                    collectPaths(alternative.extract<Object::Ptr>(), prefix, depth + 1, paths);
                }
            }
        }
    }
}

/// Replaces each value that `path` matches, from `index` on, by
/// `visit(value)`. "*" matches every member of an object or element of an array.
template <class Visit>
void forEachMatch(const Var& node, const Path& path, std::size_t index, Visit&& visit) {
    const std::string& key = path[index];
    bool last = index + 1 == path.size();
    if (node.type() == typeid(Object::Ptr)) {
        Object::Ptr object = node.extract<Object::Ptr>();
        std::vector<std::string> names;
        if (key == "*") {
            object->getNames(names);
        } else if (object->has(key)) {
            names.push_back(key);
        }
        for (const auto& name : names) {
            if (last) {
                object->set(name, visit(object->get(name)));
            } else {
                forEachMatch(object->get(name), path, index + 1, visit);
            }
        }
    } else if (node.type() == typeid(Array::Ptr) && key == "*") {
        Array::Ptr array = node.extract<Array::Ptr>();
        for (unsigned i = 0; i < array->size(); ++i) {
            if (last) {
                array->set(i, visit(array->get(i)));
            } else {
                forEachMatch(array->get(i), path, index + 1, visit);
            }
        }
    }
}

void collectScalars(const Var& value, std::vector<std::string>& values) {
    if (value.isEmpty()) return;
    if (value.type() == typeid(Object::Ptr)) {
        Object::Ptr object = value.extract<Object::Ptr>();
        for (const auto& member : *object) collectScalars(member.second, values);
    } else if (value.type() == typeid(Array::Ptr)) {
        Array::Ptr array = value.extract<Array::Ptr>();
        for (const auto& element : *array) collectScalars(element, values);
    } else {
        std::string text = value.convert<std::string>();
        if (!text.empty()) values.push_back(text);
    }
}

}  // namespace

SecretSchema SecretSchema::parse(const std::string& schemaJson) {
    Var root = parseJson(schemaJson, "the connector's config_schema");
    if (root.type() != typeid(Object::Ptr)) {
        throw std::runtime_error("the connector's config_schema is not a JSON object");
    }
    SecretSchema schema;
    collectPaths(root.extract<Object::Ptr>(), {}, 0, schema._paths);
    return schema;
}

std::string SecretSchema::maskConfig(const std::string& configJson, bool pretty) const {
    Var root = parseJson(configJson, "the configuration");
    for (const Path& path : _paths) {
        forEachMatch(root, path, 0, [](const Var& value) {
            return value.isEmpty() ? value : Var(std::string(kMask));
        });
    }
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(root, out, pretty ? 2 : 0);
    return out.str();
}

std::vector<std::string> SecretSchema::secretValues(const std::string& configJson) const {
    Var root = parseJson(configJson, "the configuration");
    std::vector<std::string> values;
    for (const Path& path : _paths) {
        forEachMatch(root, path, 0, [&values](const Var& value) {
            collectScalars(value, values);
            return value;
        });
    }
    return values;
}

}  // namespace host
