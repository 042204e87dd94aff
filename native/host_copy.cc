#include "host_copy.h"

#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

namespace {
constexpr size_t kChunkAlign = 1 << 16;  // pieces start on 64 KiB boundaries (whole pages)
}

void CopyHostMemory(void* dst, const void* src, size_t bytes, unsigned threads) {
  auto* d = static_cast<uint8_t*>(dst);
  const auto* s = static_cast<const uint8_t*>(src);
  size_t piece = threads > 1 ? (bytes / threads + kChunkAlign - 1) / kChunkAlign * kChunkAlign : bytes;
  if (piece == 0 || piece >= bytes) {
    if (bytes > 0) std::memcpy(d, s, bytes);
    return;
  }
  std::vector<std::thread> workers;
  size_t start = piece;  // the calling thread copies the first piece
  for (; start < bytes; start += piece) {
    size_t n = bytes - start < piece ? bytes - start : piece;
    try {
      workers.emplace_back([=] { std::memcpy(d + start, s + start, n); });
    } catch (...) {
      std::memcpy(d + start, s + start, n);  // no thread to be had: this one copies it
    }
  }
  std::memcpy(d, s, piece);
  for (auto& w : workers) w.join();
}
