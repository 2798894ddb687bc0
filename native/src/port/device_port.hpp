// The device port: what the Node-API layer needs from an accelerator. Two implementations:
// the real one over HailoRT's C++ API (src/hailort/) and a simulated one (src/sim/).
// Rules shared by both:
//  - Calls documented as "blocking" run on worker threads, never on the JS thread.
//  - Model::submit never blocks; each job is completed exactly once through InferJob::complete, from
//    any thread, and completion must not block (it only hands the job to the JS thread).
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "page_buffer.hpp"
#include "status.hpp"

namespace hailort_node {

struct QuantInfo {
  float zero_point = 0;
  float scale = 1;
  float limvals_min = 0;
  float limvals_max = 0;
};

struct StreamInfo {
  std::string name;
  uint32_t height = 0;
  uint32_t width = 0;
  uint32_t features = 0;
  std::string format_type;   // "uint8" | "uint16" | "float32"
  std::string format_order;  // "NHWC", "NMS_BY_CLASS", ...
  size_t frame_size = 0;     // bytes per frame
  std::vector<QuantInfo> quant_infos;
  bool is_nms = false;
  uint32_t nms_classes = 0;
  uint32_t nms_max_boxes_per_class = 0;
  // The NMS settings the binding passed to HailoRT ("scoreThreshold", "iouThreshold",
  // "maxProposalsPerClass"); every other setting keeps the HEF's own value.
  std::vector<std::pair<std::string, double>> nms_overrides;
};

struct ModelInfo {
  std::vector<StreamInfo> inputs;
  std::vector<StreamInfo> outputs;
  uint32_t batch_size = 0;
  uint32_t async_queue_size = 1;
};

// Only the keys given are set on the model; absent ones keep the HEF's thresholds.
struct NmsOptions {
  std::optional<float> score_threshold;
  std::optional<float> iou_threshold;
  std::optional<uint32_t> max_proposals_per_class;
};

// The NMS overrides as StreamInfo::nms_overrides reports them.
inline std::vector<std::pair<std::string, double>> nms_overrides_of(const std::optional<NmsOptions>& nms) {
  std::vector<std::pair<std::string, double>> out;
  if (!nms) return out;
  if (nms->score_threshold) out.emplace_back("scoreThreshold", *nms->score_threshold);
  if (nms->iou_threshold) out.emplace_back("iouThreshold", *nms->iou_threshold);
  if (nms->max_proposals_per_class) out.emplace_back("maxProposalsPerClass", *nms->max_proposals_per_class);
  return out;
}

// The host format the binding asks for on an output, from the order HailoRT reports for it before
// any change (unset fields keep HailoRT's default). NMS outputs come back per class as float32,
// except byte-mask (segmentation) NMS, whose post-process accepts only its own order,
// HAILO_NMS_WITH_BYTE_MASK with uint8: those are left as the HEF has them. Other outputs are
// de-quantized to float32 on the host.
struct HostFormat {
  std::optional<std::string> type;   // "float32"
  std::optional<std::string> order;  // "NMS_BY_CLASS"
};
inline HostFormat host_format_for_output(const std::string& default_order, bool is_nms) {
  if (default_order == "NMS_WITH_BYTE_MASK") return {};
  if (is_nms) return {std::string("float32"), std::string("NMS_BY_CLASS")};
  return {std::string("float32"), std::nullopt};
}

struct SchedulerOptions {
  std::optional<uint8_t> priority;      // 0..31
  std::optional<uint32_t> threshold;    // frames
  std::optional<uint32_t> timeout_ms;
};

struct ModelOptions {
  uint16_t batch_size = 0;  // 0 = HailoRT chooses
  std::optional<NmsOptions> nms;
  SchedulerOptions scheduler;
};

// One inference: inputs/outputs are addon-owned page-aligned buffers sized from ModelInfo.
struct InferJob {
  std::vector<PageBuffer> inputs;
  std::vector<PageBuffer> outputs;
  Status result;
  // Set by the caller before submit; called exactly once with the job's final status.
  std::function<void(InferJob*)> on_complete;
  // Any per-job state the implementation must keep alive until completion (e.g. HailoRT bindings).
  std::shared_ptr<void> device_state;

  void complete(Status status) {
    result = std::move(status);
    auto cb = std::move(on_complete);
    on_complete = nullptr;
    if (cb) cb(this);
  }
};

class Model {
 public:
  virtual ~Model() = default;
  virtual const ModelInfo& info() const = 0;
  virtual void submit(std::shared_ptr<InferJob> job) = 0;
  // Blocking: completes every job the device has not returned yet with HAILORT_NODE_CLOSED (queued
  // ones at once; frames on the device are aborted, as HailoRT's shutdown() does) and returns once
  // all are complete. Jobs the device returned before keep their result.
  virtual void close() = 0;
};

struct GenerationParams {
  std::optional<float> temperature;
  std::optional<float> top_p;
  std::optional<uint32_t> top_k;
  std::optional<float> frequency_penalty;
  std::optional<uint32_t> max_generated_tokens;
  std::optional<bool> do_sample;
  std::optional<uint32_t> seed;
};

struct GenerationEvent {
  enum class Kind { Token, End, Error };
  Kind kind = Kind::Token;
  std::string token;
  std::string end_reason;  // "logical_end" | "max_tokens" | "aborted"
  Status error;

  static GenerationEvent of_token(std::string text) {
    GenerationEvent e;
    e.token = std::move(text);
    return e;
  }
  static GenerationEvent of_end(const char* reason) {
    GenerationEvent e;
    e.kind = Kind::End;
    e.end_reason = reason;
    return e;
  }
  static GenerationEvent of_error(Status status) {
    GenerationEvent e;
    e.kind = Kind::Error;
    e.error = std::move(status);
    return e;
  }
};

using GenerationSink = std::function<void(GenerationEvent)>;

// A running generation. The sink receives tokens, then exactly one End or Error event, on the
// generation's own thread.
class Generation {
 public:
  virtual ~Generation() = default;  // joins the generation thread
  // Non-blocking request; the device-side abort happens on the generation thread.
  virtual void request_abort() = 0;
};

struct LlmStats {
  uint64_t generations = 0;
  uint64_t aborted = 0;         // generations that ended by an abort on the device
  uint64_t tokens = 0;          // reply tokens streamed (end-of-turn and recovery tokens excluded)
  uint64_t abort_requests = 0;  // abort requests the device received (see Llm::stats)
};

class Llm {
 public:
  virtual ~Llm() = default;
  // Non-blocking: starts the generation on its own thread. Fails at once if one is running.
  virtual Status start_generation(std::vector<std::string> messages_json, GenerationParams params,
                                  uint32_t token_timeout_ms, GenerationSink sink,
                                  std::unique_ptr<Generation>* out) = 0;
  // Blocking calls:
  virtual Status clear_context() = 0;
  virtual Status save_context(std::vector<uint8_t>* out) = 0;
  virtual Status load_context(const std::vector<uint8_t>& context) = 0;
  virtual Status context_usage(size_t* used, size_t* capacity) = 0;
  virtual Status tokenize(const std::string& text, std::vector<int>* out) = 0;
  // abort_requests: the real device counts the aborts the binding sends; the simulated device
  // counts every abort its simulated server receives, including those HailoRT sends itself when a
  // completion is destroyed while still generating.
  virtual LlmStats stats() const = 0;
  virtual void close() = 0;
};

struct DeviceIdentity {
  std::string kind;  // "hailort" | "sim"
  std::string group_id;
  std::string serial;
  std::string architecture;
  std::string firmware_version;
  std::string board_name;
  std::string product_name;
  std::string library_version;
};

// A reading that the device or board may not provide; `reason` says why when unavailable.
struct Reading {
  bool available = false;
  std::string reason;
  std::vector<std::pair<std::string, double>> values;
};

struct DeviceStats {
  Reading health;
  Reading performance;
  Reading power;
};

struct SimModelSpec;  // src/sim/sim_spec.hpp; only the simulated device reads it
struct SimLlmSpec;

struct ModelRequest {
  std::string path;
  ModelOptions options;
  std::shared_ptr<const SimModelSpec> sim;
};

struct LlmRequest {
  std::string path;
  std::string lora_name;
  bool optimize_memory_on_device = false;
  std::shared_ptr<const SimLlmSpec> sim;
};

class Device : public std::enable_shared_from_this<Device> {
 public:
  virtual ~Device() = default;
  // Blocking calls:
  virtual Status identity(DeviceIdentity* out) = 0;
  virtual Reading temperature() = 0;
  virtual DeviceStats stats() = 0;
  virtual Status load_model(const ModelRequest& request, std::shared_ptr<Model>* out) = 0;
  virtual Status load_llm(const LlmRequest& request, std::shared_ptr<Llm>* out) = 0;
  virtual void close() = 0;
};

// Factories. open_hailort_device exists only when built with HailoRT (HAILORT_NODE_WITH_HAILORT).
Status open_sim_device(const std::string& group_id, std::shared_ptr<Device>* out);
#ifdef HAILORT_NODE_WITH_HAILORT
Status open_hailort_device(const std::string& group_id, std::shared_ptr<Device>* out);
std::string hailort_library_version();
#endif

}  // namespace hailort_node
