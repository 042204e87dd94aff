# Host check of variants.cu's MODE 9 and 10 (no GPU): builds a program that runs them under
# test/helpers/cuda-emulator.h (each block a process of 64 threads, random pauses), with cp.async
# emulated per thread (each copy lands at its issue or at the wait that covers it, at random, so a
# missing wait reads a stale stage), tiles of 64 x 8, groups of G tiles. Cases: integer inputs (the
# sums are exact: any wrong prefix shows), 1, 3 and 8 persistent blocks, a tail tile and n not a
# multiple of 4; then random floats, each variant bit for bit against MODE 7 (the generator's
# order). Usage, from the repository root: python3 bench/studies/scan-1d/emulate.py  (about a minute)
import os, re, subprocess, sys, tempfile
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, '..', '..', '..'))
src = open(os.path.join(here, 'variants.cu')).read()


def program(G):
  head = src[src.index('#define G 32'):src.index('#define SCAN(')].replace('#define G 32', f'#define G {G}')
  pipe = src[src.index('namespace overlap {'):src.index('}  // namespace overlap') + len('}  // namespace overlap')]
  a = pipe.index('__device__ __forceinline__ void cp_async16')
  b = pipe.index("// Tile `chunk`'s elements")
  pipe = pipe[:a] + 'SHIMS_HERE\n' + pipe[b:]
  pipe = pipe.replace('extern __shared__ float4 s_ring[];', 'static float4 s_ring[STAGES * CH];')
  assert 'static float4 s_ring' in pipe
  shims = r'''
struct Copy { float4* dst; const float* src; int bytes; };
thread_local std::vector<std::vector<Copy>> g_groups;
thread_local std::vector<Copy> g_open;
inline void do_copy(const Copy& c) { float t[4] = {0.f, 0.f, 0.f, 0.f}; std::memcpy(t, c.src, c.bytes); std::memcpy((void*)c.dst, t, 16); }
inline void cp_async16(float4* dst, const float* src, int bytes) {
  if (bytes < 0 || bytes > 16 || (bytes % 4) != 0) { std::fprintf(stderr, "bad cp.async size %d\n", bytes); std::abort(); }
  if (((uintptr_t)src & 15) != 0 || ((uintptr_t)dst & 15) != 0) { std::fprintf(stderr, "misaligned cp.async\n"); std::abort(); }
  Copy c{dst, src, bytes};
  if (g_rng() % 2) do_copy(c); else g_open.push_back(c);
}
inline void cp_commit() { g_groups.push_back(g_open); g_open.clear(); }
template <int N> inline void cp_wait() {
  if ((g_rng() % 8) == 0) usleep(g_rng() % 100);
  while (g_groups.size() > (size_t)N) { for (auto& c : g_groups.front()) do_copy(c); g_groups.erase(g_groups.begin()); }
}
inline unsigned long long evict_last() { return 1; }
inline unsigned long long evict_first() { return 2; }
inline float4 load4(const float4* p, unsigned long long, bool) { return *p; }
inline void store4(float4* p, float4 v, unsigned long long, bool) { *p = v; }
'''
  pipe = pipe.replace('SHIMS_HERE', shims)
  return r'''#include "''' + os.path.join(root, 'test/helpers/cuda-emulator.h') + r'''"
#include <cmath>
#include <cstdlib>
#define __device__
#define __forceinline__ inline
struct alignas(16) float4 { float x, y, z, w; };
inline float4 make_float4(float x, float y, float z, float w) { return float4{x, y, z, w}; }
inline float4 __ldg(const float4* p) { return *p; }
inline void __nanosleep(unsigned) {}
''' + head + pipe + r'''
// argv: variant (ring / reread / mode7), n, grid, integer inputs (1) or random floats (0), output file
int main(int argc, char** argv) {
  const std::string which = argv[1];
  const long long n = atoll(argv[2]);
  const int grid = atoi(argv[3]);
  const bool ints = atoi(argv[4]) == 1;
  float* in = shared_alloc<float>(n + 16);
  float* out = shared_alloc<float>(n + 16);
  std::mt19937 r(12345);
  for (long long i = 0; i < n; ++i) in[i] = ints ? (float)(r() % 4) : (float)(r() % 1000000) / 1e6f;
  for (long long i = 0; i < n; ++i) out[i] = NAN;
  constexpr int B = 64, I = 8;
  const long long tile = B * I, chunks = (n + tile - 1) / tile, groups = (chunks + G - 1) / G;
  unsigned long long* status = shared_alloc<unsigned long long>(1 + chunks + 2 * groups);
  if (which == "ring2") launch(grid, [&] { overlap::ring<B, I, 2, 0, 0>(in, out, n, status, chunks); }, B);
  else if (which == "ring3") launch(grid, [&] { overlap::ring<B, I, 3, 1, 0>(in, out, n, status, chunks); }, B);
  else if (which == "ring4") launch(grid, [&] { overlap::ring<B, I, 4, 1, 1>(in, out, n, status, chunks); }, B);
  else if (which == "reread1") launch(grid, [&] { overlap::reread<B, I, 1, 1>(in, out, n, status, chunks); }, B);
  else if (which == "reread2") launch(grid, [&] { overlap::reread<B, I, 2, 0>(in, out, n, status, chunks); }, B);
  else if (which == "mode7") launch((int)chunks, [&] { scan_tile<B, I, 7, 4, 0>(in, out, n, status, chunks); }, B);
  else { std::fprintf(stderr, "unknown variant\n"); return 2; }
  if (status[0] < (unsigned long long)chunks) { std::printf("FAIL: counter %llu < %lld tiles\n", status[0], chunks); return 1; }
  long long bad = 0; double run = 0, worst = 0;
  for (long long i = 0; i < n; ++i) {
    run += in[i];
    const double err = std::fabs(out[i] - run) / std::fmax(run, 1.0);
    if (ints ? out[i] != (float)run : !(err <= 1e-5)) { if (bad < 5) std::printf("  out[%lld] = %.9g, expected %.9g\n", i, out[i], run); ++bad; }
    if (err > worst) worst = err;
  }
  std::printf("%s n=%lld tiles=%lld grid=%d G=%d: %lld wrong, worst rel err %.3g\n", which.c_str(), n, chunks, grid, G, bad, worst);
  if (argc > 5) { FILE* f = std::fopen(argv[5], "wb"); std::fwrite(out, 4, n, f); std::fclose(f); }
  return bad ? 1 : 0;
}
'''


failed = 0
with tempfile.TemporaryDirectory() as tmp:
    def build(G):
        cpp, exe = os.path.join(tmp, f'emu{G}.cpp'), os.path.join(tmp, f'emu{G}')
        open(cpp, 'w').write(program(G))
        subprocess.run(['g++', '-std=c++20', '-O1', '-pthread', '-o', exe, cpp], check=True)
        return exe
    def case(exe, *args):
        global failed
        r = subprocess.run([exe, *map(str, args)], capture_output=True, text=True, timeout=900)
        print(r.stdout.strip() or r.stderr.strip(), flush=True)
        failed += r.returncode != 0
    variants_ = ['ring2', 'ring3', 'ring4', 'reread1', 'reread2']
    exe = build(4)
    for v in variants_:
        for grid in (1, 3, 8): case(exe, v, 100003, grid, 1)
    case(exe, 'mode7', 40001, 0, 0, os.path.join(tmp, 'mode7.bin'))
    for v in variants_:
        case(exe, v, 40001, 5, 0, os.path.join(tmp, v + '.bin'))
        same = open(os.path.join(tmp, v + '.bin'), 'rb').read() == open(os.path.join(tmp, 'mode7.bin'), 'rb').read()
        print(f'  {v}: {"the same bits as" if same else "DIFFERENT BITS FROM"} MODE 7')
        failed += not same
    exe = build(32)
    for v in ('ring2', 'ring3', 'reread1'): case(exe, v, 563203, 8, 1)
print('emulate: all passed' if not failed else f'emulate: {failed} failed')
sys.exit(1 if failed else 0)
