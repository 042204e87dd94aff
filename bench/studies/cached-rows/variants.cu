// Hand variants of the generated row softmax (rows of exactly 256 = 32 lanes x 8, warp per row, 8 rows a block).
// V1: exp cached in registers; V2: V1 without bounds checks; V3: float4 loads/stores (2 per lane) + V1 + V2.
// V4: only no bounds checks (exp recomputed).
extern "C" __global__ void __launch_bounds__(256) sm_v1(const float* __restrict__ in0, float* __restrict__ out, int n_out, int n_red) {
  const int o = (int)blockIdx.x * 8 + threadIdx.y;
  const bool live = o < n_out;
  const int lane = threadIdx.x;
  const int base = o * n_red;
  float c0[8];
  #pragma unroll
  for (int j = 0; j < 8; ++j) { const int r = lane + j * 32; if (live && r < n_red) c0[j] = in0[base + r]; }
  float a0 = __int_as_float(0xff800000);
  #pragma unroll
  for (int j = 0; j < 8; ++j) { const int r = lane + j * 32; if (live && r < n_red) { const float v0 = c0[j]; a0 = (a0 >= v0 || a0 != a0) ? a0 : v0; } }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a0, d); a0 = (a0 >= b || a0 != a0) ? a0 : b; }
  a0 = cp_shfl_first(a0, 32);
  float a1 = 0.f;
  #pragma unroll
  for (int j = 0; j < 8; ++j) { const int r = lane + j * 32; if (live && r < n_red) { c0[j] = expf(c0[j] - a0); a1 = a1 + c0[j]; } }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a1, d); a1 = a1 + b; }
  a1 = cp_shfl_first(a1, 32);
  #pragma unroll
  for (int j = 0; j < 8; ++j) { const int r = lane + j * 32; if (live && r < n_red) out[base + r] = c0[j] / a1; }
}
extern "C" __global__ void __launch_bounds__(256) sm_v2(const float* __restrict__ in0, float* __restrict__ out, int n_out, int n_red) {
  const int o = (int)blockIdx.x * 8 + threadIdx.y;
  if (o >= n_out) return;
  const int lane = threadIdx.x;
  const int base = o * n_red;
  float c0[8];
  #pragma unroll
  for (int j = 0; j < 8; ++j) c0[j] = in0[base + lane + j * 32];
  float a0 = __int_as_float(0xff800000);
  #pragma unroll
  for (int j = 0; j < 8; ++j) { const float v0 = c0[j]; a0 = (a0 >= v0 || a0 != a0) ? a0 : v0; }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a0, d); a0 = (a0 >= b || a0 != a0) ? a0 : b; }
  a0 = cp_shfl_first(a0, 32);
  float a1 = 0.f;
  #pragma unroll
  for (int j = 0; j < 8; ++j) { c0[j] = expf(c0[j] - a0); a1 = a1 + c0[j]; }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a1, d); a1 = a1 + b; }
  a1 = cp_shfl_first(a1, 32);
  #pragma unroll
  for (int j = 0; j < 8; ++j) out[base + lane + j * 32] = c0[j] / a1;
}
extern "C" __global__ void __launch_bounds__(256) sm_v3(const float* __restrict__ in0, float* __restrict__ out, int n_out, int n_red) {
  const int o = (int)blockIdx.x * 8 + threadIdx.y;
  if (o >= n_out) return;
  const int lane = threadIdx.x;
  const float4* in4 = reinterpret_cast<const float4*>(in0 + (size_t)o * n_red);
  float4* out4 = reinterpret_cast<float4*>(out + (size_t)o * n_red);
  float c0[8];
  #pragma unroll
  for (int j = 0; j < 2; ++j) { const float4 v = in4[lane + j * 32]; c0[4*j] = v.x; c0[4*j+1] = v.y; c0[4*j+2] = v.z; c0[4*j+3] = v.w; }
  float a0 = __int_as_float(0xff800000);
  #pragma unroll
  for (int j = 0; j < 8; ++j) { const float v0 = c0[j]; a0 = (a0 >= v0 || a0 != a0) ? a0 : v0; }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a0, d); a0 = (a0 >= b || a0 != a0) ? a0 : b; }
  a0 = cp_shfl_first(a0, 32);
  float a1 = 0.f;
  #pragma unroll
  for (int j = 0; j < 8; ++j) { c0[j] = expf(c0[j] - a0); a1 = a1 + c0[j]; }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a1, d); a1 = a1 + b; }
  a1 = cp_shfl_first(a1, 32);
  #pragma unroll
  for (int j = 0; j < 2; ++j) out4[lane + j * 32] = make_float4(c0[4*j] / a1, c0[4*j+1] / a1, c0[4*j+2] / a1, c0[4*j+3] / a1);
}
extern "C" __global__ void __launch_bounds__(256) sm_v4(const float* __restrict__ in0, float* __restrict__ out, int n_out, int n_red) {
  const int o = (int)blockIdx.x * 8 + threadIdx.y;
  if (o >= n_out) return;
  const int lane = threadIdx.x;
  const int base = o * n_red;
  float c0[8];
  #pragma unroll
  for (int j = 0; j < 8; ++j) c0[j] = in0[base + lane + j * 32];
  float a0 = __int_as_float(0xff800000);
  #pragma unroll
  for (int j = 0; j < 8; ++j) { const float v0 = c0[j]; a0 = (a0 >= v0 || a0 != a0) ? a0 : v0; }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a0, d); a0 = (a0 >= b || a0 != a0) ? a0 : b; }
  a0 = cp_shfl_first(a0, 32);
  float a1 = 0.f;
  #pragma unroll
  for (int j = 0; j < 8; ++j) { a1 = a1 + expf(c0[j] - a0); }
  #pragma unroll
  for (int d = 16; d > 0; d >>= 1) { const float b = cp_shfl_xor(a1, d); a1 = a1 + b; }
  a1 = cp_shfl_first(a1, 32);
  #pragma unroll
  for (int j = 0; j < 8; ++j) out[base + lane + j * 32] = expf(c0[j] - a0) / a1;
}
// 1 float4 per thread copy
extern "C" __global__ void copy4(const float4* __restrict__ a, float4* __restrict__ b, long long n4) {
  for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += (long long)gridDim.x * blockDim.x) b[i] = a[i];
}
