// cp.RawKernel, cp.RawModule and cp.scalar without a device: errors at the call, the CPU backend's
// refusal, NVRTC compiling a user's source (with a user option) and its compile errors showing the
// user's lines, and manifests carrying the options a user kernel may pass. Launches are in
// test/gpu/user-kernels.test.ts.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { HAS_NVRTC, onBackend } from '../helpers/cuda.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { manifestKernel, parseManifest } from '../../src/runtime/kernel-manifest.js';

setBackendNotice(() => {});

const SCALE = String.raw`
extern "C" __global__ void scale(float* x, float a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= a;
}`;

const err = (fn: () => unknown) => {
  try { fn(); } catch (e) { return `${(e as cp.CupytsError).code}: ${(e as Error).message}`; }
  return 'no error';
};

describe('RawKernel and RawModule at the call', () => {
  it('refuses bad definitions', () => {
    expect(err(() => cp.RawKernel(SCALE, 'not a name'))).toMatch(/^ERR_ARG: RawKernel: expected name to be a kernel name/);
    expect(err(() => cp.RawKernel(3 as never, 'scale'))).toMatch(/^ERR_ARG: RawKernel: expected code to be a string/);
    expect(err(() => cp.RawKernel(SCALE, 'scale', [3] as never))).toMatch(/expected options to be a list of NVRTC option strings/);
    expect(err(() => cp.RawKernel(SCALE, 'scale', { jitify: true } as never))).toMatch(/^ERR_UNSUPPORTED: RawKernel: the option 'jitify'/);
    expect(err(() => cp.RawModule({}))).toMatch(/^ERR_ARG: RawModule: expected exactly one of code and path/);
    expect(err(() => cp.RawModule({ code: SCALE, path: '/x.cubin' }))).toMatch(/exactly one of code and path/);
    expect(err(() => cp.RawModule({ path: '/nonexistent/k.cubin' }))).toMatch(/^ERR_IO: RawModule: cannot read \/nonexistent\/k.cubin \(ENOENT\)/);
    expect(err(() => cp.RawModule({ code: SCALE, name_expressions: [] } as never))).toMatch(/^ERR_UNSUPPORTED/);
    expect(err(() => cp.RawModule({ code: SCALE }).get_function('1x'))).toMatch(/RawModule.get_function: expected name to be a kernel name/);
    expect(err(() => cp.scalar('3' as never, 'int32'))).toMatch(/^ERR_ARG: scalar: expected value to be a number, bigint or boolean/);
    expect(err(() => cp.scalar(3, 'int33' as never))).toMatch(/^ERR_(ARG|DTYPE)/);
  });

  it('says raw kernels need a GPU on the CPU backend', () => {
    onBackend('cpu', () => {
      const k = cp.RawKernel(SCALE, 'scale');
      expect(k.kernelName).toBe('scale');
      const x = cp.zeros(4, { dtype: 'float32' });
      expect(err(() => k([1], [32], [x, cp.scalar(2, 'float32'), cp.scalar(4, 'int32')]))).toMatch(/^ERR_UNSUPPORTED: scale: raw CUDA kernels need a GPU/);
      expect(err(() => k.compile())).toMatch(/^ERR_UNSUPPORTED: scale: raw CUDA kernels need a GPU/);
      expect(err(() => k([0], [32], []))).toMatch(/^ERR_ARG: scale: expected grid to be a positive integer or a list of 1 to 3 positive integers/);
      expect(err(() => k(1, [1, 1, 1, 1], []))).toMatch(/expected block to be/);
      expect(err(() => k(1, 1, [], { shared_mem: -1 }))).toMatch(/expected shared_mem to be a non-negative integer/);
      expect(err(() => k(1, 1, [], { stream: 1 } as never))).toMatch(/unknown option 'stream'/);
    });
  });

  it('lets manifests carry the options a user kernel may pass, and no others', () => {
    const line = (options: string[]) => JSON.stringify(manifestKernel({ name: 'scale.cu', source: SCALE, options, arch: null }));
    expect(parseManifest(line(['-std=c++17', '-lineinfo']))[0].options).toEqual(['-std=c++17', '-lineinfo']);
    expect(err(() => parseManifest(line(['--use_fast_math'])))).toMatch(/^ERR_MANIFEST/);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC compiles user sources', () => {
  it('compiles a kernel with a user option, and shows the user\'s lines in a compile error', () => {
    const compiler = new NvrtcCompiler({ disk: null });
    const lambda = `${SCALE}\nextern "C" __global__ void twice(float* x) { auto f = [](float v) { return 2 * v; }; x[0] = f(x[0]); }`;
    expect(compiler.compile({ source: lambda, name: 'scale.cu', arch: 'sm_90', options: ['-std=c++17'] }).binary.byteLength).toBeGreaterThan(0);
    const broken = `${SCALE}\nextern "C" __global__ void bad(float* x) { x[0] = undefined_name; }`;
    const message = err(() => compiler.compile({ source: broken, name: 'bad.cu', arch: 'sm_90' }));
    expect(message).toMatch(/^ERR_NVRTC_COMPILE: nvrtc: .*bad.cu/);
    expect(message).toMatch(/identifier "undefined_name" is undefined/);
    expect(message).toMatch(/\| extern "C" __global__ void bad\(float\* x\) \{ x\[0\] = undefined_name; \}/);
  });
});
