#pragma once

#include "WallTime.h"

namespace Lucca {
namespace Simulator {

/// The simulated tenant's clock. It follows the system clock until a test
/// sets it; then it stays at the set instant until advanced or returned to
/// real time. It keeps a UTC instant, so every wall time it returns comes
/// from the tz database, including across daylight saving changes.
/// Not thread-safe: the Simulator's lock guards it.
class SimulatorClock {
public:
    /// Returns the current instant in UTC.
    Ticks utcNow() const;

    /// Returns the current Europe/Paris wall time, the value stamped into
    /// `modifiedAt` and `archivedAt`.
    Ticks parisNow() const;

    /// Stops the clock at a UTC instant.
    void setUtc(Ticks utc);

    /// Moves the clock forward (or back, if negative) by `ticks`. A clock
    /// that follows real time switches to manual mode at its current value.
    void advance(Ticks ticks);

    /// Makes the clock follow the system clock again.
    void useRealTime();

    /// True while the clock follows the system clock.
    bool isReal() const { return !_manual; }

private:
    bool _manual = false;
    Ticks _manualUtc = 0;
};

}  // namespace Simulator
}  // namespace Lucca
