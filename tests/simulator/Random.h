#pragma once

#include <cstdint>

namespace Lucca {
namespace Simulator {

/// A small deterministic random generator (SplitMix64). Unlike the standard
/// distributions, its output is the same with every compiler and library, so
/// a seed names the same dataset everywhere.
class Random {
public:
    explicit Random(std::uint64_t seed) : _state(seed) {}

    /// Returns the next 64 random bits.
    std::uint64_t next() {
        std::uint64_t z = (_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    /// Returns an integer in [low, high], both included.
    std::int64_t between(std::int64_t low, std::int64_t high) {
        const auto span = static_cast<std::uint64_t>(high - low) + 1;
        return low + static_cast<std::int64_t>(next() % span);
    }

    /// Returns a number in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }

    /// Returns true with probability `share`.
    bool chance(double share) { return unit() < share; }

private:
    std::uint64_t _state;
};

}  // namespace Simulator
}  // namespace Lucca
