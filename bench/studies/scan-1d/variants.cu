// Hand variants of cupyts's 1-D 'rows' scan (src/codegen/cuda-scan.ts) over float32, to find where a
// 2^28 cumsum's time goes. See run.sh. Every variant: a tile of BLOCK × ITEMS elements, ids from an
// atomic counter, striped loads into padded shared memory, each thread scans ITEMS consecutive
// elements, warp totals through shuffles, then (MODE 2) the two-level look-back of
// src/codegen/cuda-scan-lookback.ts with groups of 32 tiles, and striped stores.
//   MODE 0: load and store through shared memory, no scan (the tile machinery's copy speed)
//   MODE 1: the local scan, no look-back (wrong across tiles: an upper bound)
//   MODE 2: the whole scan (the generated kernel's algorithm)
//   MODE 3: the same values, one polling round: warp 0 reads its group's earlier tiles, the tiles of
//           the group before and the 32 group statuses before at once; where the group before has
//           not published its aggregate yet, its tiles' aggregates are folded in its stead (the
//           same left fold its last tile makes). Session 24: look for the round trips MODE 2 chains.
//   MODE 4: the same values, one waiter per group: only a group's first tile reads the group
//           statuses (E_g as in MODE 2) and publishes E_g in a word of its own; the group's other
//           tiles poll that one word with one lane. MODE 2 has every tile's warp poll 32 group
//           statuses, the same few lines of L2 for all of them (session 24: a hot spot?).
//   MODE 5: MODE 2 without the wait for the group prefix (E_g taken as 0: wrong, a bound)
//   MODE 6: MODE 2 without the wait for the group's earlier tiles (R_r taken as 0: wrong, a bound)
//   MODE 7: MODE 2 with the local scan in shared memory (each thread keeps only its total) and
//           __launch_bounds__(BLOCK, 2048 / BLOCK): fewer registers, so more tiles wait on chip
//           (session 26: is the look-back's cost residency the SM cannot cover?)
//   MODE 8: MODE 2 in persistent blocks (a grid of resident blocks, each looping over tile ids):
//           a block claims its next tile and issues that tile's float4 loads into registers before
//           its look-back, so the wait overlaps the next tile's loads (session 26). scan_persist.
//   MODE 9 and MODE 10 (PIPE(B, I, M, D, H), after the SCAN variants; protocol there): persistent
//           blocks that keep loads in flight while a tile waits, with no tile data in registers.
//           MODE 9: a ring of D tile stages in shared memory filled by cp.async, the next tile's
//           aggregate published before the current tile's look-back. MODE 10: each tile read twice
//           (its aggregate first, then, D steps later, again from L2 for the scan), so no block holds
//           a tile while it waits; H = 1: L2 eviction hints. Same bits as MODE 7 (session 47).
//   VEC 4:  float4 loads and stores (the tile is contiguous); VEC 1: scalar, as generated
//   SLEEP:  nanoseconds a spinning look-back warp sleeps between polls (0: none, as generated)
#define G 32
__device__ __forceinline__ unsigned long long pack(unsigned flag, float v) {
  return ((unsigned long long)flag << 32) | (unsigned long long)__float_as_uint(v);
}

template <int BLOCK, int ITEMS, int MODE, int VEC, int SLEEP>
__device__ __forceinline__ void scan_tile(const float* __restrict__ in, float* __restrict__ out, long long n,
                                          unsigned long long* status, long long n_chunks) {
  constexpr int TILE = BLOCK * ITEMS, WARPS = BLOCK / 32;
  __shared__ float s_data[TILE + TILE / 32];
  __shared__ float s_warp[WARPS], s_mates[32], s_groups[32], s_tiles[32];
  __shared__ float s_prefix, s_agg;
  __shared__ long long s_tile;
  const long long n_groups = (n_chunks + G - 1) / G;
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  if (tid == 0) s_tile = (long long)atomicAdd(status, 1ull);
  __syncthreads();
  long long chunk = s_tile;
  float4 nxt[MODE == 8 ? ITEMS / 4 : 1];
  // MODE 8: a full tile's float4 loads go into registers as soon as the tile is claimed.
  auto prefetch = [&](long long c) {
    if (MODE == 8 && c < n_chunks && (c + 1) * TILE <= n) {
      const float4* src = reinterpret_cast<const float4*>(in + c * TILE);
      #pragma unroll
      for (int r = 0; r < ITEMS / 4; ++r) nxt[MODE == 8 ? r : 0] = src[r * BLOCK + tid];
    }
  };
  prefetch(chunk);
  while (chunk < n_chunks) {
  const long long start = chunk * TILE;
  const bool full = start + TILE <= n;
  if (VEC == 4 && full) {
    const float4* src = reinterpret_cast<const float4*>(in + start);
    #pragma unroll
    for (int r = 0; r < ITEMS / 4; ++r) {
      const int q = r * BLOCK + tid;
      const float4 v = MODE == 8 ? nxt[MODE == 8 ? r : 0] : src[q];
      const int p = 4 * q;
      s_data[p + (p >> 5)] = v.x; s_data[p + 1 + (p >> 5)] = v.y;
      s_data[p + 2 + (p >> 5)] = v.z; s_data[p + 3 + (p >> 5)] = v.w;
    }
  } else {
    #pragma unroll
    for (int r = 0; r < ITEMS; ++r) {
      const int p = r * BLOCK + tid;
      s_data[p + (p >> 5)] = start + p < n ? in[start + p] : 0.f;
    }
  }
  __syncthreads();
  long long next = n_chunks;
  if (MODE > 0) {
    float x[MODE == 7 ? 1 : ITEMS];
    float w;
    if (MODE == 7) {
      float run = 0.f;
      #pragma unroll
      for (int r = 0; r < ITEMS; ++r) { const int p = tid * ITEMS + r; run = r == 0 ? s_data[p + (p >> 5)] : run + s_data[p + (p >> 5)]; s_data[p + (p >> 5)] = run; }
      w = run;
    } else {
      #pragma unroll
      for (int r = 0; r < ITEMS; ++r) { const int p = tid * ITEMS + r; x[r] = s_data[p + (p >> 5)]; }
      #pragma unroll
      for (int r = 1; r < ITEMS; ++r) x[r] = x[r - 1] + x[r];
      w = x[ITEMS - 1];
    }
    const float total = w;
    #pragma unroll
    for (int d = 1; d < 32; d <<= 1) { const float y = __shfl_up_sync(0xffffffffu, w, d); if (lane >= d) w = y + w; }
    const float before = __shfl_up_sync(0xffffffffu, w, 1);
    if (lane == 31) s_warp[warp] = w;
    __syncthreads();
    bool has = lane > 0;
    float pre = before;
    if (warp > 0) {
      float wp = s_warp[0];
      for (int k = 1; k < warp; ++k) wp = wp + s_warp[k];
      pre = has ? wp + before : wp;
      has = true;
    }
    if (MODE == 7) {
      if (tid == BLOCK - 1) s_agg = has ? pre + total : total;
    } else {
      #pragma unroll
      for (int r = 0; r < ITEMS; ++r) if (has) x[r] = pre + x[r];
      if (tid == BLOCK - 1) s_agg = x[ITEMS - 1];
    }
    if (MODE == 8 && tid == 0) s_tile = (long long)atomicAdd(status, 1ull);
    __syncthreads();
    next = MODE == 8 ? s_tile : n_chunks;
    prefetch(next);
    float e = 0.f;
    if (MODE >= 2 && n_chunks > 1) {
      const float agg = s_agg;
      if (warp == 0) {
        volatile unsigned long long* const st = status + 1;
        const long long grp = chunk / G;
        const int slot = (int)(chunk % G);
        if (lane == 0) st[chunk] = pack(1, agg);
        if (MODE == 3) {
          const int m = grp < 32 ? (int)grp : 32;
          unsigned fm = lane < slot ? 0u : 1u, fp = grp > 0 ? 0u : 1u;
          float vm = 0.f, vp = 0.f, eg = 0.f;
          bool have = grp == 0, mates = false;
          float run = 0.f, whole = 0.f;
          for (;;) {
            if (fm == 0u) { const unsigned long long w = st[grp * G + lane]; fm = (unsigned)(w >> 32); vm = __uint_as_float((unsigned)w); }
            if (!mates && !__any_sync(0xffffffffu, fm == 0u)) {
              // The group's earlier tiles are in: the last tile publishes the group's aggregate now.
              s_mates[lane] = vm;
              __syncwarp();
              if (lane == 0 && slot > 0) { run = s_mates[0]; for (int i = 1; i < slot; ++i) run = run + s_mates[i]; }
              if (lane == 0 && slot == G - 1) { whole = run + agg; st[n_chunks + grp] = pack(grp > 0 ? 1 : 2, whole); }
              mates = true;
            }
            if (!have) {
              if (fp == 0u) { const unsigned long long w = st[(grp - 1) * G + lane]; fp = (unsigned)(w >> 32); vp = __uint_as_float((unsigned)w); }
              unsigned f = 0u; float v = 0.f;
              if (lane < m) { const unsigned long long w = st[n_chunks + grp - 1 - lane]; f = (unsigned)(w >> 32); v = __uint_as_float((unsigned)w); }
              const unsigned prefixes = __ballot_sync(0xffffffffu, f == 2u);
              const unsigned missing = __ballot_sync(0xffffffffu, lane < m && f == 0u);
              const bool tiles = __ballot_sync(0xffffffffu, fp == 0u) == 0u;
              if (prefixes != 0u) {
                const int k = __ffs(prefixes) - 1;
                const unsigned before = missing & ((1u << k) - 1u);
                if (before == 0u || (before == 1u && tiles)) {
                  s_groups[lane] = v;
                  s_tiles[lane] = vp;
                  __syncwarp();
                  if (lane == 0) {
                    eg = s_groups[k];
                    for (int i = k - 1; i >= 1; --i) eg = eg + s_groups[i];
                    if (k > 0) {
                      if (before == 0u) eg = eg + s_groups[0];
                      else { float a = s_tiles[0]; for (int j = 1; j < G; ++j) a = a + s_tiles[j]; eg = eg + a; }
                    }
                  }
                  have = true;
                }
              }
            }
            if (have && mates) break;
          }
          if (lane == 0) {
            s_prefix = grp > 0 ? (slot > 0 ? eg + run : eg) : run;
            if (slot == G - 1 && grp > 0) st[n_chunks + grp] = pack(2, eg + whole);
          }
        } else {
          float a = 0.f;
          unsigned fa = lane < slot && MODE != 6 ? 0u : 1u;
          while (__any_sync(0xffffffffu, fa == 0u)) {
            if (fa == 0u) { const unsigned long long v = st[grp * G + lane]; fa = (unsigned)(v >> 32); a = __uint_as_float((unsigned)v); }
            if (SLEEP > 0 && __any_sync(0xffffffffu, fa == 0u)) __nanosleep(SLEEP);
          }
          s_mates[lane] = a;
          __syncwarp();
          float run = 0.f, whole = 0.f;
          if (lane == 0 && slot > 0) { run = s_mates[0]; for (int i = 1; i < slot; ++i) run = run + s_mates[i]; }
          if (lane == 0 && slot == G - 1) { whole = run + agg; st[n_chunks + grp] = pack(1, whole); }
          float eg = 0.f;
          volatile unsigned long long* const ex = status + 1 + n_chunks + n_groups; // MODE 4: E_g, a word per group
          if (grp > 0 && MODE != 5 && (MODE != 4 || slot == 0)) {
            const int m = grp < 32 ? (int)grp : 32;
            for (;;) {
              unsigned f = 0u; float v = 0.f;
              if (lane < m) { const unsigned long long wv = st[n_chunks + grp - 1 - lane]; f = (unsigned)(wv >> 32); v = __uint_as_float((unsigned)wv); }
              const unsigned prefixes = __ballot_sync(0xffffffffu, f == 2u);
              const unsigned missing = __ballot_sync(0xffffffffu, lane < m && f == 0u);
              if (prefixes != 0u) {
                const int k = __ffs(prefixes) - 1;
                if ((missing & ((1u << k) - 1u)) == 0u) {
                  s_groups[lane] = v;
                  __syncwarp();
                  if (lane == 0) { eg = s_groups[k]; for (int i = k - 1; i >= 0; --i) eg = eg + s_groups[i]; }
                  if (MODE == 4 && lane == 0) ex[grp] = pack(1, eg);
                  break;
                }
              }
              if (SLEEP > 0) __nanosleep(SLEEP);
            }
          } else if (MODE == 4 && grp > 0 && lane == 0) {
            for (;;) {
              const unsigned long long w = ex[grp];
              if ((unsigned)(w >> 32) != 0u) { eg = __uint_as_float((unsigned)w); break; }
              if (SLEEP > 0) __nanosleep(SLEEP);
            }
          }
          if (lane == 0) {
            s_prefix = grp > 0 ? (slot > 0 ? eg + run : eg) : run;
            if (slot == G - 1) st[n_chunks + grp] = pack(2, grp > 0 ? eg + whole : whole);
          }
        }
      }
      __syncthreads();
      e = s_prefix;
    }
    if (MODE == 7) {
      #pragma unroll
      for (int r = 0; r < ITEMS; ++r) {
        const int p = tid * ITEMS + r;
        const float v = has ? pre + s_data[p + (p >> 5)] : s_data[p + (p >> 5)];
        s_data[p + (p >> 5)] = chunk > 0 ? e + v : v;
      }
    } else {
      #pragma unroll
      for (int r = 0; r < ITEMS; ++r) { const int p = tid * ITEMS + r; s_data[p + (p >> 5)] = chunk > 0 ? e + x[r] : x[r]; }
    }
    __syncthreads();
  }
  if (VEC == 4 && full) {
    float4* dst = reinterpret_cast<float4*>(out + start);
    #pragma unroll
    for (int r = 0; r < ITEMS / 4; ++r) {
      const int q = r * BLOCK + tid;
      const int p = 4 * q;
      dst[q] = make_float4(s_data[p + (p >> 5)], s_data[p + 1 + (p >> 5)], s_data[p + 2 + (p >> 5)], s_data[p + 3 + (p >> 5)]);
    }
  } else {
    #pragma unroll
    for (int r = 0; r < ITEMS; ++r) {
      const int p = r * BLOCK + tid;
      if (start + p < n) out[start + p] = s_data[p + (p >> 5)];
    }
  }
  if (MODE != 8) break;
  __syncthreads();
  chunk = next;
  }
}

#define SCAN(B, I, M, V, S)                                                                              \
  extern "C" __global__ void __launch_bounds__(B, M == 7 ? 2048 / B : 1) scan_##B##_##I##_##M##_##V##_##S( \
      const float* __restrict__ in, float* __restrict__ out, long long n, unsigned long long* status,    \
      long long n_chunks) { scan_tile<B, I, M, V, S>(in, out, n, status, n_chunks); }
// MODE 0/1/2 at the generated geometry (256 × 16, scalar)
SCAN(256, 16, 0, 1, 0) SCAN(256, 16, 1, 1, 0) SCAN(256, 16, 2, 1, 0)
// float4 and backoff at 256 × 16
SCAN(256, 16, 0, 4, 0) SCAN(256, 16, 1, 4, 0) SCAN(256, 16, 2, 4, 0) SCAN(256, 16, 2, 1, 100) SCAN(256, 16, 2, 4, 100)
// other tiles: 128 × 16, 256 × 8, 256 × 32, 512 × 8, 512 × 16, 128 × 32
SCAN(128, 16, 2, 4, 0) SCAN(256, 8, 2, 4, 0) SCAN(256, 32, 2, 4, 0) SCAN(512, 8, 2, 4, 0) SCAN(512, 16, 2, 4, 0)
SCAN(128, 32, 2, 4, 0) SCAN(128, 16, 1, 4, 0) SCAN(256, 32, 1, 4, 0) SCAN(512, 16, 1, 4, 0)
// MODE 3 (one polling round) at the generated geometry and at the other tiles
SCAN(256, 16, 3, 4, 0) SCAN(128, 32, 3, 4, 0)
// MODE 4 (one waiter per group), and longer backoff for MODE 2
SCAN(256, 16, 4, 1, 0) SCAN(256, 16, 4, 4, 0) SCAN(128, 32, 4, 4, 0) SCAN(256, 32, 4, 4, 0) SCAN(512, 16, 4, 4, 0)
SCAN(256, 16, 4, 4, 200) SCAN(256, 16, 2, 4, 1000)
SCAN(256, 16, 5, 4, 0) SCAN(256, 16, 6, 4, 0)
// MODE 7 (local scan in shared memory, occupancy asked for) at four tiles
SCAN(256, 16, 7, 4, 0) SCAN(128, 32, 7, 4, 0) SCAN(128, 16, 7, 4, 0) SCAN(256, 8, 7, 4, 0)
// MODE 8 (persistent blocks, the next tile's loads in flight during the look-back); launched on resident blocks only
SCAN(256, 16, 8, 4, 0) SCAN(128, 32, 8, 4, 0) SCAN(256, 8, 8, 4, 0) SCAN(128, 16, 8, 4, 0)

// ---------------------------------------------------------------------------------------------------
// MODE 9 and MODE 10 (session 47): persistent blocks that keep the memory system busy while a tile
// waits for its look-back, without holding the waiting data in registers (MODE 8 held the next
// tile in registers: 87-161 registers, 2-3 blocks an SM, and lost). Instantiated by PIPE(B, I, M,
// D, H) below; the harness launches them on resident blocks (the driver's occupancy) and MODE 9
// with D stages of dynamic shared memory.
//
// The look-back is MODE 2's two-level protocol, the same words in `status` (see
// src/codegen/cuda-scan-lookback.ts): status[0] the tile counter; st = status + 1; st[c] tile c's
// aggregate (flag 1); st[n_chunks + g] group g's aggregate A_g (flag 1, from its last tile, slot
// 31, once it has its 31 mates' aggregates), then its inclusive prefix (flag 2, once the slot-31
// tile has E_g). Each word is one 64-bit volatile store of (flag << 32 | value bits), so a
// reader that sees a flag sees its value: no fence is needed. A tile's prefix is
// E_g + R_r, a fixed left fold of aggregates whatever the timing, so these variants give the
// same bits as MODE 2 and MODE 7 at the same B x I (bench.py checks this bit for bit). What
// changes is only when a tile publishes its aggregate (flag 1) and when it waits:
//   MODE 9 (ring): a block owns a ring of D tile stages in shared memory, filled with cp.async (16
//     bytes a copy, no registers held). Its tiles T_0 < T_1 < ... come from the atomic counter.
//     At step i it claims T_{i+D-1} and issues its copies into the stage T_{i-1} left, waits for
//     the copies of T_{i+L}, scans that tile in place and publishes its aggregate (thread B-1),
//     then warp 0 resolves T_i's look-back and the block stores T_i. So while T_i waits, D-1-L
//     tiles' loads are in flight; with L = 1 (the template's LAG; D >= 3) the block has also
//     published the next tile's aggregate before waiting, so a tile's aggregate never waits
//     behind its block's previous look-back. L is 0 for D = 2, 1 for D >= 3.
//   MODE 10 (read twice): the tile is not held while it waits. At step j a block claims t_j,
//     reads it (ld.global, with H = 1 an L2 evict_last policy), scans it in shared memory only
//     for its aggregate and publishes it; then (j >= D) resolves the look-back of t_{j-D}, whose
//     aggregate went out D steps ago, reads t_{j-D} again (from L2 if it is still there; with
//     H = 1 evict_first), scans it, adds the prefixes and stores it (H = 1: evict_first stores).
//     DRAM traffic stays 2N where L2 holds the window (resident blocks x D tiles: 1056 x 16 KiB =
//     17 MB at 256 x 16, D = 1; L2 is 50 MB on H100 and H200); L2 traffic is 3N. 8 blocks of 256
//     an SM, all streaming: no thread slot holds data while it waits.
// Deadlock freedom (both): a block takes tile ids in increasing order and finishes them in that
// order; every tile it waits on has a smaller id, so was claimed earlier by a block that is
// running (ids are claimed only by running blocks). A block publishes the aggregate of every tile
// it holds without waiting on any other tile (only on its own memory reads), and the slot-31 tile
// of a group publishes A_g and E_{g+1} during its own look-back. Take the smallest unfinished
// tile m: its block finished all its smaller tiles, so it is at m (or reading its next tile,
// which waits only on memory); every tile below m is finished, so m's mates' aggregates and the
// earlier groups' prefixes are all published, and m's look-back returns. So some tile always
// progresses, whatever the grid (persistent or not) and the scheduling.
// Shared memory layout: a stage is B*I/4 float4 chunks, chunk c at c ^ ((c >> 3) & 7) (an XOR
// swizzle): the striped walk (thread t: chunks r*B + t) and the per-thread walk (thread t: its
// I/4 consecutive chunks t*I/4 + j, read as float4) are both free of bank conflicts for
// I = 8, 16, 32 (a quarter warp's 8 float4 fall in 8 different 16-byte bank groups).
namespace overlap {
__device__ __forceinline__ int swz(int c) { return c ^ ((c >> 3) & 7); }
__device__ __forceinline__ void cp_async16(float4* dst, const float* src, int bytes) {
  // bytes < 16: the rest of the 16 is zero-filled (bytes = 0 reads nothing)
  const unsigned d = (unsigned)__cvta_generic_to_shared(dst);
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(d), "l"(src), "r"(bytes) : "memory");
}
__device__ __forceinline__ void cp_commit() { asm volatile("cp.async.commit_group;\n" ::: "memory"); }
template <int N> __device__ __forceinline__ void cp_wait() { asm volatile("cp.async.wait_group %0;\n" ::"n"(N) : "memory"); }
__device__ __forceinline__ unsigned long long evict_last() {
  unsigned long long p;
  asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;\n" : "=l"(p));
  return p;
}
__device__ __forceinline__ unsigned long long evict_first() {
  unsigned long long p;
  asm volatile("createpolicy.fractional.L2::evict_first.b64 %0, 1.0;\n" : "=l"(p));
  return p;
}
__device__ __forceinline__ float4 load4(const float4* p, unsigned long long policy, bool hint) {
  float4 v;
  if (hint) asm volatile("ld.global.nc.L2::cache_hint.v4.f32 {%0, %1, %2, %3}, [%4], %5;\n"
                         : "=f"(v.x), "=f"(v.y), "=f"(v.z), "=f"(v.w) : "l"(p), "l"(policy));
  else v = __ldg(p);
  return v;
}
__device__ __forceinline__ void store4(float4* p, float4 v, unsigned long long policy, bool hint) {
  if (hint) asm volatile("st.global.L2::cache_hint.v4.f32 [%0], {%1, %2, %3, %4}, %5;\n"
                         ::"l"(p), "f"(v.x), "f"(v.y), "f"(v.z), "f"(v.w), "l"(policy) : "memory");
  else *p = v;
}

// Tile `chunk`'s elements into a stage with cp.async (zero past n); the caller commits the group.
template <int BLOCK, int ITEMS>
__device__ __forceinline__ void load_async(float4* sd, const float* __restrict__ in, long long chunk, long long n) {
  const long long start = chunk * (BLOCK * ITEMS);
  #pragma unroll
  for (int r = 0; r < ITEMS / 4; ++r) {
    const int c = r * BLOCK + threadIdx.x;
    const long long e = start + 4 * c;
    const int bytes = e + 4 <= n ? 16 : e < n ? (int)(n - e) * 4 : 0;
    cp_async16(&sd[swz(c)], bytes > 0 ? in + e : in, bytes);
  }
}

// The same with loads through registers (MODE 10): all of a thread's loads issue before its stores.
template <int BLOCK, int ITEMS>
__device__ __forceinline__ void load_sync(float4* sd, const float* __restrict__ in, long long chunk, long long n,
                                          unsigned long long policy, bool hint) {
  const long long start = chunk * (BLOCK * ITEMS);
  float4 v[ITEMS / 4];
  if (start + BLOCK * ITEMS <= n) {
    const float4* src = reinterpret_cast<const float4*>(in + start);
    #pragma unroll
    for (int r = 0; r < ITEMS / 4; ++r) v[r] = load4(src + r * BLOCK + threadIdx.x, policy, hint);
  } else {
    #pragma unroll
    for (int r = 0; r < ITEMS / 4; ++r) {
      const long long e = start + 4 * (r * BLOCK + threadIdx.x);
      v[r] = make_float4(e < n ? in[e] : 0.f, e + 1 < n ? in[e + 1] : 0.f, e + 2 < n ? in[e + 2] : 0.f, e + 3 < n ? in[e + 3] : 0.f);
    }
  }
  #pragma unroll
  for (int r = 0; r < ITEMS / 4; ++r) sd[swz(r * BLOCK + threadIdx.x)] = v[r];
}

// MODE 7's local scan on a stage, in place: each thread's ITEMS consecutive elements left to right,
// warp totals through shuffles, warps folded left to right. Sets s_pre[t] (thread t's exclusive
// prefix in the tile, used where t > 0) and returns the tile's aggregate on thread BLOCK-1. The
// stage must be complete and visible (after a __syncthreads); s_pre is written after the
// function's own __syncthreads, so the caller syncs before reading it.
template <int BLOCK, int ITEMS>
__device__ __forceinline__ float scan_stage(float4* sd, float* s_warp, float* s_pre) {
  constexpr int Q = ITEMS / 4;
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  float run = 0.f;
  #pragma unroll
  for (int j = 0; j < Q; ++j) {
    float4 v = sd[swz(tid * Q + j)];
    run = j == 0 ? v.x : run + v.x; v.x = run;
    run = run + v.y; v.y = run;
    run = run + v.z; v.z = run;
    run = run + v.w; v.w = run;
    sd[swz(tid * Q + j)] = v;
  }
  const float total = run;
  float w = run;
  #pragma unroll
  for (int d = 1; d < 32; d <<= 1) { const float y = __shfl_up_sync(0xffffffffu, w, d); if (lane >= d) w = y + w; }
  const float before = __shfl_up_sync(0xffffffffu, w, 1);
  if (lane == 31) s_warp[warp] = w;
  __syncthreads();
  bool has = lane > 0;
  float pre = before;
  if (warp > 0) {
    float wp = s_warp[0];
    for (int k = 1; k < warp; ++k) wp = wp + s_warp[k];
    pre = has ? wp + before : wp;
    has = true;
  }
  s_pre[tid] = pre;
  return has ? pre + total : total;
}

// Adds the thread prefixes (s_pre) and, where `add`, the tile prefix e; stores the tile striped.
template <int BLOCK, int ITEMS>
__device__ __forceinline__ void store_stage(const float4* sd, const float* s_pre, float* __restrict__ out, long long chunk,
                                            long long n, bool add, float e, unsigned long long policy, bool hint) {
  constexpr int Q = ITEMS / 4;
  const long long start = chunk * (BLOCK * ITEMS);
  const bool full = start + BLOCK * ITEMS <= n;
  #pragma unroll
  for (int r = 0; r < Q; ++r) {
    const int c = r * BLOCK + threadIdx.x;
    float4 v = sd[swz(c)];
    const int owner = c / Q;
    if (owner > 0) { const float p = s_pre[owner]; v.x = p + v.x; v.y = p + v.y; v.z = p + v.z; v.w = p + v.w; }
    if (add) { v.x = e + v.x; v.y = e + v.y; v.z = e + v.z; v.w = e + v.w; }
    if (full) store4(reinterpret_cast<float4*>(out + start) + c, v, policy, hint);
    else {
      const long long p = start + 4 * c;
      if (p < n) out[p] = v.x;
      if (p + 1 < n) out[p + 1] = v.y;
      if (p + 2 < n) out[p + 2] = v.z;
      if (p + 3 < n) out[p + 3] = v.w;
    }
  }
}

// MODE 2's look-back after the tile's own aggregate is out, run by warp 0: waits for R_r (the
// group's earlier tiles) and E_g, publishes A_g and E_{g+1} from slot 31, and leaves the tile's
// exclusive prefix in *s_prefix (lane 0). `agg` is the aggregate the tile published.
__device__ __forceinline__ void look_back(unsigned long long* status, long long chunk, long long n_chunks, float agg,
                                          float* s_mates, float* s_groups, float* s_prefix) {
  const int lane = threadIdx.x & 31;
  volatile unsigned long long* const st = status + 1;
  const long long grp = chunk / G;
  const int slot = (int)(chunk % G);
  float a = 0.f;
  unsigned fa = lane < slot ? 0u : 1u;
  while (__any_sync(0xffffffffu, fa == 0u)) {
    if (fa == 0u) { const unsigned long long v = st[grp * G + lane]; fa = (unsigned)(v >> 32); a = __uint_as_float((unsigned)v); }
  }
  s_mates[lane] = a;
  __syncwarp();
  float run = 0.f, whole = 0.f;
  if (lane == 0 && slot > 0) { run = s_mates[0]; for (int i = 1; i < slot; ++i) run = run + s_mates[i]; }
  if (lane == 0 && slot == G - 1) { whole = run + agg; st[n_chunks + grp] = pack(1, whole); }
  float eg = 0.f;
  if (grp > 0) {
    const int m = grp < 32 ? (int)grp : 32;
    for (;;) {
      unsigned f = 0u; float v = 0.f;
      if (lane < m) { const unsigned long long wv = st[n_chunks + grp - 1 - lane]; f = (unsigned)(wv >> 32); v = __uint_as_float((unsigned)wv); }
      const unsigned prefixes = __ballot_sync(0xffffffffu, f == 2u);
      const unsigned missing = __ballot_sync(0xffffffffu, lane < m && f == 0u);
      if (prefixes != 0u) {
        const int k = __ffs(prefixes) - 1;
        if ((missing & ((1u << k) - 1u)) == 0u) {
          s_groups[lane] = v;
          __syncwarp();
          if (lane == 0) { eg = s_groups[k]; for (int i = k - 1; i >= 0; --i) eg = eg + s_groups[i]; }
          break;
        }
      }
    }
  }
  if (lane == 0) {
    *s_prefix = grp > 0 ? (slot > 0 ? eg + run : eg) : run;
    if (slot == G - 1) st[n_chunks + grp] = pack(2, grp > 0 ? eg + whole : whole);
  }
}

// MODE 9: a ring of STAGES stages (dynamic shared memory, STAGES * B * I * 4 bytes); LAG 0 or 1.
template <int BLOCK, int ITEMS, int STAGES, int LAG, int H>
__device__ __forceinline__ void ring(const float* __restrict__ in, float* __restrict__ out, long long n,
                                     unsigned long long* status, long long n_chunks) {
  static_assert(STAGES - 1 - LAG >= 1, "a tile's loads must be in flight during each look-back");
  constexpr int CH = BLOCK * ITEMS / 4;
  extern __shared__ float4 s_ring[];
  __shared__ float s_warp[BLOCK / 32], s_pre[LAG + 1][BLOCK], s_mates[32], s_groups[32], s_agg[LAG + 1];
  __shared__ float s_prefix;
  __shared__ long long s_ids[STAGES];
  const int tid = threadIdx.x;
  const unsigned long long policy = H ? evict_first() : 0ull;
  volatile unsigned long long* const st = status + 1;
  // Scans the tile in stage s (its copies done) and publishes its aggregate; q = its slot in s_pre.
  auto scan_publish = [&](int s, int q) {
    const long long id = s_ids[s];
    if (id < n_chunks) {
      const float agg = scan_stage<BLOCK, ITEMS>(s_ring + s * CH, s_warp, s_pre[q]);
      if (tid == BLOCK - 1) { st[id] = pack(1, agg); s_agg[q] = agg; }
    }
  };
  if (tid == 0) for (int s = 0; s < STAGES - 1; ++s) s_ids[s] = (long long)atomicAdd(status, 1ull);
  __syncthreads();
  for (int s = 0; s < STAGES - 1; ++s) {
    if (s_ids[s] < n_chunks) load_async<BLOCK, ITEMS>(s_ring + s * CH, in, s_ids[s], n);
    cp_commit();
  }
  if (LAG == 1) { cp_wait<STAGES - 2>(); __syncthreads(); scan_publish(0, 0); }
  for (int i = 0, cur = 0;; ++i, cur = cur + 1 == STAGES ? 0 : cur + 1) {
    const long long id = s_ids[cur];
    if (id >= n_chunks) break;
    // T_{i+STAGES-1} into the stage T_{i-1} left (stored, and a __syncthreads since).
    const int fresh = cur == 0 ? STAGES - 1 : cur - 1;
    if (tid == 0) s_ids[fresh] = (long long)atomicAdd(status, 1ull);
    __syncthreads();
    if (s_ids[fresh] < n_chunks) load_async<BLOCK, ITEMS>(s_ring + fresh * CH, in, s_ids[fresh], n);
    cp_commit();
    const int q = LAG == 1 ? (i & 1) : 0;
    if (LAG == 1) {
      cp_wait<STAGES - 2>();
      __syncthreads();
      scan_publish(cur + 1 == STAGES ? 0 : cur + 1, q ^ 1);
    } else {
      cp_wait<STAGES - 1>();
      __syncthreads();
      scan_publish(cur, 0);
    }
    __syncthreads();
    if (n_chunks > 1 && threadIdx.x < 32) look_back(status, id, n_chunks, s_agg[q], s_mates, s_groups, &s_prefix);
    __syncthreads();
    store_stage<BLOCK, ITEMS>(s_ring + cur * CH, s_pre[q], out, id, n, id > 0, s_prefix, policy, H != 0);
    __syncthreads();
  }
  cp_wait<0>();
}

// MODE 10: each tile read twice, its look-back resolved LAG (= D) steps after its first read.
template <int BLOCK, int ITEMS, int LAG, int H>
__device__ __forceinline__ void reread(const float* __restrict__ in, float* __restrict__ out, long long n,
                                       unsigned long long* status, long long n_chunks) {
  __shared__ float4 s_tile[BLOCK * ITEMS / 4];
  __shared__ float s_warp[BLOCK / 32], s_pre[BLOCK], s_mates[32], s_groups[32], s_agg[LAG + 1];
  __shared__ float s_prefix;
  __shared__ long long s_ids[LAG + 1];
  const int tid = threadIdx.x;
  const unsigned long long keep = H ? evict_last() : 0ull, drop = H ? evict_first() : 0ull;
  volatile unsigned long long* const st = status + 1;
  for (int j = 0, slot = 0;; ++j, slot = slot == LAG ? 0 : slot + 1) {
    // Claim t_j (claims go on past the end: ids only grow, so the first id past the end ends the block).
    if (tid == 0) s_ids[slot] = (long long)atomicAdd(status, 1ull);
    __syncthreads();
    const long long id = s_ids[slot];
    if (id < n_chunks) {
      load_sync<BLOCK, ITEMS>(s_tile, in, id, n, keep, H != 0);
      __syncthreads();
      const float agg = scan_stage<BLOCK, ITEMS>(s_tile, s_warp, s_pre);
      if (tid == BLOCK - 1) { st[id] = pack(1, agg); s_agg[slot] = agg; }
      __syncthreads();
    }
    if (j < LAG) continue;
    const int old_slot = slot == LAG ? 0 : slot + 1;  // (j - LAG) mod (LAG + 1)
    const long long old = s_ids[old_slot];
    if (old >= n_chunks) break;
    if (n_chunks > 1 && tid < 32) look_back(status, old, n_chunks, s_agg[old_slot], s_mates, s_groups, &s_prefix);
    load_sync<BLOCK, ITEMS>(s_tile, in, old, n, drop, H != 0);
    __syncthreads();
    scan_stage<BLOCK, ITEMS>(s_tile, s_warp, s_pre);
    __syncthreads();
    store_stage<BLOCK, ITEMS>(s_tile, s_pre, out, old, n, old > 0, s_prefix, drop, H != 0);
    __syncthreads();
  }
}
}  // namespace overlap

// PIPE(B, I, M, D, H): M 9, a ring of D stages (lag 0 where D = 2, else 1); M 10, lag D. H 1: L2
// eviction hints (MODE 9: evict_first stores; MODE 10: evict_last first reads, evict_first second
// reads and stores). Kernel pipe_B_I_M_D_H; same parameters as the SCAN kernels.
// Blocks an SM the registers are bounded for: as many as the tile stages fit in 228 KiB of shared
// memory (MODE 9: D stages; MODE 10: one; about 3 KiB more each for the static arrays and the
// driver's reserve), at most 2048 threads.
#define PIPE_SMEM_BLOCKS(B, I, S) ((228 * 1024) / ((S) * (B) * (I) * 4 + 3 * 1024))
#define PIPE_MIN(a, b) ((a) < (b) ? (a) : (b))
#define PIPE_BLOCKS_PER_SM(B, I, M, D) PIPE_MIN(PIPE_SMEM_BLOCKS(B, I, (M) == 9 ? (D) : 1), 2048 / (B))
#define PIPE(B, I, M, D, H)                                                                                        \
  extern "C" __global__ void __launch_bounds__(B, PIPE_BLOCKS_PER_SM(B, I, M, D)) pipe_##B##_##I##_##M##_##D##_##H( \
      const float* __restrict__ in, float* __restrict__ out, long long n, unsigned long long* status,                 \
      long long n_chunks) {                                                                                          \
    if (M == 9) overlap::ring<B, I, (M == 9 ? D : 2), (D >= 3 ? 1 : 0), H>(in, out, n, status, n_chunks);                \
    else overlap::reread<B, I, (M == 10 ? D : 1), H>(in, out, n, status, n_chunks);                                     \
  }
// MODE 9: 256 x 16 with 2, 3 and 4 stages (6, 4 and 3 blocks an SM by shared memory), smaller tiles
// with 3 and 4 stages, 128 x 32 with 2 stages; evict_first stores once
PIPE(256, 16, 9, 2, 0) PIPE(256, 16, 9, 3, 0) PIPE(256, 16, 9, 4, 0) PIPE(256, 8, 9, 3, 0) PIPE(256, 8, 9, 4, 0)
PIPE(128, 16, 9, 3, 0) PIPE(128, 32, 9, 2, 0) PIPE(256, 16, 9, 3, 1)
// MODE 10: lag 1 and 2, with and without L2 hints, at 256 x 16; lag 1 at 128 x 32 and 256 x 8
PIPE(256, 16, 10, 1, 0) PIPE(256, 16, 10, 1, 1) PIPE(256, 16, 10, 2, 1) PIPE(128, 32, 10, 1, 1) PIPE(256, 8, 10, 1, 1)

extern "C" __global__ void copy4(const float4* __restrict__ in, float4* __restrict__ out, long long n4) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += (long long)gridDim.x * blockDim.x) out[i] = in[i];
}
