#include "downscale.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAILORT_NODE_SSSE3_DOWNSCALE 1
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#define HAILORT_NODE_NEON_DOWNSCALE 1
#endif

namespace hailort_node {

namespace {

#ifdef HAILORT_NODE_NEON_DOWNSCALE
// The arm64 kernel (the Pi 5's Cortex-A76; NEON is always there): ld3 splits 16 pixels into their
// channels, pairwise adds sum the horizontal pairs into 16 bits (the second row accumulated on top),
// and a rounding narrowing shift by 2 is exactly (a + b + c + d + 2) >> 2. Returns the pixels written
// (a multiple of 8); the caller finishes the row.
uint32_t average_row_neon(const uint8_t* r0, const uint8_t* r1, uint8_t* out, uint32_t out_width, bool swap_rb) {
  uint32_t i = 0;
  for (; i + 8 <= out_width; i += 8) {
    const uint8x16x3_t a = vld3q_u8(r0 + 6 * size_t(i));
    const uint8x16x3_t b = vld3q_u8(r1 + 6 * size_t(i));
    uint8x8x3_t o;
    for (int c = 0; c < 3; ++c) o.val[swap_rb ? 2 - c : c] = vrshrn_n_u16(vpadalq_u8(vpaddlq_u8(a.val[c]), b.val[c]), 2);
    vst3_u8(out + 3 * size_t(i), o);
  }
  return i;
}

// 3:1 (and any odd k) sampling is a strided gather; ld3 of the whole span costs more than it saves,
// so arm64 uses the plain loop for it.
const bool kHasNeon = std::getenv("HAILORT_NODE_NO_SIMD") == nullptr;
#endif

#ifdef HAILORT_NODE_SSSE3_DOWNSCALE

// The x86-64 kernel (SSSE3, chosen at run time): the two source bytes each output byte of one row
// needs (same channel, pixels 2p and 2p+1) are shuffled side by side, so one maddubs adds every pair
// into 16 bits; the two rows' sums then take the rounding and the shift. Only the outputs are
// computed, so it does half the work of the generic two-pass path below.
//
// An 8-pixel group is 24 output bytes from 48 source bytes; it is built as three vectors of 8
// outputs, vector g from two 16-byte loads at `offset[g]` (the first pixel pair it touches).
struct PairPlan {
  int offset[3];
  __m128i low[3];
  __m128i high[3];
};

PairPlan make_pair_plan(bool swap_rb) {
  PairPlan plan{};
  for (int g = 0; g < 3; ++g) {
    const int first = 8 * g;
    const int base = 6 * (first / 3);
    plan.offset[g] = base;
    alignas(16) int8_t low[16];
    alignas(16) int8_t high[16];
    for (int t = 0; t < 8; ++t) {
      const int m = first + t;
      const int channel = swap_rb ? 2 - m % 3 : m % 3;
      const int left = 6 * (m / 3) + channel - base;
      const int picks[2] = {left, left + 3};
      for (int q = 0; q < 2; ++q) {
        // -128: pshufb writes zero, so the two shuffles can be OR-ed.
        low[2 * t + q] = picks[q] < 16 ? int8_t(picks[q]) : int8_t(-128);
        high[2 * t + q] = picks[q] >= 16 ? int8_t(picks[q] - 16) : int8_t(-128);
      }
    }
    plan.low[g] = _mm_load_si128(reinterpret_cast<const __m128i*>(low));
    plan.high[g] = _mm_load_si128(reinterpret_cast<const __m128i*>(high));
  }
  return plan;
}

__attribute__((target("ssse3"))) inline __m128i pair_sums(const uint8_t* row, const PairPlan& plan, int g) {
  const __m128i first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + plan.offset[g]));
  const __m128i second = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + plan.offset[g] + 16));
  const __m128i pairs = _mm_or_si128(_mm_shuffle_epi8(first, plan.low[g]), _mm_shuffle_epi8(second, plan.high[g]));
  return _mm_maddubs_epi16(pairs, _mm_set1_epi8(1));
}

// Returns how many output pixels it wrote (a multiple of 8); the caller finishes the row.
__attribute__((target("ssse3"))) uint32_t average_row_ssse3(const uint8_t* r0, const uint8_t* r1, uint8_t* out, uint32_t out_width,
                                                            const PairPlan& plan) {
  const __m128i two = _mm_set1_epi16(2);
  uint32_t i = 0;
  // A group's loads reach 30 + 32 bytes past its start: stay inside the 6 * out_width source bytes.
  for (; 6 * size_t(i) + 62 <= 6 * size_t(out_width); i += 8) {
    const uint8_t* a = r0 + 6 * size_t(i);
    const uint8_t* b = r1 + 6 * size_t(i);
    __m128i sums[3];
    for (int g = 0; g < 3; ++g) {
      sums[g] = _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(pair_sums(a, plan, g), pair_sums(b, plan, g)), two), 2);
    }
    uint8_t* o = out + 3 * size_t(i);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm_packus_epi16(sums[0], sums[1]));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(o + 16), _mm_packus_epi16(sums[2], sums[2]));
  }
  return i;
}

// The same with AVX2: the two 128-bit lanes hold two 8-pixel groups (pixels i .. i+7 and i+8 .. i+15),
// so every instruction does twice the work. The masks are the SSSE3 plan's, in both lanes.
__attribute__((target("avx2"))) inline __m256i both_lanes(const uint8_t* low, const uint8_t* high) {
  return _mm256_inserti128_si256(_mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(low))),
                                 _mm_loadu_si128(reinterpret_cast<const __m128i*>(high)), 1);
}

__attribute__((target("avx2"))) uint32_t average_row_avx2(const uint8_t* r0, const uint8_t* r1, uint8_t* out, uint32_t out_width,
                                                          const PairPlan& plan) {
  __m256i low[3];
  __m256i high[3];
  for (int g = 0; g < 3; ++g) {
    low[g] = _mm256_broadcastsi128_si256(plan.low[g]);
    high[g] = _mm256_broadcastsi128_si256(plan.high[g]);
  }
  const __m256i ones = _mm256_set1_epi8(1);
  const __m256i two = _mm256_set1_epi16(2);
  auto sums_of = [&](const uint8_t* row, int g) __attribute__((target("avx2"))) {
    const uint8_t* at = row + plan.offset[g];
    const __m256i first = both_lanes(at, at + 48);
    const __m256i second = both_lanes(at + 16, at + 64);
    return _mm256_maddubs_epi16(_mm256_or_si256(_mm256_shuffle_epi8(first, low[g]), _mm256_shuffle_epi8(second, high[g])), ones);
  };
  uint32_t i = 0;
  // The second group's loads reach 48 + 62 bytes past the first's start.
  for (; 6 * size_t(i) + 110 <= 6 * size_t(out_width); i += 16) {
    const uint8_t* a = r0 + 6 * size_t(i);
    const uint8_t* b = r1 + 6 * size_t(i);
    __m256i sums[3];
    for (int g = 0; g < 3; ++g) sums[g] = _mm256_srli_epi16(_mm256_add_epi16(_mm256_add_epi16(sums_of(a, g), sums_of(b, g)), two), 2);
    const __m256i first16 = _mm256_packus_epi16(sums[0], sums[1]);
    const __m256i last8 = _mm256_packus_epi16(sums[2], sums[2]);
    uint8_t* o = out + 3 * size_t(i);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm256_castsi256_si128(first16));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(o + 16), _mm256_castsi256_si128(last8));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o + 24), _mm256_extracti128_si256(first16, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(o + 40), _mm256_extracti128_si256(last8, 1));
  }
  // At most one 8-pixel group is left for the SSSE3 loop.
  return i + average_row_ssse3(r0 + 6 * size_t(i), r1 + 6 * size_t(i), out + 3 * size_t(i), out_width - i, plan);
}

// 3:1 sampling (1920x1080 into a 640x640 letterbox): 16 output pixels are 48 bytes gathered from
// 144 source bytes; output vector v takes its 16 bytes from three 16-byte loads at `offset[v]`.
struct SamplePlan {
  int offset[3];
  __m128i pick[3][3];
};

SamplePlan make_sample_plan(bool swap_rb) {
  SamplePlan plan{};
  for (int v = 0; v < 3; ++v) {
    auto source_of = [swap_rb](int m) { return 9 * (m / 3) + 3 + (swap_rb ? 2 - m % 3 : m % 3); };
    int base = source_of(16 * v);
    for (int t = 1; t < 16; ++t) base = std::min(base, source_of(16 * v + t));
    plan.offset[v] = base;
    for (int j = 0; j < 3; ++j) {
      alignas(16) int8_t pick[16];
      for (int t = 0; t < 16; ++t) {
        const int at = source_of(16 * v + t) - base - 16 * j;
        pick[t] = at >= 0 && at < 16 ? int8_t(at) : int8_t(-128);
      }
      plan.pick[v][j] = _mm_load_si128(reinterpret_cast<const __m128i*>(pick));
    }
  }
  return plan;
}

// Returns how many output pixels it wrote (a multiple of 16).
__attribute__((target("ssse3"))) uint32_t sample_row_3_ssse3(const uint8_t* row, uint8_t* out, uint32_t out_width, const SamplePlan& plan) {
  uint32_t i = 0;
  // Loads reach offset + 48 bytes (at most 96 + 48) past a group's start; stay inside 9 * out_width.
  for (; 9 * size_t(i) + 144 <= 9 * size_t(out_width); i += 16) {
    const uint8_t* s = row + 9 * size_t(i);
    uint8_t* o = out + 3 * size_t(i);
    for (int v = 0; v < 3; ++v) {
      __m128i gathered = _mm_setzero_si128();
      for (int j = 0; j < 3; ++j) {
        const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + plan.offset[v] + 16 * j));
        gathered = _mm_or_si128(gathered, _mm_shuffle_epi8(chunk, plan.pick[v][j]));
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o + 16 * v), gathered);
    }
  }
  return i;
}

// HAILORT_NODE_NO_SIMD=1 forces the generic code (the tests compare both paths).
const bool kHasSsse3 = __builtin_cpu_supports("ssse3") && std::getenv("HAILORT_NODE_NO_SIMD") == nullptr;
const bool kHasAvx2 = kHasSsse3 && __builtin_cpu_supports("avx2");
#endif

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
#ifdef HAILORT_NODE_NEON_DOWNSCALE
  if (kHasNeon) {
    for (uint32_t y = 0; y < out_height; ++y) {
      const uint8_t* r0 = src + size_t(2 * y) * src_step;
      const uint8_t* r1 = r0 + src_step;
      uint8_t* out = dst + size_t(y) * dst_step;
      for (uint32_t i = average_row_neon(r0, r1, out, out_width, swap_rb); i < out_width; ++i) {
        for (int c = 0; c < 3; ++c) {
          const unsigned sum = unsigned(r0[6 * i + c]) + r1[6 * i + c] + r0[6 * i + 3 + c] + r1[6 * i + 3 + c] + 2u;
          out[3 * i + (swap_rb ? 2 - c : c)] = uint8_t(sum >> 2);
        }
      }
    }
    return;
  }
#endif
#ifdef HAILORT_NODE_SSSE3_DOWNSCALE
  if (kHasSsse3) {
    static const PairPlan plain = make_pair_plan(false);
    static const PairPlan swapped = make_pair_plan(true);
    const PairPlan& plan = swap_rb ? swapped : plain;
    for (uint32_t y = 0; y < out_height; ++y) {
      const uint8_t* r0 = src + size_t(2 * y) * src_step;
      const uint8_t* r1 = r0 + src_step;
      uint8_t* out = dst + size_t(y) * dst_step;
      const uint32_t done = kHasAvx2 ? average_row_avx2(r0, r1, out, out_width, plan) : average_row_ssse3(r0, r1, out, out_width, plan);
      for (uint32_t i = done; i < out_width; ++i) {
        for (int c = 0; c < 3; ++c) {
          const unsigned sum = unsigned(r0[6 * i + c]) + r1[6 * i + c] + r0[6 * i + 3 + c] + r1[6 * i + 3 + c] + 2u;
          out[3 * i + (swap_rb ? 2 - c : c)] = uint8_t(sum >> 2);
        }
      }
    }
    return;
  }
#endif
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

void sample_odd_packed3(const uint8_t* src, size_t src_step, uint32_t k, uint32_t out_width, uint32_t out_height, uint8_t* dst,
                        size_t dst_step, bool swap_rb) {
  if (out_width == 0 || out_height == 0 || k % 2 == 0) return;
  const size_t half = (k - 1) / 2;
  for (uint32_t y = 0; y < out_height; ++y) {
    const uint8_t* row = src + (size_t(k) * y + half) * src_step;
    uint8_t* out = dst + size_t(y) * dst_step;
    uint32_t i = 0;
#ifdef HAILORT_NODE_SSSE3_DOWNSCALE
    if (k == 3 && kHasSsse3) {
      static const SamplePlan plain = make_sample_plan(false);
      static const SamplePlan swapped = make_sample_plan(true);
      i = sample_row_3_ssse3(row, out, out_width, swap_rb ? swapped : plain);
    }
#endif
    for (; i < out_width; ++i) {
      const uint8_t* px = row + (size_t(k) * i + half) * 3;
      out[3 * i] = px[swap_rb ? 2 : 0];
      out[3 * i + 1] = px[1];
      out[3 * i + 2] = px[swap_rb ? 0 : 2];
    }
  }
}

}  // namespace hailort_node
