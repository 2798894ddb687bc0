// The image kernels against their definitions (plain loops), over widths that hit every vector
// width and tail, both byte orders and ratios 2, 3 and 5. Built and run by scripts/test-kernels.sh
// for this machine and, under qemu, for arm64 (the Pi 5); HAILORT_NODE_NO_SIMD=1 tests the generic code.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include "../src/preprocess/downscale.hpp"
// The definitions.
static void ref(const uint8_t* src, size_t ss, uint32_t w, uint32_t h, uint8_t* dst, size_t ds, bool swap) {
  for (uint32_t y=0;y<h;++y) for (uint32_t i=0;i<w;++i) for (int c=0;c<3;++c) {
    const uint8_t* r0 = src + 2*y*ss; const uint8_t* r1 = r0 + ss;
    unsigned s = r0[6*i+c]+r1[6*i+c]+r0[6*i+3+c]+r1[6*i+3+c]+2u; dst[y*ds+3*i+(swap?2-c:c)] = uint8_t(s>>2);
  }
}
static void refodd(const uint8_t* src, size_t ss, uint32_t k, uint32_t w, uint32_t h, uint8_t* dst, size_t ds, bool swap) {
  size_t half=(k-1)/2; for (uint32_t y=0;y<h;++y) for (uint32_t i=0;i<w;++i) for (int c=0;c<3;++c) dst[y*ds+3*i+(swap?2-c:c)] = src[(k*y+half)*ss + (k*i+half)*3 + c];
}
int main() {
  int bad=0, n=0; unsigned seed=1;
  for (uint32_t w : {1u,2u,7u,8u,9u,15u,16u,17u,31u,33u,64u,100u,640u}) for (uint32_t h : {1u,3u,8u}) for (int swap=0; swap<2; ++swap) for (uint32_t k : {2u,3u,5u}) {
    size_t ss = k*w*3 + w%4; std::vector<uint8_t> src(ss*k*h); for (auto& b: src) { seed = seed*1103515245u+12345u; b = seed>>24; }
    size_t ds = w*3+2; std::vector<uint8_t> a(ds*h, 9), b(ds*h, 9);
    if (k==2) { hailort_node::average_2x2_packed3(src.data(), ss, w, h, a.data(), ds, swap); ref(src.data(), ss, w, h, b.data(), ds, swap); }
    else { hailort_node::sample_odd_packed3(src.data(), ss, k, w, h, a.data(), ds, swap); refodd(src.data(), ss, k, w, h, b.data(), ds, swap); }
    ++n; if (a != b) { ++bad; printf("mismatch w=%u h=%u k=%u swap=%d\n", w, h, k, swap); }
  }
  printf("%d cases %d bad\n", n, bad);
  return bad != 0;
}
