// The documented rules the simulated device uses to turn an input frame into outputs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>

#include "sim_spec.hpp"

namespace hailort_node {

// Output frame size in bytes for the spec's rule.
size_t sim_output_frame_size(const SimModelSpec& spec);
// Frame size of a simulated byte-mask (segmentation) NMS output; its frames hold no detections.
size_t sim_byte_mask_frame_size(const SimModelSpec& spec);

// Runs a model's rule; built once per model (colour lookup tables, scratch buffers) and used by the
// device thread only.
class SimRuleRunner {
 public:
  explicit SimRuleRunner(const SimModelSpec& spec);
  ~SimRuleRunner();
  SimRuleRunner(const SimRuleRunner&) = delete;
  SimRuleRunner& operator=(const SimRuleRunner&) = delete;

  // Writes the rule's float32 output for one uint8 NHWC input frame. `score_threshold` drops NMS
  // boxes scoring below it (the chip's NMS does the same); `max_boxes` caps boxes per class.
  void run(const uint8_t* input, float* output, float score_threshold, uint32_t max_boxes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hailort_node
