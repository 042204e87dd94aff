// str() and repr() of arrays, checked against NumPy's own output via gen_format.py.
import { describe, expect, it } from 'vitest';
import { runNumpyFixture } from '../helpers/fixtures.js';

import { type FormatDType, formatArray, reprArray } from '../../src/api/format.js';

type JsonValue = string | number | boolean;

interface NumpyCase {
  name: string;
  dtype: FormatDType;
  shape: number[];
  values: JsonValue[];
  str: string;
  repr: string;
}

interface NumpyScalar {
  dtype: 'float16' | 'float32' | 'float64';
  value: string;
  str: string;
  repr: string;
}

interface NumpyFacts {
  numpy: string;
  cases: NumpyCase[];
  scalars: NumpyScalar[];
}

function loadNumpyFacts(): NumpyFacts {
  return runNumpyFixture<NumpyFacts>('test/fixtures/gen_format.py');
}

function f64FromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

/** The host values as the array would hand them over: bigint for 64-bit ints, boolean for bool. */
function decodeValues(c: Pick<NumpyCase, 'dtype' | 'values'>): (number | bigint | boolean)[] {
  if (c.dtype === 'bool') return c.values as boolean[];
  if (c.dtype.startsWith('float')) return (c.values as string[]).map(f64FromHex);
  if (c.dtype === 'int64' || c.dtype === 'uint64') return (c.values as string[]).map((v) => BigInt(v));
  return c.values as number[];
}

const np = loadNumpyFacts();

describe(`array text like NumPy ${np.numpy}`, () => {
  it('has cases of every dtype', () => {
    expect(new Set(np.cases.map((c) => c.dtype)).size).toBe(12);
  });

  it.each(np.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const values = decodeValues(c);
    expect(formatArray(values, c.shape, c.dtype)).toBe(c.str);
    expect(reprArray(values, c.shape, c.dtype)).toBe(c.repr);
  });

  for (const dtype of ['float16', 'float32', 'float64'] as const) {
    it(`prints ${dtype} scalars (0-d arrays) like NumPy`, () => {
      const mismatches: string[] = [];
      for (const s of np.scalars.filter((x) => x.dtype === dtype)) {
        const value = [f64FromHex(s.value)];
        const got = [formatArray(value, [], dtype), reprArray(value, [], dtype)];
        if (got[0] !== s.str || got[1] !== s.repr) {
          mismatches.push(`${s.value}: got ${got.join(' | ')}, NumPy ${s.str} | ${s.repr}`);
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe('argument checks', () => {
  it('rejects a value count that does not match the shape', () => {
    expect(() => formatArray([1, 2, 3], [2, 2], 'int32')).toThrow('formatArray: expected 4 values for shape (2, 2), got 3');
  });
});
