// The exported functions, the NDArray chain methods and their type declarations all come from
// the op table: nothing may be missing or left over.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { ELEMENTWISE_OPS } from '../../src/ir/ops.js';
import { PACKAGE_ROOT } from '../../src/runtime/native.js';

describe('API surface from the op table', () => {
  it('exports a function for every op name and alias', () => {
    for (const op of ELEMENTWISE_OPS) {
      // the second output of frexp and modf is returned by the function of the first
      if (op.output === 1) continue;
      const namespace = (op.module === 'special' ? cp.special : cp) as Record<string, unknown>;
      for (const name of [op.name, ...(op.aliases ?? [])]) expect(typeof namespace[name], name).toBe('function');
    }
  });

  it('declares exactly the table\'s chain methods, with the right arity', () => {
    const text = readFileSync(join(PACKAGE_ROOT, 'src/api/ndarray-methods.ts'), 'utf8');
    const declared = new Map([...text.matchAll(/^\s+(\w+)\((other: ArrayOrScalar)?\): NDArray;$/gm)].map((m) => [m[1], m[2] ? 2 : 1]));
    const table = new Map(ELEMENTWISE_OPS.flatMap((op) => (op.methods ?? []).map((m) => [m, op.arity] as [string, number])));
    expect(Object.fromEntries(declared)).toEqual(Object.fromEntries(table));
    for (const m of table.keys()) expect(typeof (cp.NDArray.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
  });
});
