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

extern "C" __global__ void copy4(const float4* __restrict__ in, float4* __restrict__ out, long long n4) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += (long long)gridDim.x * blockDim.x) out[i] = in[i];
}
