#include "Dataset.h"

#include <algorithm>

namespace Lucca {
namespace Simulator {

const Owner* Dataset::findOwner(std::int32_t id) const {
    const auto found = _ownerIndex.find(id);
    return found == _ownerIndex.end() ? nullptr : &owners[found->second];
}

std::size_t Dataset::lowerBound(std::int64_t id) const {
    const auto found = std::lower_bound(
        entries.begin(), entries.end(), id,
        [](const TimeEntry& entry, std::int64_t value) { return entry.id < value; });
    return static_cast<std::size_t>(found - entries.begin());
}

TimeEntry* Dataset::findEntry(std::int64_t id) {
    const std::size_t index = lowerBound(id);
    return index < entries.size() && entries[index].id == id ? &entries[index] : nullptr;
}

const TimeEntry* Dataset::findEntry(std::int64_t id) const {
    const std::size_t index = lowerBound(id);
    return index < entries.size() && entries[index].id == id ? &entries[index] : nullptr;
}

std::int64_t Dataset::nextId() const { return entries.empty() ? 1 : entries.back().id + 1; }

namespace {

std::string axisSetKey(const std::vector<AxisSection>& sections) {
    std::string key;
    for (const auto& section : sections) {
        key += std::to_string(section.id) + '\x1f' + std::to_string(section.axisId) + '\x1f' +
               section.name + '\x1f' + section.code + '\x1e';
    }
    return key;
}

}  // namespace

std::int32_t Dataset::internAxisSet(const std::vector<AxisSection>& sections) {
    if (sections.empty()) return 0;
    const std::string key = axisSetKey(sections);
    const auto found = _axisSetIndex.find(key);
    if (found != _axisSetIndex.end()) return found->second;
    axisSets.push_back(sections);
    const auto index = static_cast<std::int32_t>(axisSets.size() - 1);
    _axisSetIndex.emplace(key, index);
    return index;
}

void Dataset::rebuildIndexes() {
    _ownerIndex.clear();
    for (std::size_t i = 0; i < owners.size(); ++i) _ownerIndex[owners[i].id] = i;
    _axisSetIndex.clear();
    for (std::size_t i = 1; i < axisSets.size(); ++i) {
        _axisSetIndex.emplace(axisSetKey(axisSets[i]), static_cast<std::int32_t>(i));
    }
}

}  // namespace Simulator
}  // namespace Lucca
