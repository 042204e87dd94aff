// Hand variants of the row standardization (x - mean) / std over short contiguous float32 rows
// (C elements, C % 4 == 0), to compare with the kernels cupyts generates. See run.sh.
// thread_row: one thread per row, the row in registers through float4 loads and stores.
// smem_tile:  a block's rows staged in shared memory with coalesced float4 loads and stores; LANES
//             threads per row read their elements from there (the generated kernel's layout).
template <int C>
__device__ __forceinline__ void thread_row(const float* __restrict__ in, float* __restrict__ out, int n_out) {
  const int o = (int)blockIdx.x * blockDim.x + threadIdx.x;
  if (o >= n_out) return;
  float4 v[C / 4];
  const float4* src = reinterpret_cast<const float4*>(in + (long long)o * C);
  #pragma unroll
  for (int j = 0; j < C / 4; ++j) v[j] = src[j];
  float s = 0.f;
  #pragma unroll
  for (int j = 0; j < C / 4; ++j) s = s + v[j].x + v[j].y + v[j].z + v[j].w;
  const float mean = s / (float)C;
  float q = 0.f;
  #pragma unroll
  for (int j = 0; j < C / 4; ++j) {
    const float a = v[j].x - mean, b = v[j].y - mean, c = v[j].z - mean, d = v[j].w - mean;
    q = q + a * a + b * b + c * c + d * d;
  }
  const float sd = sqrtf(q / (float)C);
  float4* dst = reinterpret_cast<float4*>(out + (long long)o * C);
  #pragma unroll
  for (int j = 0; j < C / 4; ++j)
    dst[j] = make_float4((v[j].x - mean) / sd, (v[j].y - mean) / sd, (v[j].z - mean) / sd, (v[j].w - mean) / sd);
}

template <int C, int LANES>
__device__ __forceinline__ void smem_tile(const float* __restrict__ in, float* __restrict__ out, int n_out) {
  constexpr int ROWS = 256 / LANES, ITEMS = C / LANES, N4 = ROWS * C / 4;
  __shared__ float4 tile4[N4];
  float* tile = reinterpret_cast<float*>(tile4);
  const int tid = threadIdx.y * LANES + threadIdx.x;
  const long long first = (long long)blockIdx.x * ROWS;
  const int rows = min(ROWS, (int)(n_out - first));
  const float4* src = reinterpret_cast<const float4*>(in + first * C);
  for (int i = tid; i < rows * C / 4; i += 256) tile4[i] = src[i];
  __syncthreads();
  const int row = threadIdx.y, lane = threadIdx.x;
  float c[ITEMS];
  #pragma unroll
  for (int j = 0; j < ITEMS; ++j) c[j] = tile[row * C + lane + j * LANES];
  float s = 0.f;
  #pragma unroll
  for (int j = 0; j < ITEMS; ++j) s = s + c[j];
  #pragma unroll
  for (int d = LANES / 2; d > 0; d >>= 1) s = s + __shfl_xor_sync(0xffffffffu, s, d);
  const float mean = s / (float)C;
  float q = 0.f;
  #pragma unroll
  for (int j = 0; j < ITEMS; ++j) { const float a = c[j] - mean; q = q + a * a; }
  #pragma unroll
  for (int d = LANES / 2; d > 0; d >>= 1) q = q + __shfl_xor_sync(0xffffffffu, q, d);
  const float sd = sqrtf(q / (float)C);
  #pragma unroll
  for (int j = 0; j < ITEMS; ++j) tile[row * C + lane + j * LANES] = (c[j] - mean) / sd;
  __syncthreads();
  float4* dst = reinterpret_cast<float4*>(out + first * C);
  for (int i = tid; i < rows * C / 4; i += 256) dst[i] = tile4[i];
}

#define SHORT_ROWS(C, LANES)                                                                      \
  extern "C" __global__ void __launch_bounds__(256) thread_row_##C(const float* in, float* out, int n) { thread_row<C>(in, out, n); } \
  extern "C" __global__ void __launch_bounds__(256) smem_tile_##C(const float* in, float* out, int n) { smem_tile<C, LANES>(in, out, n); }
SHORT_ROWS(12, 2)
SHORT_ROWS(24, 4)
SHORT_ROWS(48, 8)

extern "C" __global__ void copy4(const float4* __restrict__ a, float4* __restrict__ b, long long n4) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += (long long)gridDim.x * blockDim.x) b[i] = a[i];
}
