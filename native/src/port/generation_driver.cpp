#include "generation_driver.hpp"

#include <algorithm>

namespace hailort_node {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kSlice{50};
// The recovery sequence is a few tokens; a completion that keeps generating after abort() is
// given up on after this many reads (its destructor then aborts once more, before the LLM is idle).
constexpr int kMaxDrainReads = 256;

const char* reason_of(CompletionState s) {
  switch (s) {
    case CompletionState::MaxTokens:
      return "max_tokens";
    case CompletionState::Aborted:
      return "aborted";
    default:
      return "logical_end";
  }
}

}  // namespace

GenerationOutcome drive_generation(std::unique_ptr<Completion> completion, const std::atomic<bool>& abort_requested,
                                   std::chrono::milliseconds token_timeout, const std::function<void(std::string)>& on_token,
                                   const std::string& context) {
  GenerationOutcome out;
  // Aborts on the device and reads the recovery sequence (not emitted) until the state moves on.
  auto abort_and_drain = [&]() -> Status {
    out.abort_requests++;
    Status a = completion->abort();
    if (!a.ok()) return a;
    out.abort_sent = true;
    for (int i = 0; i < kMaxDrainReads && completion->state() == CompletionState::Generating; ++i) {
      if (!completion->read(std::max(token_timeout, kSlice)).status.ok()) break;
    }
    return Status::success();
  };

  auto last_token = Clock::now();
  while (completion->state() == CompletionState::Generating) {
    if (abort_requested.load()) {
      Status a = abort_and_drain();
      if (!a.ok()) out.error = a;
      break;
    }
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - last_token);
    if (waited >= token_timeout) {
      abort_and_drain();
      out.error = status_error("HAILO_TIMEOUT", context + ": no token within " + std::to_string(token_timeout.count()) + " ms; the generation was aborted");
      break;
    }
    TokenRead token = completion->read(std::min(kSlice, token_timeout - waited));
    if (token.status.code == "HAILO_TIMEOUT") continue;  // one slice without a token
    if (!token.status.ok()) {
      out.error = token.status;
      break;
    }
    last_token = Clock::now();
    // Text read after an abort request is dropped: the caller asked for no more.
    if (completion->state() == CompletionState::Generating && !abort_requested.load()) on_token(std::move(token.text));
  }
  if (out.error.ok()) out.reason = reason_of(completion->state());
  completion.reset();  // with the state past GENERATING this sends nothing to the device
  return out;
}

}  // namespace hailort_node
