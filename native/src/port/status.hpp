// Outcome of a device operation: success, or an error code (a HailoRT status name such as
// HAILO_DEVICE_IN_USE, or a HAILORT_NODE_* name for the binding's own checks) and a message that
// says what failed and what to check.
#pragma once
#include <string>
#include <utility>

namespace hailort_node {

struct Status {
  std::string code;     // empty on success
  std::string message;

  bool ok() const { return code.empty(); }
  static Status success() { return {}; }
  static Status error(std::string code, std::string message) { return {std::move(code), std::move(message)}; }
};

// What to check for a given status name; empty when there is no specific advice.
const char* hint_for(const std::string& code);

// "<context>: <code>. <hint>" — the standard shape of every error message the binding produces.
Status status_error(const std::string& code, const std::string& context);

// Error codes of the binding itself (not HailoRT statuses).
inline constexpr const char* kClosed = "HAILORT_NODE_CLOSED";
inline constexpr const char* kInvalidArgument = "HAILORT_NODE_INVALID_ARGUMENT";
inline constexpr const char* kGenerationInProgress = "HAILORT_NODE_GENERATION_IN_PROGRESS";
inline constexpr const char* kUnavailable = "HAILORT_NODE_UNAVAILABLE";
inline constexpr const char* kModelFailed = "HAILORT_NODE_MODEL_FAILED";

}  // namespace hailort_node
