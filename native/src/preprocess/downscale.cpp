#include "downscale.hpp"

#include <cstring>
#include <vector>

namespace hailort_node {

namespace {

// Pass 1, one output row: h[n] = mean of bytes n and n + 3 of both source rows. Contiguous,
// branch-free and independent per n, so it vectorizes (SSE2 on x86-64, NEON on arm64).
void blend_rows(const uint8_t* __restrict r0, const uint8_t* __restrict r1, uint8_t* __restrict h, size_t count) {
  for (size_t n = 0; n < count; ++n) {
    const unsigned sum = unsigned(r0[n]) + unsigned(r1[n]) + unsigned(r0[n + 3]) + unsigned(r1[n + 3]) + 2u;
    h[n] = uint8_t(sum >> 2);
  }
}

}  // namespace

void average_2x2_packed3(const uint8_t* src, size_t src_step, uint32_t out_width, uint32_t out_height, uint8_t* dst,
                         size_t dst_step, bool swap_rb) {
  if (out_width == 0 || out_height == 0) return;
  // Output pixel i takes bytes 6i .. 6i+2 of the blended row.
  const size_t blended = size_t(out_width) * 6 - 3;
  thread_local std::vector<uint8_t> row;
  if (row.size() < blended + 1) row.resize(blended + 1);
  uint8_t* h = row.data();
  for (uint32_t y = 0; y < out_height; ++y) {
    const uint8_t* r0 = src + size_t(2 * y) * src_step;
    blend_rows(r0, r0 + src_step, h, blended);
    uint8_t* out = dst + size_t(y) * dst_step;
    if (swap_rb) {
      for (uint32_t i = 0; i < out_width; ++i) {
        out[3 * i] = h[6 * i + 2];
        out[3 * i + 1] = h[6 * i + 1];
        out[3 * i + 2] = h[6 * i];
      }
    } else {
      // Four-byte moves; the fourth byte is overwritten by the next pixel, the last pixel copies three.
      uint32_t i = 0;
      for (; i + 1 < out_width; ++i) std::memcpy(out + 3 * i, h + 6 * i, 4);
      std::memcpy(out + 3 * i, h + 6 * i, 3);
    }
  }
}

}  // namespace hailort_node
