// Generated matrix multiplication, for what cuBLAS does not do (integers, bool) or where cuBLAS is
// missing: a batched, row-major C[b] = A[b] @ B[b] with 16x16 shared-memory tiles in CUDA C, and
// a blocked loop in JavaScript for the CPU path. Integers accumulate in unsigned 32- or 64-bit
// arithmetic (wrapping like NumPy's loops), bool as OR of ANDs, float16 and float32 in float,
// float64 in double, complex64 and complex128 in their own precision (the JS loop accumulates
// float32 in float32 too, float16 and complex dtypes in double). Each matrix is read through a row and a column stride
// (a transposed operand needs no copy), and A's complex elements may be conjugated (vdot).
import type { DType } from '../ir/dtype.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { loadValue, storageType, storeValue } from './cuda-types.js';
import { floatMatmulBody } from './matmul-js-float.js';
import { wasmMatmulModule } from './wasm-matmul.js';

export const MATMUL_TILE = 16;

const SHORT: Record<string, string> = {
  bool: 'b', int8: 'i8', int16: 'i16', int32: 'i32', int64: 'i64', uint8: 'u8', uint16: 'u16',
  uint32: 'u32', uint64: 'u64', float16: 'f16', float32: 'f32', float64: 'f64', complex64: 'c64', complex128: 'c128',
};

function cudaAccumulator(d: DType): string {
  if (d.kind === 'c') return d.cType;
  if (d.kind === 'f') return d.name === 'float64' ? 'double' : 'float';
  return d.itemsize === 8 ? 'unsigned long long' : 'unsigned int';
}

/**
 * matmul_<dtype>(A, B, C, batch, m, n, k, strideA, strideB, rowA, colA, rowB, colB, conjA): C is
 * contiguous (batch, m, n); element (i, p) of A's b-th matrix is A[b * strideA + i * rowA + p * colA]
 * (strideA 0 broadcasts one matrix), and B likewise; conjA (complex dtypes) conjugates A.
 * Launch with block (16, 16) and grid (ceil(n/16), ceil(m/16), min(batch, 65535)).
 */
export function generateMatmulCuda(d: DType): { name: string; source: string } {
  const name = `matmul_${SHORT[d.name]}`;
  const t = storageType(d);
  const acc = cudaAccumulator(d);
  const T = MATMUL_TILE;
  const complex = d.kind === 'c';
  const toAcc = (x: string) => (d.kind === 'f' || complex ? loadValue(d, x) : d.name === 'bool' ? `(${acc})(${x} != 0)` : `(${acc})(${x})`);
  const step = complex ? 'acc = cp_cadd(acc, cp_cmul(As[ty][kk], Bs[kk][tx]));' : d.name === 'bool' ? 'acc |= As[ty][kk] & Bs[kk][tx];' : 'acc += As[ty][kk] * Bs[kk][tx];';
  const result = d.kind === 'f' ? storeValue(d, 'acc') : complex ? 'acc' : d.name === 'bool' ? '(bool)(acc != 0)' : `(${t})acc`;
  const zero = complex ? `cp_to_c${d.name.slice(7)}(0)` : `(${acc})0`;
  const loadA = toAcc('a[(long long)row * rowA + (long long)(t0 + tx) * colA]');
  const source = `${CUDA_PRELUDE}
extern "C" __global__ void __launch_bounds__(${T * T}) ${name}(
    const ${t}* __restrict__ A, const ${t}* __restrict__ B, ${t}* __restrict__ C,
    int batch, int m, int n, int k, long long strideA, long long strideB,
    long long rowA, long long colA, long long rowB, long long colB, int conjA) {
  __shared__ ${acc} As[${T}][${T + 1}];
  __shared__ ${acc} Bs[${T}][${T + 1}];
  const int tx = threadIdx.x, ty = threadIdx.y;
  const int row = blockIdx.y * ${T} + ty, col = blockIdx.x * ${T} + tx;
  for (int b = blockIdx.z; b < batch; b += gridDim.z) {
    const ${t}* a = A + b * strideA;
    const ${t}* bm = B + b * strideB;
    ${acc} acc = ${zero};
    for (int t0 = 0; t0 < k; t0 += ${T}) {
      ${complex ? `${acc} av = (row < m && t0 + tx < k) ? ${loadA} : ${zero};
      As[ty][tx] = conjA ? cp_cconj(av) : av;` : `As[ty][tx] = (row < m && t0 + tx < k) ? ${loadA} : ${zero};`}
      Bs[ty][tx] = (t0 + ty < k && col < n) ? ${toAcc('bm[(long long)(t0 + ty) * rowB + (long long)col * colB]')} : ${zero};
      __syncthreads();
      #pragma unroll
      for (int kk = 0; kk < ${T}; ++kk) ${step}
      __syncthreads();
    }
    if (row < m && col < n) C[((long long)b * m + row) * n + col] = ${result};
  }
}
`;
  return { name, source };
}

/**
 * The JS matmul: a function expression (a, b, c, batch, m, n, k, strideA, strideB, rowA, colA,
 * rowB, colB, conjA) over typed arrays as stored (float16 as bits, bool as bytes, complex as
 * interleaved pairs), with A and B indexed as in the CUDA kernel, blocked over k so rows of B stay
 * in cache.
 */
export function generateMatmulJs(d: DType): { name: string; source: string } {
  if (d.kind === 'c') return generateComplexMatmulJs(d);
  const name = `matmul_${SHORT[d.name]}_js`;
  const big = d.itemsize === 8 && d.kind !== 'f';
  const load = (x: string) => (d.name === 'float16' ? `$h2f(${x})` : x);
  let accInit: string;
  let inner: string;
  let store: string;
  if (d.kind === 'f') {
    accInit = inner = store = ''; // floatMatmulBody below
  } else if (d.name === 'bool') {
    accInit = 'new Uint8Array(m * n)';
    inner = 'acc[r + j] |= av & b[bo + j * colB];';
    store = 'acc[i]';
  } else if (big) {
    accInit = 'new Array(m * n).fill(0n)';
    inner = 'acc[r + j] += av * b[bo + j * colB];';
    store = `BigInt.as${d.kind === 'u' ? 'Uint' : 'Int'}N(64, acc[i])`;
  } else {
    accInit = 'new Int32Array(m * n)';
    inner = 'acc[r + j] = (acc[r + j] + Math.imul(av, b[bo + j * colB])) | 0;';
    store = 'acc[i]'; // the typed array wraps to the dtype
  }
  const zero = big ? '0n' : '0'; // integer rows of zeros are skipped (floats must see 0 * inf = nan)
  const body = d.kind === 'f' ? floatMatmulBody(load, (x) => (d.name === 'float16' ? `$f2h(${x})` : x), d.name === 'float32') : `
  const KB = 64;
  for (let bt = 0; bt < batch; bt++) {
    const ao = bt * strideA, bo0 = bt * strideB, co = bt * m * n;
    const acc = ${accInit};
    for (let p0 = 0; p0 < k; p0 += KB) {
      const p1 = Math.min(k, p0 + KB);
      for (let i = iLo; i < iHi; i++) {
        const r = i * n;
        for (let p = p0; p < p1; p++) {
          const av = ${load('a[ao + i * rowA + p * colA]')};
          if (av === ${zero}) continue;
          const bo = bo0 + p * rowB;
          for (let j = 0; j < n; j++) ${inner}
        }
      }
    }
    for (let i = iLo * n; i < iHi * n; i++) c[co + i] = ${store};
  }`;
  const mmBytes = wasmMatmulModule(d.name === 'float32' ? 'f32x4' : 'f64x2');
  const mm = d.kind === 'f' ? `typeof WebAssembly === 'undefined' ? undefined : new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(${JSON.stringify(Array.from(mmBytes))})))` : 'undefined';
  const source = `(function () {
const $h2f = ${f16ToNumber};
const $f2h = ${numberToF16};
const $mm = ${mm};
return function ${name}(a, b, c, batch, m, n, k, strideA, strideB, rowA, colA, rowB, colB, conjA, iLo = 0, iHi = m) {${body}
};
})()`;
  return { name, source };
}

/** The JS complex matmul: interleaved (re, im) pairs, element e at [2e] and [2e + 1], accumulated in double. */
function generateComplexMatmulJs(d: DType): { name: string; source: string } {
  const name = `matmul_${SHORT[d.name]}_js`;
  const source = `(function ${name}(a, b, c, batch, m, n, k, strideA, strideB, rowA, colA, rowB, colB, conjA) {
  const KB = 64;
  const sign = conjA ? -1 : 1;
  for (let bt = 0; bt < batch; bt++) {
    const ao = bt * strideA, bo0 = bt * strideB, co = bt * m * n;
    const acc = new Float64Array(2 * m * n);
    for (let p0 = 0; p0 < k; p0 += KB) {
      const p1 = Math.min(k, p0 + KB);
      for (let i = 0; i < m; i++) {
        const r = 2 * i * n;
        for (let p = p0; p < p1; p++) {
          const ae = 2 * (ao + i * rowA + p * colA);
          const ar = a[ae], ai = sign * a[ae + 1];
          const bo = bo0 + p * rowB;
          for (let j = 0; j < n; j++) {
            const be = 2 * (bo + j * colB);
            const br = b[be], bi = b[be + 1];
            acc[r + 2 * j] += ar * br - ai * bi;
            acc[r + 2 * j + 1] += ar * bi + ai * br;
          }
        }
      }
    }
    c.set(acc, 2 * co);
  }
})`;
  return { name, source };
}

const f16ToNumber = `function (h) {
  const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}`;

const numberToF16 = `function (x) {
  if (x !== x) return 0x7e00;
  const s = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return s | 0x7c00;
  const half = (v) => { const f = Math.floor(v); const d = v - f; return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f; };
  if (a < 2 ** -14) return s | half(a * 2 ** 24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--; else if (2 ** (e + 1) <= a) e++;
  let m = half((a / 2 ** e - 1) * 1024);
  if (m === 1024) { m = 0; e++; }
  return s | ((e + 15) << 10) | m;
}`;
