// Launch-geometry study on the GPU: hand-written CUDA variants of the kernel shapes cupyts
// generates (elementwise, full reduction, row and column reductions, row-persistent softmax),
// timed with CUDA events, so the code generators can pick the fastest shape. Not part of the
// product; its findings are recorded in bench/RESULTS.md.
//
// Usage (GPU machine, needs dist/): node bench/geometry.mjs [--out FILE]
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

const { CudaDevice } = await import(new URL('../dist/runtime/cuda-device.js', import.meta.url).href);
const { NvrtcCompiler, chooseTarget } = await import(new URL('../dist/runtime/compiler.js', import.meta.url).href);
const { CudaModule } = await import(new URL('../dist/runtime/cuda-module.js', import.meta.url).href);

const { values: opts } = parseArgs({ options: { out: { type: 'string', default: 'bench/out/geometry.json' }, only: { type: 'string' } } });
const device = CudaDevice.open(0);
const compiler = new NvrtcCompiler({ disk: null });
const arch = chooseTarget(device.arch, compiler.nvrtc.supportedArchs);
const SMS = device.info.multiprocessors;
const REPS = 20;
const results = [];
const log = (m) => process.stderr.write(`${m}\n`);

const BLOCK_SUM = `
__device__ __forceinline__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}
__device__ __forceinline__ float warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}
// Sum over the block (blockDim.x a multiple of 32); every thread gets the result.
__device__ float block_sum(float v) {
  __shared__ float sh[32];
  v = warp_sum(v);
  __syncthreads();
  if ((threadIdx.x & 31) == 0) sh[threadIdx.x >> 5] = v;
  __syncthreads();
  v = threadIdx.x < (blockDim.x >> 5) ? sh[threadIdx.x] : 0.0f;
  return warp_sum(v);
}
__device__ float block_max(float v) {
  __shared__ float sh[32];
  v = warp_max(v);
  __syncthreads();
  if ((threadIdx.x & 31) == 0) sh[threadIdx.x >> 5] = v;
  __syncthreads();
  v = threadIdx.x < (blockDim.x >> 5) ? sh[threadIdx.x] : __int_as_float(0xff800000);
  return warp_max(v);
}
`;

function kernel(source, name) {
  const compiled = compiler.compile({ source, name: `${name}.cu`, arch });
  return new CudaModule(device, compiled.binary).kernel(name);
}

function time(work) {
  for (let i = 0; i < 3; i++) work();
  const ms = [];
  for (let i = 0; i < REPS; i++) ms.push(device.timeMs(work));
  ms.sort((a, b) => a - b);
  return ms[ms.length >> 1];
}

function record(group, variant, bytes, work) {
  try {
    const ms = time(work);
    const gbps = bytes / (ms * 1e-3) / 1e9;
    results.push({ group, variant, ms, gbps });
    log(`${group.padEnd(10)} ${variant.padEnd(40)} ${ms.toFixed(4)} ms ${gbps.toFixed(1)} GB/s`);
  } catch (e) {
    results.push({ group, variant, error: String(e.message ?? e).slice(0, 2000) });
    log(`${group} ${variant} FAILED: ${String(e.message ?? e).slice(0, 400)}`);
  }
}

function tryVariant(group, variant, bytes, make) {
  if (opts.only && !opts.only.split(',').includes(group)) return;
  try {
    const work = make();
    record(group, variant, bytes, work);
  } catch (e) {
    results.push({ group, variant, error: String(e.message ?? e).slice(0, 2000) });
    log(`${group} ${variant} FAILED: ${String(e.message ?? e).slice(0, 400)}`);
  }
}

// ---------------------------------------------------------------------------------------------
const N = 2 ** 28;
const x = device.alloc(N * 4);
const y = device.alloc(N * 4);
const o = device.alloc(N * 4);
const part = device.alloc(1 << 20);
x.fillBytes(0x3c);
y.fillBytes(0x3b);
const nv = N / 4;

record('copy', 'cuMemcpyDtoD', 2 * N * 4, () => o.copyFrom(x));

// Elementwise axpy: grid-stride (grid = SMs * r) against one tile per block (U vectors per thread).
for (const ld of ['plain', 'cs']) {
  const L = (p) => (ld === 'cs' ? `__ldcs(${p})` : `*(${p})`);
  const S = (p, v) => (ld === 'cs' ? `__stcs(${p}, ${v})` : `*(${p}) = ${v}`);
  for (const bs of [256]) {
    for (const r of [8, 16, 64]) {
      tryVariant('axpy', `gridstride ${ld} bs${bs} grid=SMx${r}`, 3 * N * 4, () => {
        const name = `axpy_gs`;
        const k = kernel(`extern "C" __global__ void __launch_bounds__(${bs}) ${name}(const float4* __restrict__ x, const float4* __restrict__ y, float4* __restrict__ o, int nv) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < nv; i += gridDim.x * blockDim.x) {
    float4 a = ${L('x + i')}; float4 b = ${L('y + i')};
    ${S('o + i', 'make_float4(2.f * a.x + b.x, 2.f * a.y + b.y, 2.f * a.z + b.z, 2.f * a.w + b.w)')};
  }
}`, name);
        return () => k.launch(SMS * r, bs, 'pppi', [x.ptr, y.ptr, o.ptr, nv]);
      });
    }
  }
  for (const bs of [128, 256, 512]) {
    for (const u of [1, 2, 4]) {
      tryVariant('axpy', `tile ${ld} bs${bs} u${u}`, 3 * N * 4, () => {
        const name = 'axpy_tile';
        const k = kernel(`extern "C" __global__ void __launch_bounds__(${bs}) ${name}(const float4* __restrict__ x, const float4* __restrict__ y, float4* __restrict__ o, int nv) {
  const int base = blockIdx.x * ${bs * u} + threadIdx.x;
  float4 a[${u}], b[${u}];
  #pragma unroll
  for (int k = 0; k < ${u}; ++k) { int i = base + k * ${bs}; if (i < nv) { a[k] = ${L('x + i')}; b[k] = ${L('y + i')}; } }
  #pragma unroll
  for (int k = 0; k < ${u}; ++k) { int i = base + k * ${bs}; if (i < nv) ${S('o + i', 'make_float4(2.f * a[k].x + b[k].x, 2.f * a[k].y + b[k].y, 2.f * a[k].z + b[k].z, 2.f * a[k].w + b[k].w)')}; }
}`, name);
        return () => k.launch(Math.ceil(nv / (bs * u)), bs, 'pppi', [x.ptr, y.ptr, o.ptr, nv]);
      });
    }
  }
}

// Full sum of 2^28 float32: pass 1 (grid-stride partials per block), pass 2 (one block).
const pass2 = kernel(`${BLOCK_SUM}
extern "C" __global__ void __launch_bounds__(1024) sum_pass2(const float* __restrict__ part, float* __restrict__ out, int g) {
  float acc = 0.f;
  for (int i = threadIdx.x; i < g; i += blockDim.x) acc += part[i];
  acc = block_sum(acc);
  if (threadIdx.x == 0) out[0] = acc;
}`, 'sum_pass2');
for (const bs of [256, 512, 1024]) {
  for (const u of [1, 2, 4]) {
    for (const r of [1, 2, 4, 8]) {
      const blocksPerSm = Math.floor(2048 / bs) * r;
      tryVariant('sum', `bs${bs} u${u} grid=SMx${blocksPerSm}`, N * 4, () => {
        const name = 'sum_pass1';
        const k = kernel(`${BLOCK_SUM}
extern "C" __global__ void __launch_bounds__(${bs}) ${name}(const float4* __restrict__ x, float* __restrict__ part, int nv) {
  float acc[${u}];
  #pragma unroll
  for (int k = 0; k < ${u}; ++k) acc[k] = 0.f;
  for (int i = blockIdx.x * ${bs * u} + threadIdx.x; i < nv; i += gridDim.x * ${bs * u}) {
    #pragma unroll
    for (int k = 0; k < ${u}; ++k) { int j = i + k * ${bs}; if (j < nv) { float4 v = x[j]; acc[k] += (v.x + v.y) + (v.z + v.w); } }
  }
  float s = 0.f;
  #pragma unroll
  for (int k = 0; k < ${u}; ++k) s += acc[k];
  s = block_sum(s);
  if (threadIdx.x == 0) part[blockIdx.x] = s;
}`, name);
        const g = SMS * blocksPerSm;
        return () => {
          k.launch(g, bs, 'ppi', [x.ptr, part.ptr, nv]);
          pass2.launch(1, 1024, 'ppi', [part.ptr, o.ptr, g]);
        };
      });
    }
  }
}

// Row sums and column sums of a 16384 x 16384 float32 matrix (x holds 2^28 elements).
const R = 16384;
const C = 16384;
for (const bs of [128, 256, 512, 1024]) {
  for (const u of [1, 4]) {
    tryVariant('rowsum', `block/row bs${bs} u${u}`, R * C * 4, () => {
      const name = 'row_sum';
      const k = kernel(`${BLOCK_SUM}
extern "C" __global__ void __launch_bounds__(${bs}) ${name}(const float4* __restrict__ x, float* __restrict__ out, int c4) {
  const float4* row = x + (long long)blockIdx.x * c4;
  float acc[${u}];
  #pragma unroll
  for (int k = 0; k < ${u}; ++k) acc[k] = 0.f;
  for (int i = threadIdx.x; i < c4; i += ${bs * u}) {
    #pragma unroll
    for (int k = 0; k < ${u}; ++k) { int j = i + k * ${bs}; if (j < c4) { float4 v = row[j]; acc[k] += (v.x + v.y) + (v.z + v.w); } }
  }
  float s = 0.f;
  #pragma unroll
  for (int k = 0; k < ${u}; ++k) s += acc[k];
  s = block_sum(s);
  if (threadIdx.x == 0) out[blockIdx.x] = s;
}`, name);
      return () => k.launch(R, bs, 'ppi', [x.ptr, o.ptr, C / 4]);
    });
  }
}
tryVariant('rowsum', 'warp/row (8 warps per block) u4', R * C * 4, () => {
  const name = 'row_sum_warp';
  const k = kernel(`${BLOCK_SUM}
extern "C" __global__ void __launch_bounds__(256) ${name}(const float4* __restrict__ x, float* __restrict__ out, int rows, int c4) {
  const int r = blockIdx.x * 8 + (threadIdx.x >> 5);
  if (r >= rows) return;
  const float4* row = x + (long long)r * c4;
  float acc[4] = {0.f, 0.f, 0.f, 0.f};
  for (int i = threadIdx.x & 31; i < c4; i += 128) {
    #pragma unroll
    for (int k = 0; k < 4; ++k) { int j = i + k * 32; if (j < c4) { float4 v = row[j]; acc[k] += (v.x + v.y) + (v.z + v.w); } }
  }
  float s = warp_sum((acc[0] + acc[1]) + (acc[2] + acc[3]));
  if ((threadIdx.x & 31) == 0) out[r] = s;
}`, name);
  return () => k.launch(R / 8, 256, 'ppii', [x.ptr, o.ptr, R, C / 4]);
});

// Column sums: threads along columns (coalesced), blockDim.y splitting the rows, an optional
// grid.y split with a second pass over the partials.
const colPass2 = kernel(`extern "C" __global__ void col_pass2(const float* __restrict__ part, float* __restrict__ out, int cols, int splits) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c >= cols) return;
  float s = 0.f;
  for (int k = 0; k < splits; ++k) s += part[(long long)k * cols + c];
  out[c] = s;
}`, 'col_pass2');
const colPart = device.alloc(64 * C * 4);
for (const vec of [1, 4]) {
  for (const by of [4, 8, 16, 32]) {
    for (const splits of [1, 4, 16]) {
      const bx = 32;
      if (bx * by > 1024) continue;
      tryVariant('colsum', `vec${vec} block ${bx}x${by} splits${splits}`, R * C * 4, () => {
        const name = 'col_sum';
        const T = vec === 4 ? 'float4' : 'float';
        const add = vec === 4 ? 'acc.x += v.x; acc.y += v.y; acc.z += v.z; acc.w += v.w;' : 'acc += v;';
        const zero = vec === 4 ? 'make_float4(0.f, 0.f, 0.f, 0.f)' : '0.f';
        const comps = vec === 4 ? ['x', 'y', 'z', 'w'] : [null];
        const k = kernel(`extern "C" __global__ void __launch_bounds__(${bx * by}) ${name}(const ${T}* __restrict__ x, float* __restrict__ part, int rows, int cv) {
  __shared__ ${T} sh[${by}][${bx}];
  const int c = blockIdx.x * ${bx} + threadIdx.x;
  const int chunk = (rows + gridDim.y - 1) / gridDim.y;
  const int r0 = blockIdx.y * chunk;
  const int r1 = min(rows, r0 + chunk);
  ${T} acc = ${zero};
  if (c < cv) {
    int r = r0 + threadIdx.y;
    for (; r + ${3 * by} < r1; r += ${4 * by}) {
      ${T} v0 = x[(long long)r * cv + c], v1 = x[(long long)(r + ${by}) * cv + c], v2 = x[(long long)(r + ${2 * by}) * cv + c], v3 = x[(long long)(r + ${3 * by}) * cv + c];
      { ${T} v = v0; ${add} } { ${T} v = v1; ${add} } { ${T} v = v2; ${add} } { ${T} v = v3; ${add} }
    }
    for (; r < r1; r += ${by}) { ${T} v = x[(long long)r * cv + c]; ${add} }
  }
  sh[threadIdx.y][threadIdx.x] = acc;
  __syncthreads();
  if (threadIdx.y == 0 && c < cv) {
    ${T} s = sh[0][threadIdx.x];
    for (int k = 1; k < ${by}; ++k) { ${T} v = sh[k][threadIdx.x]; ${add.replaceAll('acc', 's')} }
    ${comps.map((q, i) => `part[(long long)blockIdx.y * cv * ${vec} + c * ${vec} + ${i}] = s${q ? `.${q}` : ''};`).join(' ')}
  }
}`, name);
        const cv = C / vec;
        return () => {
          k.launch([Math.ceil(cv / bx), splits, 1], [bx, by, 1], 'ppii', [x.ptr, splits === 1 ? o.ptr : colPart.ptr, R, cv]);
          if (splits > 1) colPass2.launch(Math.ceil(C / 256), 256, 'ppii', [colPart.ptr, o.ptr, C, splits]);
        };
      });
    }
  }
}

// Softmax over rows of 8192 x 8192 float32: one block per row, three phases (max, sum of exp,
// write). 'reload' reads the row from global memory in each phase (L1/L2 serve the re-reads);
// 'cache' keeps the row in registers after the first read.
const SR = 8192;
const SC = 8192;
for (const bs of [256, 512, 1024]) {
  const items4 = SC / 4 / bs;
  tryVariant('softmax', `reload bs${bs}`, 2 * SR * SC * 4, () => {
    const name = 'softmax_reload';
    const k = kernel(`${BLOCK_SUM}
extern "C" __global__ void __launch_bounds__(${bs}) ${name}(const float4* __restrict__ x, float4* __restrict__ out, int c4) {
  const float4* row = x + (long long)blockIdx.x * c4;
  float4* orow = out + (long long)blockIdx.x * c4;
  float m = __int_as_float(0xff800000);
  for (int i = threadIdx.x; i < c4; i += ${bs}) { float4 v = row[i]; m = fmaxf(m, fmaxf(fmaxf(v.x, v.y), fmaxf(v.z, v.w))); }
  m = block_max(m);
  float s = 0.f;
  for (int i = threadIdx.x; i < c4; i += ${bs}) { float4 v = row[i]; s += (expf(v.x - m) + expf(v.y - m)) + (expf(v.z - m) + expf(v.w - m)); }
  s = block_sum(s);
  const float inv = 1.f / s;
  for (int i = threadIdx.x; i < c4; i += ${bs}) { float4 v = row[i]; orow[i] = make_float4(expf(v.x - m) * inv, expf(v.y - m) * inv, expf(v.z - m) * inv, expf(v.w - m) * inv); }
}`, name);
    return () => k.launch(SR, bs, 'ppi', [x.ptr, o.ptr, SC / 4]);
  });
  tryVariant('softmax', `cache bs${bs} items4=${items4}`, 2 * SR * SC * 4, () => {
    const name = 'softmax_cache';
    const k = kernel(`${BLOCK_SUM}
extern "C" __global__ void __launch_bounds__(${bs}) ${name}(const float4* __restrict__ x, float4* __restrict__ out, int c4) {
  const float4* row = x + (long long)blockIdx.x * c4;
  float4* orow = out + (long long)blockIdx.x * c4;
  float4 c[${items4}];
  float m = __int_as_float(0xff800000);
  #pragma unroll
  for (int k = 0; k < ${items4}; ++k) { int i = threadIdx.x + k * ${bs}; if (i < c4) { c[k] = row[i]; m = fmaxf(m, fmaxf(fmaxf(c[k].x, c[k].y), fmaxf(c[k].z, c[k].w))); } }
  m = block_max(m);
  float s = 0.f;
  #pragma unroll
  for (int k = 0; k < ${items4}; ++k) { int i = threadIdx.x + k * ${bs}; if (i < c4) { s += (expf(c[k].x - m) + expf(c[k].y - m)) + (expf(c[k].z - m) + expf(c[k].w - m)); } }
  s = block_sum(s);
  const float inv = 1.f / s;
  #pragma unroll
  for (int k = 0; k < ${items4}; ++k) { int i = threadIdx.x + k * ${bs}; if (i < c4) orow[i] = make_float4(expf(c[k].x - m) * inv, expf(c[k].y - m) * inv, expf(c[k].z - m) * inv, expf(c[k].w - m) * inv); }
}`, name);
    return () => k.launch(SR, bs, 'ppi', [x.ptr, o.ptr, SC / 4]);
  });
}

mkdirSync(dirname(opts.out), { recursive: true });
writeFileSync(opts.out, JSON.stringify({ device: device.info.name, sms: SMS, arch, date: new Date().toISOString(), results }, null, 2));
log(`wrote ${opts.out}`);
