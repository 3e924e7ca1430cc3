#include "FieldSelection.h"

#include "QueryError.h"

#include <Poco/String.h>

#include <cctype>
#include <map>
#include <string>

namespace Lucca {
namespace Simulator {

namespace {

/// One name of the `fields` tree, with the names nested under it.
struct FieldNode {
    std::map<std::string, FieldNode> children;
};

struct NamedField {
    const char* name;
    unsigned bit;
};

const NamedField entryFields[] = {
    {"id", 0},           {"name", 1},           {"url", 2},           {"ownerid", 3},
    {"owner", 4},        {"startsat", 5},       {"endsat", 6},        {"duration", 7},
    {"unit", 8},         {"layer", 9},          {"creationsource", 10}, {"authorid", 11},
    {"modifierid", 12},  {"createdat", 13},     {"modifiedat", 14},   {"archivedat", 15},
    {"axissections", 16}, {"comment", 17},      {"timetypeid", 18},   {"timesheetid", 19},
    {"externaldata", 20},
};
const NamedField ownerFields[] = {{"id", 0}, {"name", 1}, {"legalentityid", 2}, {"url", 3}};
const NamedField commentFields[] = {{"content", 0}, {"authorid", 1}, {"createdat", 2}};
const NamedField axisSectionFields[] = {{"id", 0}, {"name", 1}, {"code", 2}, {"axisid", 3}};
const NamedField externalDataFields[] = {{"origin", 0}, {"revision", 1}};

class FieldsParser {
public:
    explicit FieldsParser(std::string_view text) : _text(text) {}

    FieldNode parse() {
        FieldNode root;
        parseList(root, 0);
        if (_position != _text.size()) fail("unexpected '" + std::string(1, _text[_position]) + "'");
        return root;
    }

private:
    void parseList(FieldNode& parent, int depth) {
        if (depth > 8) fail("brackets nest too deeply");
        do {
            skipSpaces();
            parseItem(parent, depth);
            skipSpaces();
        } while (_position < _text.size() && _text[_position] == ',' && ++_position);
    }

    void parseItem(FieldNode& parent, int depth) {
        FieldNode* node = &parent.children[readName()];
        while (_position < _text.size() && _text[_position] == '.') {
            ++_position;
            node = &node->children[readName()];
        }
        skipSpaces();
        if (_position < _text.size() && _text[_position] == '[') {
            ++_position;
            parseList(*node, depth + 1);
            if (_position >= _text.size() || _text[_position] != ']') fail("missing ']'");
            ++_position;
        }
    }

    std::string readName() {
        skipSpaces();
        const std::size_t start = _position;
        while (_position < _text.size() && (std::isalnum(static_cast<unsigned char>(_text[_position])) ||
                                             _text[_position] == '_')) {
            ++_position;
        }
        if (start == _position) fail("a property name is missing at position " + std::to_string(start));
        return Poco::toLower(std::string(_text.substr(start, _position - start)));
    }

    void skipSpaces() {
        while (_position < _text.size() && _text[_position] == ' ') ++_position;
    }

    [[noreturn]] void fail(const std::string& reason) const {
        throw QueryError("Invalid fields parameter '" + std::string(_text) + "': " + reason + ".");
    }

    std::string_view _text;
    std::size_t _position = 0;
};

template <std::size_t N>
unsigned findBit(const NamedField (&table)[N], const std::string& name, const std::string& path) {
    for (const auto& field : table) {
        if (name == field.name) return field.bit;
    }
    throw QueryError("Unknown property '" + path + name + "' in fields.");
}

template <std::size_t N>
std::uint32_t compileObject(const NamedField (&table)[N], const FieldNode& node,
                            std::uint32_t defaults, const std::string& path) {
    if (node.children.empty()) return defaults;
    std::uint32_t mask = 0;
    for (const auto& child : node.children) {
        if (!child.second.children.empty()) {
            throw QueryError("Property '" + path + child.first + "' has no sub-properties.");
        }
        mask |= 1u << findBit(table, child.first, path);
    }
    return mask;
}

}  // namespace

FieldSelection FieldSelection::defaults() {
    FieldSelection selection;
    selection.entry = bit(EntryField::Id) | bit(EntryField::Name) | bit(EntryField::Url);
    return selection;
}

FieldSelection FieldSelection::all() {
    FieldSelection selection;
    selection.entry = (1u << (static_cast<unsigned>(EntryField::ExternalData) + 1)) - 1;
    selection.owner = 0xf;
    selection.comment = 0x7;
    selection.axisSection = 0xf;
    selection.externalData = 0x3;
    return selection;
}

FieldSelection FieldSelection::parse(std::string_view text) {
    const FieldNode root = FieldsParser(text).parse();
    const FieldSelection everything = all();
    FieldSelection selection;
    for (const auto& item : root.children) {
        const std::string& name = item.first;
        const FieldNode& node = item.second;
        if (name == "collection") {
            if (node.children.size() != 1 || node.children.begin()->first != "count" ||
                !node.children.begin()->second.children.empty()) {
                throw QueryError("Only 'collection.count' is supported under 'collection' in fields.");
            }
            selection.count = true;
            continue;
        }

        const unsigned entryBit = findBit(entryFields, name, "");
        selection.entry |= 1u << entryBit;
        const auto field = static_cast<EntryField>(entryBit);
        const std::string path = name + ".";
        if (field == EntryField::Owner) {
            const std::uint32_t usual =
                bit(OwnerField::Id) | bit(OwnerField::Name) | bit(OwnerField::Url);
            selection.owner |= compileObject(ownerFields, node, usual, path);
        } else if (field == EntryField::Comment) {
            selection.comment |= compileObject(commentFields, node, everything.comment, path);
        } else if (field == EntryField::AxisSections) {
            selection.axisSection |=
                compileObject(axisSectionFields, node, everything.axisSection, path);
        } else if (field == EntryField::ExternalData) {
            selection.externalData |=
                compileObject(externalDataFields, node, everything.externalData, path);
        } else if (!node.children.empty()) {
            throw QueryError("Property '" + name + "' has no sub-properties.");
        }
    }
    return selection;
}

}  // namespace Simulator
}  // namespace Lucca
