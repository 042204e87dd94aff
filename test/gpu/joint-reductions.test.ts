// Joint reductions on the device (src/ir/reduce-pairs.ts, codegen/cuda-reduce-state.ts): the
// cases of test/ops/joint-reduction-cases.ts against NumPy, bitwise the same on a second run, and
// shapes large enough for every geometry a joint pass takes (a block per row with cached vectors,
// groups of lanes, column order, split rows and split columns with their partials), also with
// NaN and infinities spread over lanes and segments. Skipped without a device.
import { beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';
import { compareArrays, numpy, randomArray, type DTypeName, type HostArray, type OracleResult } from '../helpers/numpy-oracle.js';
import { jointCases, PROGRAMS, specialRows, type JointCase } from '../ops/joint-reduction-cases.js';

setBackendNotice(() => {});

/** Bit patterns, so that NaNs and signed zeros compare too. */
function bits(h: HostArray): string {
  const bytes = new Uint8Array(h.data.buffer, h.data.byteOffset, h.data.byteLength);
  return Buffer.from(bytes).toString('base64');
}

function onCuda<T>(f: () => T): T {
  const before = currentBackend();
  try {
    useBackend('cuda');
    return f();
  } finally {
    useBackend(before);
  }
}

/** Shapes for each geometry: rows of 2^20 (split rows), 2^18 × 64 down axis 0 (split columns), ... */
function largeCases(): JointCase[] {
  const out: JointCase[] = [];
  const shapes: Array<[number[], number | null, DTypeName]> = [
    [[1 << 20], 0, 'float32'], [[16, 1 << 18], 1, 'float32'], [[1 << 18, 64], 0, 'float32'], [[1 << 18, 64], 1, 'float32'],
    [[2048, 2048], 0, 'float32'], [[2048, 2048], 1, 'float64'], [[64, 8192], 1, 'float32'], [[8192, 64], 0, 'float64'],
    [[1 << 16, 8], 1, 'float32'], [[512, 512], null, 'float32'], [[4096, 300], 1, 'float32'],
  ];
  shapes.forEach(([shape, axis, dtype], i) => {
    const h = randomArray(dtype, shape, 100 + i, { low: -4, high: 4 });
    for (const name of ['var', 'standardize', 'softmax', 'logsumexp']) {
      const p = PROGRAMS[name];
      const ax = axis === null ? 'None' : String(axis);
      out.push({ label: `${name} ${dtype} ${shape.join('x')} axis=${ax}`, input: h, run: (a) => p.run(a, axis, false), numpy: p.numpy(ax, 'False') });
    }
  });
  // NaN and infinities inside long rows and columns (they reach the lanes' and segments' combination).
  for (const n of [4096, 1 << 18]) {
    const h = specialRows('float32', n, n);
    for (const name of ['var', 'standardize', 'softmax', 'logsumexp']) {
      const p = PROGRAMS[name];
      out.push({ label: `${name} special rows of ${n}`, input: h, run: (a) => p.run(a, 1, false), numpy: p.numpy('1', 'False') });
      out.push({ label: `${name} special columns of ${n}`, input: h, run: (a) => p.run(a.T, 0, false), numpy: `(lambda a: ${p.numpy('0', 'False')})(a.T)` });
    }
  }
  return out;
}

describe.skipIf(!HAS_CUDA_DEVICE)('joint reductions on the GPU against NumPy, deterministic', () => {
  const cases = HAS_CUDA_DEVICE ? [...jointCases(), ...largeCases()] : [];
  let want: OracleResult[] = [];
  beforeAll(() => {
    want = numpy(cases.map((c) => ({ expr: c.numpy, inputs: { a: c.input } })));
  }, 600_000);
  it.each(cases.map((c, i) => [c.label, i] as const))('%s', (_, i) => {
    const c = cases[i];
    const run = () => onCuda(() => toHost(c.run(toDevice(c.input))));
    const got = run();
    const w = want[i];
    if (!w.ok) throw new Error(w.error);
    const cmp = compareArrays(got, w.value as HostArray);
    expect(cmp.ok ? '' : cmp.message).toBe('');
    expect(bits(run()) === bits(got) ? 'bitwise equal' : 'differs between runs').toBe('bitwise equal');
  });
  it('the mean beside a variance is bitwise the sum a lone mean computes', () => {
    onCuda(() => {
      const x = cp.random.default_rng(3).random([1 << 18, 64], { dtype: 'float32' });
      for (const axis of [0, 1]) {
        const alone = toHost(cp.mean(x, { axis }));
        const beside = toHost(cp.stack([cp.mean(x, { axis }), cp.var(x, { axis })]).get(0));
        expect(bits(beside)).toBe(bits(alone));
      }
    });
  });
});
