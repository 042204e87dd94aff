// What the cp.jit tests share: bitwise comparison of a jitted function with the same function run
// eagerly, and deterministic inputs exact in every float dtype.
import { expect } from 'vitest';
import * as cp from '../../src/index.js';

/** An array's dtype, shape and bytes, as text (bitwise comparison). */
export const hex = (a: cp.NDArray): string => {
  const t = a.toTypedArray() as ArrayBufferView;
  return `${a.dtype.name}${JSON.stringify(a.shape)}:${Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('hex')}`;
};

/** Deterministic values in [-2, 2) with a few quarter steps (exact in every float dtype). */
export const values = (n: number, seed: number): number[] => Array.from({ length: n }, (_, i) => Math.round(Math.sin(i * 1.37 + seed * 2.1) * 8) / 4);

/** An array of `shape` and `dtype` with the values of `seed`. */
export const arr = (shape: number[], dtype: string, seed: number): cp.NDArray =>
  cp.asarray(values(shape.reduce((a, b) => a * b, 1), seed)).astype(dtype as 'float32').reshape(shape);

export type Fn = (...args: cp.NDArray[]) => cp.NDArray | cp.NDArray[];
const asList = (r: unknown) => (Array.isArray(r) ? r as cp.NDArray[] : [r as cp.NDArray]);

/** fn jitted against fn eager over `calls` argument lists (bitwise), counting fn's runs. */
export function replays(fn: Fn, calls: cp.NDArray[][]): { runs: number; f: ReturnType<typeof cp.jit> } {
  let runs = 0;
  const f = cp.jit((...args: cp.NDArray[]) => { runs++; return fn(...args); });
  for (const args of calls) {
    const want = asList(fn(...args)).map(hex);
    expect(asList(f(...args)).map(hex)).toEqual(want);
  }
  return { runs, f };
}
