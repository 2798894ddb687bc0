// Parsed contents of a simulated model file (format "hailort-node-sim-model") and a simulated LLM
// file (format "hailort-node-sim-llm"). index.js reads and validates the JSON; these structs carry
// the validated values into the simulated device. See native/README.md for the file formats.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hailort_node {

struct SimFaults {
  std::optional<uint64_t> fail_on_inference;  // 1-based index of the inference that fails
  std::string fail_status = "HAILO_INTERNAL_FAILURE";
  std::optional<uint64_t> hang_on_inference;  // this inference never completes until the model closes
  // The Nth submission to the device fails (as a failed run_async), and the model is shut down
  // for good, as HailoRT does after a failed run_async.
  std::optional<uint64_t> fail_submit_on_inference;
  std::string fail_submit_status = "HAILO_INTERNAL_FAILURE";
};

struct SimClassColor {
  uint8_t r = 0, g = 0, b = 0;
  // A pixel matches when this class is its nearest colour and the distance (sum of per-channel
  // absolute differences) is below this bound.
  double tolerance = 1;
};

struct SimModelSpec {
  uint32_t height = 0, width = 0, channels = 3;
  double latency_ms = 0;
  uint32_t queue_size = 2;
  std::string input_name = "sim/input";
  std::string output_name;
  enum class Rule { ColorRectanglesNms, DepthGradient, Identity } rule = Rule::Identity;
  // color-rectangles-nms-by-class
  std::vector<SimClassColor> classes;
  uint32_t max_boxes_per_class = 100;
  uint32_t min_pixels = 4;
  // The output order the simulated HEF reports before the binding changes it: "NMS_BY_CLASS", or
  // "NMS_WITH_BYTE_MASK" (a segmentation HEF: frames are simulated empty, see README.md).
  std::string hef_output_order = "NMS_BY_CLASS";
  // The simulated HEF's own NMS settings, used for every key the load options leave out.
  float nms_default_score_threshold = 0;
  float nms_default_iou_threshold = 0.45f;
  std::optional<uint32_t> nms_default_max_proposals_per_class;  // unset: max_boxes_per_class
  // depth-gradient: depth grows linearly from near_m at the bottom row to far_m at the top row
  double near_m = 0.5, far_m = 5.0;
  // identity: out = in * scale + offset, float32, same shape as the input
  double scale = 1.0, offset = 0.0;
  SimFaults faults;
};

struct SimLlmSpec {
  std::vector<std::string> tokens;  // the reply streamed for every generation
  // What HailoRT's read() returns as the state leaves GENERATING: the end-of-turn token at the
  // logical end, the generation recovery sequence on max-tokens and abort.
  std::string end_token = "<|im_end|>";
  std::string recovery_sequence = "<|im_end|>";
  double token_interval_ms = 0;
  double prefill_ms = 0;
  uint32_t context_capacity = 2048;
  std::optional<uint64_t> fail_after_tokens;
  std::string fail_status = "HAILO_INTERNAL_FAILURE";
  std::optional<uint64_t> hang_after_tokens;  // stops streaming (but stays abortable) after this many tokens
};

}  // namespace hailort_node
