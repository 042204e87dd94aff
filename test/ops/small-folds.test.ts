// Folds over a few elements per output (the 3 coordinates of a point, keepdims, pairs of axes)
// against NumPy over dtypes, NaN and signed zeros, on both schedules. (Session 31 unrolled such
// folds into elementwise ops and reverted it: fused into nbody's outer reduction they recomputed
// the pow per coordinate, and the CPU backend ran nbody at half speed.)
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { compareArrays, numpy, numpyOne, randomArray, type HostArray } from '../helpers/numpy-oracle.js';
import { onSchedule } from '../helpers/schedule.js';

function expectNumpy(actual: cp.NDArray, expr: string, inputs: Record<string, HostArray>, signedZero = false): void {
  const want = numpyOne(expr, inputs);
  if (!want.ok) throw new Error(want.error);
  const cmp = compareArrays(toHost(actual), want.value as HostArray, { signedZero });
  expect(cmp.ok ? '' : `${expr}: ${cmp.message}`).toBe('');
}

describe('folds of a few elements per output, against NumPy', () => {
  const shapes: number[][] = [[5, 3], [3, 7], [2, 2, 6], [4, 1, 2], [1], [3], [6, 4]];
  const folds: Array<[string, string]> = [['sum', 'sum'], ['prod', 'prod'], ['max', 'max'], ['min', 'min'], ['nanmax', 'nanmax'], ['nanmin', 'nanmin'], ['mean', 'mean']];
  for (const dtype of ['float32', 'float64', 'int8', 'uint16', 'int64', 'float16', 'complex64'] as const) {
    for (const gpu of [false, true]) {
      it(`${dtype}, every axis and pair of axes, keepdims (${gpu ? 'GPU' : 'CPU'} schedule)`, () => {
        const got: cp.NDArray[] = [];
        const cases: Array<{ expr: string; inputs: Record<string, HostArray> }> = [];
        onSchedule(gpu, () => {
          for (const shape of shapes) {
            const h = randomArray(dtype, shape, shape.length * 7 + shape[0], { special: dtype.startsWith('float') });
            const axesList: Array<number | number[]> = [...shape.map((_, j) => j), -1, ...(shape.length > 1 ? [[0, shape.length - 1]] : [])];
            for (const axis of axesList) {
              for (const keepdims of [false, true]) {
                for (const [f, np] of folds) {
                  if (dtype === 'complex64' && f !== 'sum' && f !== 'prod' && f !== 'mean') continue;
                  if ((f === 'nanmax' || f === 'nanmin') && !dtype.startsWith('float')) continue;
                  got.push((cp as unknown as Record<string, (...args: unknown[]) => cp.NDArray>)[f](toDevice(h), axis, { keepdims }));
                  cases.push({ expr: `np.${np}(x, axis=${JSON.stringify(axis).replace('[', '(').replace(']', ')')}, keepdims=${keepdims ? 'True' : 'False'})`, inputs: { x: h } });
                }
              }
            }
          }
          const want = numpy(cases);
          const bad = want.flatMap((w, k) => {
            if (!w.ok) return [`${cases[k].expr}: ${w.error}`];
            // (complex64 products of up to 12 factors: a few ulps each; an H200 was 1.1e-5 off NumPy)
            const cmp = compareArrays(toHost(got[k]), w.value as HostArray, dtype === 'complex64' ? { rtol: 1e-4 } : undefined);
            return cmp.ok ? [] : [`${cases[k].expr} of ${JSON.stringify(cases[k].inputs.x.shape)}: ${cmp.message}`];
          });
          expect(bad.slice(0, 3).join('\n')).toBe('');
        });
      });
    }
  }

  it('bool: any, all, and sum counting', () => {
    const h = randomArray('bool', [5, 3], 3);
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        expectNumpy(cp.any(toDevice(h), 1), 'np.any(x, axis=1)', { x: h });
        expectNumpy(cp.all(toDevice(h), 0), 'np.all(x, axis=0)', { x: h });
        expectNumpy(cp.sum(toDevice(h), 1), 'np.sum(x, axis=1)', { x: h });
      });
    }
  });

  it('signed zeros and NaN fold as a reduce kernel does: from the identity, in order', () => {
    const h: HostArray = { dtype: 'float64', shape: [3, 2], data: Float64Array.from([-0, -0, -0, 0, NaN, 1]) };
    for (const gpu of [false, true]) {
      onSchedule(gpu, () => {
        expectNumpy(cp.sum(toDevice(h), 1), 'np.sum(x, axis=1)', { x: h }, true);
        // (max and min of -0 and 0: NumPy's SIMD loops return either zero, by platform; not compared bit for bit)
        expectNumpy(cp.max(toDevice(h), 1), 'np.max(x, axis=1)', { x: h });
        expectNumpy(cp.nanmin(toDevice(h), 1), 'np.nanmin(x, axis=1)', { x: h });
      });
    }
  });

  it('empty inputs and outputs keep the reduction (identities, errors)', () => {
    expectNumpy(cp.sum(cp.zeros([0, 3]), 1), 'np.sum(np.zeros((0, 3)), axis=1)', {});
    expectNumpy(cp.sum(cp.zeros([3, 0]), 1), 'np.sum(np.zeros((3, 0)), axis=1)', {});
    expect(() => cp.max(cp.zeros([3, 0]), 1)).toThrow(/zero-size array/);
  });
});
