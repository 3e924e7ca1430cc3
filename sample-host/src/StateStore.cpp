#include "StateStore.h"

namespace host {

namespace {

std::string lockedMessage(const StepId& step, const std::optional<LockHolder>& holder) {
    std::string message = "step '" + step.label() + "' is already running";
    if (holder) {
        message += ": lock held by " + holder->describe();
    } else {
        message += " (the holder has not recorded itself yet)";
    }
    return message + "; wait for that run to finish, or stop it, then retry";
}

}  // namespace

std::string LockHolder::describe() const {
    return "pid " + std::to_string(pid) + " on host " + hostName + " since " + since;
}

StepLockedError::StepLockedError(const StepId& step, std::optional<LockHolder> holder)
    : HostError(ExitCode::RetryableFailure, lockedMessage(step, holder)),
      _holder(std::move(holder)) {}

}  // namespace host
