// One generation's completion, as both devices expose it, and the loop that drives it. The rules
// are HailoRT 5.1.1/5.2.0's LLMGeneratorCompletion:
//  - read() returns the next token and moves the state; the token read as the state leaves
//    GENERATING is not reply text: it is the end-of-turn token (logical end) or the generation
//    recovery sequence that HailoRT injects on max-tokens and abort.
//  - abort() (blocking) stops the generation on the device, but the state stays GENERATING until
//    read() returns the recovery sequence with the ABORTED state.
//  - Destroying a completion whose state is still GENERATING sends another abort to the device,
//    which aborts whatever generation runs there by then.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "status.hpp"

namespace hailort_node {

enum class CompletionState { Generating, LogicalEnd, MaxTokens, Aborted };

struct TokenRead {
  Status status;  // HAILO_TIMEOUT when no token arrived within the timeout (the state is unchanged)
  std::string text;
};

class Completion {
 public:
  virtual ~Completion() = default;  // may block (see above)
  virtual TokenRead read(std::chrono::milliseconds timeout) = 0;
  virtual Status abort() = 0;
  virtual CompletionState state() const = 0;
};

struct GenerationOutcome {
  Status error;                        // set when the generation failed
  const char* reason = "logical_end";  // "logical_end" | "max_tokens" | "aborted" when it did not
  bool abort_sent = false;             // an abort reached the device
  uint64_t abort_requests = 0;         // abort() calls made
};

// Runs a started completion on the generation thread until it ends, then destroys it, all before
// returning, so the caller can report the LLM idle and deliver the end with nothing left to block on.
//  - Emits (on_token) only tokens read while the state stays GENERATING.
//  - Checks `abort_requested` between reads (reads are cut into short slices for that); on a
//    request, or when no token arrives within `token_timeout`, it aborts on the device and reads
//    until the state leaves GENERATING, so the completion's destructor has no abort left to send.
GenerationOutcome drive_generation(std::unique_ptr<Completion> completion, const std::atomic<bool>& abort_requested,
                                   std::chrono::milliseconds token_timeout, const std::function<void(std::string)>& on_token,
                                   const std::string& context);

}  // namespace hailort_node
