// Hand variants of cupyts's 1-D 'rows' scan (src/codegen/cuda-scan.ts) over float32, to find where a
// 2^28 cumsum's time goes. See run.sh. Every variant: a tile of BLOCK × ITEMS elements, ids from an
// atomic counter, striped loads into padded shared memory, each thread scans ITEMS consecutive
// elements, warp totals through shuffles, then (MODE 2) the two-level look-back of
// src/codegen/cuda-scan-lookback.ts with groups of 32 tiles, and striped stores.
//   MODE 0: load and store through shared memory, no scan (the tile machinery's copy speed)
//   MODE 1: the local scan, no look-back (wrong across tiles: an upper bound)
//   MODE 2: the whole scan (the generated kernel's algorithm)
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
  __shared__ float s_warp[WARPS], s_mates[32], s_groups[32];
  __shared__ float s_prefix, s_agg;
  __shared__ long long s_tile;
  const int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
  if (tid == 0) s_tile = (long long)atomicAdd(status, 1ull);
  __syncthreads();
  const long long chunk = s_tile;
  const long long start = chunk * TILE;
  const bool full = start + TILE <= n;
  if (VEC == 4 && full) {
    const float4* src = reinterpret_cast<const float4*>(in + start);
    #pragma unroll
    for (int r = 0; r < ITEMS / 4; ++r) {
      const int q = r * BLOCK + tid;
      const float4 v = src[q];
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
  if (MODE > 0) {
    float x[ITEMS];
    #pragma unroll
    for (int r = 0; r < ITEMS; ++r) { const int p = tid * ITEMS + r; x[r] = s_data[p + (p >> 5)]; }
    #pragma unroll
    for (int r = 1; r < ITEMS; ++r) x[r] = x[r - 1] + x[r];
    float w = x[ITEMS - 1];
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
    #pragma unroll
    for (int r = 0; r < ITEMS; ++r) if (has) x[r] = pre + x[r];
    if (tid == BLOCK - 1) s_agg = x[ITEMS - 1];
    __syncthreads();
    float e = 0.f;
    if (MODE == 2 && n_chunks > 1) {
      const float agg = s_agg;
      if (warp == 0) {
        volatile unsigned long long* const st = status + 1;
        const long long grp = chunk / G;
        const int slot = (int)(chunk % G);
        if (lane == 0) st[chunk] = pack(1, agg);
        float a = 0.f;
        unsigned fa = lane < slot ? 0u : 1u;
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
            if (SLEEP > 0) __nanosleep(SLEEP);
          }
        }
        if (lane == 0) {
          s_prefix = grp > 0 ? (slot > 0 ? eg + run : eg) : run;
          if (slot == G - 1) st[n_chunks + grp] = pack(2, grp > 0 ? eg + whole : whole);
        }
      }
      __syncthreads();
      e = s_prefix;
    }
    #pragma unroll
    for (int r = 0; r < ITEMS; ++r) { const int p = tid * ITEMS + r; s_data[p + (p >> 5)] = chunk > 0 ? e + x[r] : x[r]; }
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
}

#define SCAN(B, I, M, V, S)                                                                              \
  extern "C" __global__ void __launch_bounds__(B) scan_##B##_##I##_##M##_##V##_##S(                    \
      const float* __restrict__ in, float* __restrict__ out, long long n, unsigned long long* status,    \
      long long n_chunks) { scan_tile<B, I, M, V, S>(in, out, n, status, n_chunks); }
// MODE 0/1/2 at the generated geometry (256 × 16, scalar)
SCAN(256, 16, 0, 1, 0) SCAN(256, 16, 1, 1, 0) SCAN(256, 16, 2, 1, 0)
// float4 and backoff at 256 × 16
SCAN(256, 16, 0, 4, 0) SCAN(256, 16, 1, 4, 0) SCAN(256, 16, 2, 4, 0) SCAN(256, 16, 2, 1, 100) SCAN(256, 16, 2, 4, 100)
// other tiles: 128 × 16, 256 × 8, 256 × 32, 512 × 8, 512 × 16, 128 × 32
SCAN(128, 16, 2, 4, 0) SCAN(256, 8, 2, 4, 0) SCAN(256, 32, 2, 4, 0) SCAN(512, 8, 2, 4, 0) SCAN(512, 16, 2, 4, 0)
SCAN(128, 32, 2, 4, 0) SCAN(128, 16, 1, 4, 0) SCAN(256, 32, 1, 4, 0) SCAN(512, 16, 1, 4, 0)

extern "C" __global__ void copy4(const float4* __restrict__ in, float4* __restrict__ out, long long n4) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += (long long)gridDim.x * blockDim.x) out[i] = in[i];
}
