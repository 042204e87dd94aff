// console.log(x) prints an array as NumPy's repr does (not the graph node inside it), computing a
// lazy array first as NumPy shows values; an array that cannot be read prints why instead of
// throwing out of console.log; console.log(x.dtype) prints the dtype's name.
import { spawnSync } from 'node:child_process';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';

/** Arrays made in cupyts and the same in NumPy. */
const CASES: Array<{ label: string; make: () => cp.NDArray; py: string }> = [
  { label: 'int64', make: () => cp.asarray([1, 2, 3]), py: 'np.asarray([1, 2, 3])' },
  { label: 'float32', make: () => cp.asarray([1.5, 2, -0.25], { dtype: 'float32' }), py: "np.asarray([1.5, 2, -0.25], dtype='float32')" },
  { label: 'bool 2-D', make: () => cp.asarray([[true, false], [false, true]]), py: 'np.asarray([[True, False], [False, True]])' },
  { label: '0-d', make: () => cp.asarray(2.5), py: 'np.asarray(2.5)' },
  { label: 'empty 2-D', make: () => cp.zeros([0, 3]), py: 'np.zeros((0, 3))' },
  { label: 'uint8 transposed view', make: () => cp.arange(6).reshape(2, 3).astype('uint8').T, py: "np.arange(6).reshape(2, 3).astype('uint8').T" },
  { label: 'summarized', make: () => cp.arange(2000).reshape(40, 50), py: 'np.arange(2000).reshape(40, 50)' },
  { label: 'lazy', make: () => cp.arange(4).mul(2.5).add(1), py: 'np.arange(4) * 2.5 + 1' },
];

function numpyReprs(): string[] {
  const script = `import json, numpy as np\nprint(json.dumps([repr(x) for x in [${CASES.map((c) => c.py).join(', ')}]]))`;
  const r = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

describe('console.log of an array', () => {
  const expected = numpyReprs();

  it.each(CASES.map((c, i) => [c.label, c, i] as const))('%s prints as NumPy repr', (_, c, i) => {
    const a = c.make();
    expect(inspect(a)).toBe(expected[i]);
    expect(inspect(a)).toBe(a.repr());
  });

  it('computes a lazy array to print it, and prints arrays inside other values', () => {
    const x = cp.asarray([1, 2]).add(1);
    expect(x.node.realized).toBeUndefined();
    expect(inspect({ x, list: [cp.asarray([true])] })).toBe('{ x: array([2, 3]), list: [ array([ True]) ] }');
    expect(x.node.realized).toBeDefined();
  });

  it('prints a disposed array as such instead of throwing', () => {
    const a = cp.asarray([1.5, 2], { dtype: 'float32' });
    a.dispose();
    const text = inspect(a);
    expect(text).toMatch(/^array\(<not readable: .*dispose.*>, shape=\(2,\), dtype=float32\)$/);
  });

  it('prints an array poisoned by a failed kernel as such instead of throwing', () => {
    const r = cp.arange(5).get(cp.asarray([1, 9])); // index 9 is out of range: found by the kernel
    expect(inspect(r)).toMatch(/^array\(<not readable: .*(out of bounds|index).*>, shape=\(2,\), dtype=int64\)$/);
  });
});

describe('console.log of a dtype', () => {
  it('prints its name', () => {
    const x = cp.asarray([1, 2]);
    expect(inspect(x.dtype)).toBe('int64');
    expect(inspect(cp.float16)).toBe('float16');
    expect(String(cp.float32)).toBe('float32');
    expect(`${cp.toDType('f8')}`).toBe('float64');
    expect(inspect({ dtype: cp.bool })).toBe('{ dtype: bool }');
  });
});
