// Host-side image preprocessing for device inputs: the hot 2:1 downscale of packed 3-byte pixels
// (a 1280x720 camera frame into a 640x640 letterbox), written so compilers vectorize it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hailort_node {

// Each output pixel is the rounded mean of the 2x2 source block at (2x, 2y), per channel:
// (a + b + c + d + 2) >> 2, bit-identical to the TypeScript letterbox. swap_rb exchanges the
// first and third byte of every output pixel (BGR source into an RGB model input).
void average_2x2_packed3(const uint8_t* src, size_t src_step, uint32_t out_width, uint32_t out_height, uint8_t* dst,
                         size_t dst_step, bool swap_rb);

// Odd integer ratio k: each output pixel is the source pixel at (k x + (k-1)/2, k y + (k-1)/2) (the
// half-pixel centre lands on it), as the TypeScript letterbox samples it. swap_rb as above.
void sample_odd_packed3(const uint8_t* src, size_t src_step, uint32_t k, uint32_t out_width, uint32_t out_height, uint8_t* dst,
                        size_t dst_step, bool swap_rb);

}  // namespace hailort_node
