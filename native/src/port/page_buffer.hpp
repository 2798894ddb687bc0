// Page-aligned host memory the binding owns: HailoRT wants I/O buffers aligned to PAGE_SIZE and
// output allocations rounded up to whole pages (the DMA may write to the end of the last page).
#pragma once
#include <cstddef>
#include <cstdint>

namespace hailort_node {

class PageBuffer {
 public:
  PageBuffer() = default;
  explicit PageBuffer(size_t size);
  ~PageBuffer();
  PageBuffer(PageBuffer&& other) noexcept;
  PageBuffer& operator=(PageBuffer&& other) noexcept;
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;

  uint8_t* data() const { return data_; }
  // The size asked for (a frame); the mapping itself is rounded up to whole pages.
  size_t size() const { return size_; }
  bool valid() const { return data_ != nullptr; }

  static size_t page_size();

 private:
  void release();
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t mapped_ = 0;
};

}  // namespace hailort_node
