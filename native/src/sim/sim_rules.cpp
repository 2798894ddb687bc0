#include "sim_rules.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace hailort_node {

namespace {

constexpr int kNoClass = -1;

// Colour lookup: pixels are bucketed by their top 5 bits per channel; each bucket lists the classes
// within the largest tolerance of it (per-channel cube, a superset of the L1 ball), so a pixel is
// compared with a handful of classes, not all, and still finds its nearest class exactly.
class ColorIndex {
 public:
  explicit ColorIndex(const std::vector<SimClassColor>& classes) : classes_(classes) {
    double widest = 0;
    for (const auto& k : classes) widest = std::max(widest, k.tolerance);
    const int reach = int(std::ceil(widest));
    buckets_.resize(32 * 32 * 32);
    for (size_t c = 0; c < classes.size(); ++c) {
      const auto& k = classes[c];
      auto lo = [&](uint8_t v) { return std::max(0, int(v) - reach) >> 3; };
      auto hi = [&](uint8_t v) { return std::min(255, int(v) + reach) >> 3; };
      for (int r = lo(k.r); r <= hi(k.r); ++r)
        for (int g = lo(k.g); g <= hi(k.g); ++g)
          for (int b = lo(k.b); b <= hi(k.b); ++b) buckets_[(r << 10) | (g << 5) | b].push_back(int(c));
    }
  }

  // The nearest class colour (sum of per-channel absolute differences, ties to the lower index), if
  // its distance is below that class's tolerance.
  int classify(uint8_t r, uint8_t g, uint8_t b) const {
    int best = kNoClass;
    int best_distance = INT32_MAX;
    for (int c : buckets_[((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)]) {
      const auto& k = classes_[size_t(c)];
      const int d = std::abs(int(r) - int(k.r)) + std::abs(int(g) - int(k.g)) + std::abs(int(b) - int(k.b));
      if (d < best_distance || (d == best_distance && c < best)) {
        best = c;
        best_distance = d;
      }
    }
    if (best == kNoClass || double(best_distance) >= classes_[size_t(best)].tolerance) return kNoClass;
    return best;
  }

 private:
  const std::vector<SimClassColor>& classes_;
  std::vector<std::vector<int>> buckets_;
};

struct Box {
  uint32_t x0, y0, x1, y1;  // inclusive pixel bounds
  uint32_t pixels;
};

// Connected components (4-neighbour) of same-class pixels: each becomes one box whose score is the
// fraction of its bounding box covered by the component (1.0 for a solid rectangle).
void color_rectangles(const SimModelSpec& spec, const ColorIndex& index, std::vector<int16_t>& label, std::vector<uint32_t>& stack,
                      const uint8_t* in, float* out, float score_threshold, uint32_t max_boxes) {
  const uint32_t h = spec.height, w = spec.width, ch = spec.channels;
  const size_t n = size_t(h) * w;
  label.resize(n);
  // Images are mostly runs of one colour: reuse the previous pixel's class when the colour repeats.
  int last_rgb = -1;
  int16_t last_label = kNoClass;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* p = in + i * ch;
    const uint8_t r = p[0], g = ch > 1 ? p[1] : p[0], b = ch > 2 ? p[2] : p[0];
    const int rgb = (r << 16) | (g << 8) | b;
    if (rgb != last_rgb) {
      last_rgb = rgb;
      last_label = int16_t(index.classify(r, g, b));
    }
    label[i] = last_label;
  }
  std::vector<std::vector<Box>> per_class(spec.classes.size());
  for (size_t start = 0; start < n; ++start) {
    const int cls = label[start];
    if (cls == kNoClass) continue;
    Box box{uint32_t(start % w), uint32_t(start / w), uint32_t(start % w), uint32_t(start / w), 0};
    label[start] = kNoClass;  // visited
    stack.assign(1, uint32_t(start));
    while (!stack.empty()) {
      const uint32_t i = stack.back();
      stack.pop_back();
      const uint32_t x = i % w, y = i / w;
      box.pixels++;
      box.x0 = std::min(box.x0, x);
      box.x1 = std::max(box.x1, x);
      box.y0 = std::min(box.y0, y);
      box.y1 = std::max(box.y1, y);
      auto visit = [&](uint32_t j) {
        if (label[j] == cls) {
          label[j] = kNoClass;
          stack.push_back(j);
        }
      };
      if (x > 0) visit(i - 1);
      if (x + 1 < w) visit(i + 1);
      if (y > 0) visit(i - w);
      if (y + 1 < h) visit(i + w);
    }
    if (box.pixels >= spec.min_pixels) per_class[size_t(cls)].push_back(box);
  }
  const uint32_t cap = std::min(max_boxes, spec.max_boxes_per_class);
  float* o = out;
  for (auto& boxes : per_class) {
    // Largest first, as an NMS keeps the strongest detections when it must drop some.
    std::stable_sort(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) { return a.pixels > b.pixels; });
    float* count = o++;
    uint32_t kept = 0;
    for (const auto& b : boxes) {
      if (kept >= cap) break;
      const float area = float(b.x1 - b.x0 + 1) * float(b.y1 - b.y0 + 1);
      const float score = float(b.pixels) / area;
      if (score < score_threshold) continue;
      *o++ = float(b.y0) / float(h);
      *o++ = float(b.x0) / float(w);
      *o++ = float(b.y1 + 1) / float(h);
      *o++ = float(b.x1 + 1) / float(w);
      *o++ = score;
      ++kept;
    }
    *count = float(kept);
  }
}

void depth_gradient(const SimModelSpec& spec, float* out) {
  const uint32_t h = spec.height, w = spec.width;
  for (uint32_t y = 0; y < h; ++y) {
    const double t = h > 1 ? double(y) / double(h - 1) : 1.0;  // 0 at the top row, 1 at the bottom
    const float d = float(spec.far_m + (spec.near_m - spec.far_m) * t);
    std::fill(out + size_t(y) * w, out + size_t(y + 1) * w, d);
  }
}

void identity(const SimModelSpec& spec, const uint8_t* in, float* out) {
  const size_t n = size_t(spec.height) * spec.width * spec.channels;
  const float s = float(spec.scale), off = float(spec.offset);
  for (size_t i = 0; i < n; ++i) out[i] = float(in[i]) * s + off;
}

}  // namespace

size_t sim_output_frame_size(const SimModelSpec& spec) {
  switch (spec.rule) {
    case SimModelSpec::Rule::ColorRectanglesNms:
      return spec.classes.size() * (1 + 5 * size_t(spec.max_boxes_per_class)) * sizeof(float);
    case SimModelSpec::Rule::DepthGradient:
      return size_t(spec.height) * spec.width * sizeof(float);
    case SimModelSpec::Rule::Identity:
      return size_t(spec.height) * spec.width * spec.channels * sizeof(float);
  }
  return 0;
}

size_t sim_byte_mask_frame_size(const SimModelSpec& spec) {
  // HailoRT's layout: a uint16 detection count, room for max_bboxes_total 46-byte
  // hailo_detection_with_byte_mask_t records (HailoRT 5.2.0), then max_accumulated_mask_size bytes
  // of masks (HailoRT's default: twice the input image size).
  const size_t boxes = spec.classes.size() * size_t(spec.max_boxes_per_class);
  return 2 + boxes * 46 + 2 * size_t(spec.height) * spec.width;
}

struct SimRuleRunner::Impl {
  const SimModelSpec& spec;
  std::unique_ptr<ColorIndex> index;
  std::vector<int16_t> label;
  std::vector<uint32_t> stack;
};

SimRuleRunner::SimRuleRunner(const SimModelSpec& spec) : impl_(new Impl{spec, nullptr, {}, {}}) {
  if (spec.rule == SimModelSpec::Rule::ColorRectanglesNms) impl_->index = std::make_unique<ColorIndex>(spec.classes);
}

SimRuleRunner::~SimRuleRunner() = default;

void SimRuleRunner::run(const uint8_t* input, float* output, float score_threshold, uint32_t max_boxes) {
  const SimModelSpec& spec = impl_->spec;
  switch (spec.rule) {
    case SimModelSpec::Rule::ColorRectanglesNms:
      std::memset(output, 0, sim_output_frame_size(spec));
      color_rectangles(spec, *impl_->index, impl_->label, impl_->stack, input, output, score_threshold, max_boxes);
      break;
    case SimModelSpec::Rule::DepthGradient:
      depth_gradient(spec, output);
      break;
    case SimModelSpec::Rule::Identity:
      identity(spec, input, output);
      break;
  }
}

}  // namespace hailort_node
