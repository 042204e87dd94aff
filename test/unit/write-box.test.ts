// The complement of a written box (src/ir/write-box.ts), checked element by element: the box and
// its complement views cover every element of the storage exactly once.
import { describe, expect, it } from 'vitest';
import { complementOfBox } from '../../src/ir/write-box.js';
import type { Strided } from '../../src/ir/movement.js';

function positions(v: Strided): number[] {
  const out: number[] = [];
  const walk = (j: number, at: number) => {
    if (j === v.shape.length) { out.push(at); return; }
    for (let i = 0; i < v.shape[j]; i++) walk(j + 1, at + i * v.strides[j]);
  };
  walk(0, v.offset);
  return out;
}

function expectPartition(target: Strided, elements: number): void {
  const rest = complementOfBox(target, elements);
  expect(rest, JSON.stringify(target)).toBeDefined();
  const hits = new Array(elements).fill(0);
  for (const v of [target, ...rest!]) for (const p of positions(v)) hits[p]++;
  expect(hits.every((h) => h === 1), `${JSON.stringify(target)} of ${elements}: ${JSON.stringify(rest)}`).toBe(true);
  expect(rest!.length).toBeLessThanOrEqual(2 * (target.shape.filter((d) => d !== 1).length + 1));
}

describe('complementOfBox', () => {
  it('the interior of a matrix, a row, a column, a corner, the whole', () => {
    expectPartition({ shape: [4, 5], strides: [7, 1], offset: 8 }, 49); // u[1:-1, 1:-1] of 6x7 ... (rows of 7)
    expectPartition({ shape: [3], strides: [1], offset: 10 }, 20); // a run of a row
    expectPartition({ shape: [1, 5], strides: [5, 1], offset: 10 }, 25); // u[2:3, :]
    expectPartition({ shape: [5, 1], strides: [5, 1], offset: 2 }, 25); // u[:, 2:3]: a column, 5 runs of 1
    expectPartition({ shape: [2, 2], strides: [5, 1], offset: 18 }, 25); // the last corner
    expectPartition({ shape: [5, 5], strides: [5, 1], offset: 0 }, 25); // the whole: no complement
    expectPartition({ shape: [], strides: [], offset: 7 }, 9); // one element
    expectPartition({ shape: [3], strides: [2], offset: 1 }, 6); // a step of 2: a column of rows of 2
    expectPartition({ shape: [2, 3, 4], strides: [40, 8, 1], offset: 40 + 16 + 2 }, 160); // a 3-D box
  });

  it('a centred box has one complement view per dimension and one for the rows outside it', () => {
    const n = 9;
    const rest = complementOfBox({ shape: [n - 2, n - 2], strides: [n, 1], offset: n + 1 }, n * n)!; // u[1:-1, 1:-1]
    expect(rest).toEqual([
      { shape: [2, n], strides: [(n - 1) * n, 1], offset: 0 }, // the first and last rows
      { shape: [n - 2, 2, 1], strides: [n, n - 1, 1], offset: n }, // the first and last columns of the rows between
    ]);
    expectPartition({ shape: [n - 2, n - 2], strides: [n, 1], offset: n + 1 }, n * n);
    expectPartition({ shape: [3, 8, 2], strides: [60, 6, 1], offset: 60 + 6 + 2 }, 300); // a 5x10x6 array's [1:4, 1:9, 2:4]
    expect(complementOfBox({ shape: [3, 8, 2], strides: [60, 6, 1], offset: 60 + 6 + 2 }, 300)!.length).toBe(3);
    // [1:6, 2:7] of 9x9: 1 row before and 3 after (two views), 2 columns before and 2 after (one)
    expect(complementOfBox({ shape: [5, 5], strides: [9, 1], offset: 9 + 2 }, 81)!.length).toBe(3);
    expectPartition({ shape: [5, 5], strides: [9, 1], offset: 9 + 2 }, 81);
  });

  it('random boxes of random row-major layouts', () => {
    let seed = 1;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    for (let t = 0; t < 300; t++) {
      const nd = 1 + rnd(3);
      const dims = Array.from({ length: nd }, () => 1 + rnd(5));
      const shape = dims.map((d) => 1 + rnd(d));
      const starts = dims.map((d, j) => rnd(d - shape[j] + 1));
      const strides = dims.map((_, j) => dims.slice(j + 1).reduce((a, b) => a * b, 1));
      const elements = dims.reduce((a, b) => a * b, 1) + rnd(3) * strides[0] * 0; // whole rows
      expectPartition({ shape, strides, offset: starts.reduce((a, s, j) => a + s * strides[j], 0) }, elements);
    }
  });

  it('what is not a box of a row-major layout is refused', () => {
    expect(complementOfBox({ shape: [3], strides: [2], offset: 0 }, 5)).toBeUndefined(); // a step whose last row of 2 runs past the storage
    expect(complementOfBox({ shape: [3, 2], strides: [1, 3], offset: 0 }, 6)).toBeUndefined(); // a transpose
    expect(complementOfBox({ shape: [3], strides: [-1], offset: 2 }, 3)).toBeUndefined(); // reversed
    expect(complementOfBox({ shape: [2, 4], strides: [3, 1], offset: 0 }, 6)).toBeUndefined(); // rows overlap
    expect(complementOfBox({ shape: [2, 2], strides: [4, 1], offset: 4 }, 7)).toBeUndefined(); // the last row runs past the storage
    expect(complementOfBox({ shape: [0, 3], strides: [3, 1], offset: 0 }, 6)).toBeUndefined(); // empty
  });
});
