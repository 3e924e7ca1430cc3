#include "SimulatorClock.h"

namespace Lucca {
namespace Simulator {

Ticks SimulatorClock::utcNow() const { return _manual ? _manualUtc : systemUtcNow(); }

Ticks SimulatorClock::parisNow() const { return parisWallTimeFromUtc(utcNow()); }

void SimulatorClock::setUtc(Ticks utc) {
    _manual = true;
    _manualUtc = utc;
}

void SimulatorClock::advance(Ticks ticks) { setUtc(utcNow() + ticks); }

void SimulatorClock::useRealTime() { _manual = false; }

}  // namespace Simulator
}  // namespace Lucca
