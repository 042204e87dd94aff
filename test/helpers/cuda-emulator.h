// Host emulation of the CUDA features the scan kernels use (test/ops/scan-emulated.test.ts): each block a
// forked process of 256 std::threads (or launch's `threads`, up to 1024) (so __shared__ statics are per block), all blocks started at
// once, random pauses at __syncthreads so the look-back meets unpublished and aggregate-only tiles.
// launch2 runs a 2-D grid of 2-D blocks (the reduce kernels': threadIdx.x the fastest); warps are
// runs of 32 threads in that order, as on a GPU.
#include <atomic>
#include <barrier>
#include <cstring>
#include <cstdint>
#include <thread>
#include <vector>
#include <cstdio>
#include <functional>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <random>
struct Dim { unsigned x, y, z; };
thread_local Dim threadIdx, blockIdx;
thread_local unsigned g_tid; // the thread's index in its block, x fastest
static std::barrier<>* g_block;
static std::barrier<>* g_warp[32];
static uint64_t g_buf[32][32];
#define __global__
#define __launch_bounds__(...)
#define __shared__ static
#define __restrict__ __restrict
// The prelude's vector type (codegen/cuda-prelude.ts), which the emulated kernels use without the prelude.
template <typename T, int N> struct alignas(sizeof(T) * N) cp_vec { T v[N]; };
thread_local std::mt19937 g_rng;
inline void __syncthreads() { if (g_tid == 0 && (g_rng() % 3) == 0) usleep(g_rng() % 300); g_block->arrive_and_wait(); }
// A block barrier that returns whether `p` held for any thread (a block is one process: one flag per block).
static std::atomic<int> g_or_flag{0};
inline int __syncthreads_or(int p) {
  __syncthreads();
  if (p) g_or_flag.store(1);
  __syncthreads();
  const int any = g_or_flag.load();
  __syncthreads();
  if (g_tid == 0) g_or_flag.store(0); // before thread 0 reaches the next call's first barrier
  return any;
}
template <class T> T* shared_alloc(size_t n) { void* p = mmap(nullptr, n * sizeof(T) + 8, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0); std::memset(p, 0, n * sizeof(T) + 8); return (T*)p; }
inline void __threadfence() { std::atomic_thread_fence(std::memory_order_seq_cst); }
template <class T> T shfl_impl(T v, int srcFn(int, int, int), int d, int width) {
  int lane = g_tid & 31, w = g_tid >> 5;
  uint64_t bits = 0; std::memcpy(&bits, &v, sizeof(T));
  g_buf[w][lane] = bits;
  g_warp[w]->arrive_and_wait();
  int src = srcFn(lane, d, width);
  uint64_t b = g_buf[w][src];
  g_warp[w]->arrive_and_wait();
  T out; std::memcpy(&out, &b, sizeof(T)); return out;
}
inline int upSrc(int lane, int d, int width) { int sub = lane % width; return sub >= d ? lane - d : lane; }
inline int idxSrc(int lane, int s, int width) { return (lane / width) * width + (s % width); }
template <class T> T __shfl_up_sync(unsigned, T v, unsigned d, int width = 32) { return shfl_impl<T>(v, upSrc, (int)d, width); }
template <class T> T __shfl_sync(unsigned, T v, int s, int width = 32) { return shfl_impl<T>(v, idxSrc, s, width); }
inline int xorSrc(int lane, int d, int width) { return (lane / width) * width + ((lane % width) ^ d); }
template <class T> T __shfl_xor_sync(unsigned, T v, int d, int width = 32) { return shfl_impl<T>(v, xorSrc, d, width); }
inline unsigned __ballot_sync(unsigned, bool p) {
  int lane = g_tid & 31, w = g_tid >> 5;
  g_buf[w][lane] = p ? 1 : 0;
  g_warp[w]->arrive_and_wait();
  unsigned m = 0; for (int i = 0; i < 32; ++i) if (g_buf[w][i]) m |= 1u << i;
  g_warp[w]->arrive_and_wait();
  return m;
}
inline bool __any_sync(unsigned mask, bool p) { if ((g_rng() % 4) == 0) usleep(g_rng() % 50); return __ballot_sync(mask, p) != 0; }
inline void __syncwarp() { g_warp[g_tid >> 5]->arrive_and_wait(); }
inline int __ffs(unsigned x) { return __builtin_ffs((int)x); }
inline int __clz(unsigned x) { return x == 0u ? 32 : __builtin_clz(x); }
inline unsigned long long atomicAdd(unsigned long long* p, unsigned long long v) { return std::atomic_ref<unsigned long long>(*p).fetch_add(v); }
inline unsigned __float_as_uint(float f) { unsigned u; std::memcpy(&u, &f, 4); return u; }
inline float __uint_as_float(unsigned u) { float f; std::memcpy(&f, &u, 4); return f; }
// Blocks launch2 runs at once: 0, all of them (the look-back scans need that); kernels whose blocks
// never wait for one another (reductions) may set fewer, so that a large grid fits the host.
static unsigned g_max_blocks = 0;
template <class F> void launch2(unsigned gx, unsigned gy, unsigned bx, unsigned by, F kernel) {
  std::vector<pid_t> kids;
  volatile int* go = shared_alloc<int>(1);
  const unsigned threads = bx * by;
  if (g_max_blocks) *go = 1;
  for (unsigned b = 0; b < gx * gy; ++b) {
    if (g_max_blocks && kids.size() >= g_max_blocks) { waitpid(kids.front(), nullptr, 0); kids.erase(kids.begin()); }
    pid_t pid = fork();
    if (pid == 0) {
      while (!*go) usleep(100);
      std::barrier<> block(threads); g_block = &block;
      for (unsigned w = 0; w < threads / 32; ++w) g_warp[w] = new std::barrier<>(32);
      std::vector<std::thread> ts;
      for (unsigned t = 0; t < threads; ++t) ts.emplace_back([&, t, b] {
        g_tid = t; threadIdx = { t % bx, t / bx, 0 }; blockIdx = { b % gx, b / gx, 0 };
        g_rng.seed(b * 1000 + t + getpid()); kernel();
      });
      for (auto& t : ts) t.join();
      _exit(0);
    }
    kids.push_back(pid);
  }
  usleep(20000); *go = 1;
  for (pid_t k : kids) waitpid(k, nullptr, 0);
}
template <class F> void launch(int grid, F kernel, int threads = 256) { launch2(grid, 1, threads, 1, kernel); }
