// The complex part of the CUDA prelude compiles with NVRTC (11.8 here) for both precisions, also as C++03.
import { describe, expect, it } from 'vitest';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { HAS_NVRTC } from '../helpers/cuda.js';

const FUNCTIONS = ['cp_cadd', 'cp_csub', 'cp_cmul', 'cp_cdiv', 'cp_cpow'];
const UNARY = ['cp_cneg', 'cp_cconj', 'cp_creciprocal', 'cp_csign', 'cp_cexp', 'cp_clog', 'cp_csqrt', 'cp_csin', 'cp_ccos', 'cp_ctan', 'cp_csinh', 'cp_ccosh', 'cp_ctanh',
  'cp_casin', 'cp_cacos', 'cp_catan', 'cp_casinh', 'cp_cacosh', 'cp_catanh', 'cp_clog1p', 'cp_cexpm1', 'cp_csinc', 'cp_crint'];

describe.skipIf(!HAS_NVRTC)('CUDA complex prelude', () => {
  it('compiles every complex function for cp_c64 and cp_c128', () => {
    const body = ['cp_c64', 'cp_c128'].map((c, k) => `extern "C" __global__ void k${k}(${c}* o, const ${c}* a, bool* b, double* r) {
  ${FUNCTIONS.map((f, i) => `o[${i}] = ${f}(a[0], a[1]);`).join('\n  ')}
  ${UNARY.map((f, i) => `o[${i + 10}] = ${f}(a[2]);`).join('\n  ')}
  b[0] = cp_clt(a[0], a[1]) || cp_cle(a[0], a[1]) || cp_cgt(a[0], a[1]) || cp_cge(a[0], a[1]) || cp_ceq(a[0], a[1]) || cp_cne(a[0], a[1]);
  b[1] = cp_cmaximum_first(a[0], a[1]) && cp_cfmin_first(a[0], a[1]);
  r[0] = cp_cabs(a[0]) + cp_cangle(a[1]);
  o[40] = cp_to_${c.slice(3)}(cp_to_c128(a[3])); o[41] = cp_to_${c.slice(3)}(3.5f); o[42] = cp_to_${c.slice(3)}(7ll); o[43] = cp_shfl_xor(a[4], 1);
}`).join('\n');
    const compiler = new NvrtcCompiler({ disk: null });
    expect(() => compiler.compile({ source: CUDA_PRELUDE + body, name: 'complex.cu', arch: 'sm_90' })).not.toThrow();
    // a user kernel (cp.RawKernel, cp.ElementwiseKernel) includes the prelude and may ask for C++03
    expect(() => compiler.compile({ source: CUDA_PRELUDE + body, name: 'complex03.cu', arch: 'sm_90', options: ['-std=c++03'] })).not.toThrow();
  });
});
