// The CPU backend's flat gather in WebAssembly (src/codegen/wasm-gather.ts): take and x[idx] of a
// 1-D float32/float64 source with int32/int64 indices, against NumPy: lengths around the cut-over,
// negative indices, sources too long for the copy (the JS loop), strided and offset sources,
// one and two threads, and an out-of-range index, which raises at the read as the JS loop's does.
// On other backends the same programs run as their kernels and still meet NumPy.
import { afterEach, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { WASM_GATHER_MIN } from '../../src/codegen/wasm-gather.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpyOne, randomArray, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const ON_CPU = cp.currentBackend() === 'cpu';
const usesWasm = (y: cp.NDArray) => cp.explain(y).kernels.some((k) => k.source.includes('$wgather'));

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray>): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray, { signedZero: true });
  expect(cmp.ok ? '' : `${expr}: ${cmp.message}`).toBe('');
}

describe('WebAssembly gathers', () => {
  const threads = cp.config.cpuThreads;
  afterEach(() => {
    cp.config.cpuThreads = threads;
  });

  for (const dtype of ['float32', 'float64'] as DTypeName[]) {
    for (const indexDtype of ['int32', 'int64'] as DTypeName[]) {
      it(`take of ${dtype} by ${indexDtype} indices is NumPy's, at every length, with negative indices, on 1 and 2 threads`, () => {
        for (const threadCount of [1, 2]) {
          cp.config.cpuThreads = threadCount;
          for (const n of [WASM_GATHER_MIN - 1, WASM_GATHER_MIN, WASM_GATHER_MIN + 7, 3 * WASM_GATHER_MIN + 1]) {
            const x = randomArray(dtype, [n], n, { special: true });
            const i = randomArray(indexDtype, [n], n + 1, { low: -n, high: n - 1 }); // high is inclusive
            const y = cp.take(toDevice(x), toDevice(i));
            if (ON_CPU) expect(usesWasm(y)).toBe(true);
            expectNumpy(y, 'np.take(x, i)', { x, i });
            expectNumpy(toDevice(x).get(toDevice(i)), 'x[i]', { x, i });
          }
        }
      });
    }
  }

  it('leaves a long source, a strided source and an offset source to their paths, with NumPy\'s values', () => {
    const n = 2 * WASM_GATHER_MIN;
    const long = randomArray('float32', [9 * n], 1);
    const i = randomArray('int32', [n], 2, { low: 0, high: n - 1 });
    expectNumpy(cp.take(toDevice(long), toDevice(i)), 'np.take(x, i)', { x: long, i }); // source > 4 x indices: JS
    const strided = toDevice(long).get('::2');
    expectNumpy(cp.take(strided, toDevice(i)), 'np.take(x[::2], i)', { x: long, i });
    const offset = toDevice(long).get(`${n}:${2 * n}`);
    expectNumpy(cp.take(offset, toDevice(i)), `np.take(x[${n}:${2 * n}], i)`, { x: long, i });
  });

  it('raises an index out of range at the read, as the JS loop does', () => {
    const n = 2 * WASM_GATHER_MIN;
    const x = cp.arange(n, { dtype: 'float32' });
    const bad = cp.arange(n, { dtype: 'int32' }).add(1); // the last is n
    expect(() => cp.take(x, bad).dataSync()).toThrow(/index out of bounds|out of bounds/);
    const good = cp.take(x, cp.arange(n, { dtype: 'int32' }).subtract(n)); // -n .. -1
    expect(Array.from(good.dataSync() as Float32Array).slice(0, 3)).toEqual([0, 1, 2]);
  });
});
