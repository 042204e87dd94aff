// dtype facts, aliases and float16 conversions, checked against NumPy via gen_promotion.py.
import { describe, expect, it } from 'vitest';
import { runNumpyFixture } from '../helpers/fixtures.js';

import {
  DTYPES,
  DTYPE_NAMES,
  type DTypeLike,
  type DTypeName,
  bool,
  bool_,
  dtypeMax,
  dtypeMin,
  f16BitsToNumber,
  float16,
  float32,
  int8,
  isBool,
  isFloat,
  isInteger,
  isSigned,
  isComplexDType,
  realPartDType,
  complexOf,
  numberToF16Bits,
  toDType,
} from '../../src/ir/dtype.js';
import { CupytsError, argError } from '../../src/ir/errors.js';

interface NumpyFacts {
  numpy: string;
  names: DTypeName[];
  aliases: Record<string, DTypeName | null>;
  itemsize: Record<DTypeName, number>;
  kind: Record<DTypeName, string>;
  limits: Partial<Record<DTypeName, [string, string]>>;
  float16: { toBits: [string, number][]; fromBits: string[] };
}

function loadNumpyFacts(): NumpyFacts {
  return runNumpyFixture<NumpyFacts>('test/fixtures/gen_promotion.py');
}

const np = loadNumpyFacts();

/** A float64 from its 16 hex digits (big-endian bit pattern), NaN payloads and -0 included. */
function f64FromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

const hex4 = (bits: number): string => `0x${bits.toString(16).padStart(4, '0')}`;

describe('dtype objects', () => {
  it('has the twelve NumPy dtypes in order', () => {
    expect([...DTYPE_NAMES]).toEqual(np.names);
    expect(Object.keys(DTYPES)).toEqual(np.names);
  });

  it.each(np.names)('%s: kind and itemsize match NumPy', (name) => {
    const d = DTYPES[name];
    expect(d.name).toBe(name);
    expect(d.kind).toBe(np.kind[name]);
    expect(d.itemsize).toBe(np.itemsize[name]);
    expect(String(d)).toBe(name);
    expect(Object.isFrozen(d)).toBe(true);
  });

  it.each(np.names)('%s: host TypedArray has the element size (float16 as raw bits, complex as (re, im) pairs)', (name) => {
    const d = DTYPES[name];
    const constructors = globalThis as unknown as Record<string, { BYTES_PER_ELEMENT: number }>;
    const slots = d.kind === 'c' ? 2 : 1;
    expect(constructors[d.jsArray].BYTES_PER_ELEMENT * slots).toBe(d.itemsize);
  });

  it('exports bool both as bool_ and bool', () => {
    expect(bool).toBe(bool_);
    expect(DTYPES.bool).toBe(bool_);
  });

  it.each(np.names)('%s: predicates agree with the NumPy kind', (name) => {
    const d = DTYPES[name];
    const kind = np.kind[name];
    expect(isBool(d)).toBe(kind === 'b');
    expect(isFloat(d)).toBe(kind === 'f');
    expect(isInteger(d)).toBe(kind === 'i' || kind === 'u');
    expect(isSigned(d)).toBe(kind === 'i');
    expect(isComplexDType(d)).toBe(kind === 'c');
  });

  it('realPartDType and complexOf pair complex dtypes with their float parts', () => {
    expect(realPartDType(DTYPES.complex64)).toBe(DTYPES.float32);
    expect(realPartDType(DTYPES.complex128)).toBe(DTYPES.float64);
    expect(realPartDType(DTYPES.int8)).toBe(DTYPES.int8);
    expect(complexOf(DTYPES.float16)).toBe(DTYPES.complex64);
    expect(complexOf(DTYPES.float32)).toBe(DTYPES.complex64);
    expect(complexOf(DTYPES.float64)).toBe(DTYPES.complex128);
    expect(complexOf(DTYPES.complex64)).toBe(DTYPES.complex64);
  });

  it.each(Object.entries(np.limits))('%s: dtypeMin/dtypeMax equal np.iinfo', (name, limits) => {
    const d = DTYPES[name as DTypeName];
    expect(dtypeMin(d)).toBe(BigInt(limits![0]));
    expect(dtypeMax(d)).toBe(BigInt(limits![1]));
  });

  it('dtypeMin/dtypeMax reject float dtypes', () => {
    expect(() => dtypeMax(float32)).toThrow(
      'dtypeMax: expected an integer or bool dtype, got float32',
    );
  });
});

describe('toDType', () => {
  it.each(Object.entries(np.aliases))("'%s' resolves as np.dtype does", (alias, numpyName) => {
    expect(numpyName).not.toBeNull();
    expect(toDType(alias as DTypeLike).name).toBe(numpyName);
  });

  it('returns the canonical object for a DType', () => {
    expect(toDType(int8)).toBe(int8);
    expect(toDType({ ...float16 })).toBe(float16);
  });

  it('names the op and lists the dtypes for an unknown name', () => {
    // @ts-expect-error a misspelt dtype name does not compile
    const error = catchError(() => toDType('floot32', 'astype'));
    expect(error).toBeInstanceOf(CupytsError);
    expect(error.code).toBe('ERR_DTYPE');
    expect(error.message).toBe(
      `astype: unknown dtype 'floot32'; expected one of ${np.names.join(', ')}`,
    );
  });

  it.each(['toString', 'constructor', '', 'Float32'])("rejects '%s'", (name) => {
    expect(() => toDType(name as DTypeLike)).toThrow(/^dtype: unknown dtype/);
  });

  it('rejects values that are not dtypes', () => {
    const error = catchError(() => toDType(42 as unknown as DTypeLike, 'zeros'));
    expect(error.code).toBe('ERR_DTYPE');
    expect(error.message).toBe('zeros: expected a dtype or dtype name, got 42');
  });
});

describe('errors', () => {
  it('argError reads "op: expected …, got …" with code ERR_ARG', () => {
    const error = argError('reshape', 'a shape', 'abc');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('CupytsError');
    expect(error.code).toBe('ERR_ARG');
    expect(error.message).toBe("reshape: expected a shape, got 'abc'");
  });

  it.each([
    [[1, 2, 3], 'an array of length 3'],
    [new Float32Array(4), 'Float32Array(4)'],
    [{ shape: [2, 3] }, 'an object of shape [2, 3]'],
    [new (class NDArray { shape = [4] })(), 'NDArray of shape [4]'],
    [null, 'null'],
    [undefined, 'undefined'],
    [7n, '7n'],
    [-0, '-0'],
    [{}, 'an object'],
    [new Map(), 'Map'],
    ['x'.repeat(50), `'${'x'.repeat(40)}…'`],
  ])('describes %o as %s', (value, text) => {
    expect(argError('op', 'something', value).message).toBe(`op: expected something, got ${text}`);
  });

  it('keeps a cause', () => {
    const cause = new Error('inner');
    expect(new CupytsError('ERR_X', 'outer', { cause }).cause).toBe(cause);
  });
});

describe('float16 conversions', () => {
  it(`f16BitsToNumber matches NumPy ${np.numpy} for all 65536 bit patterns`, () => {
    const mismatches: string[] = [];
    np.float16.fromBits.forEach((hex, bits) => {
      const expected = f64FromHex(hex);
      const got = f16BitsToNumber(bits);
      if (!Object.is(got, expected)) {
        mismatches.push(`${hex4(bits)}: got ${got}, NumPy ${expected}`);
      }
    });
    expect(mismatches).toEqual([]);
  });

  const count = np.float16.toBits.length;
  it(`numberToF16Bits matches NumPy on ${count} values (ties, subnormals, inf, NaN, -0)`, () => {
    const mismatches: string[] = [];
    for (const [hex, expected] of np.float16.toBits) {
      const x = f64FromHex(hex);
      const got = numberToF16Bits(x);
      if (got !== expected) {
        mismatches.push(`${x} (0x${hex}): got ${hex4(got)}, NumPy ${hex4(expected)}`);
      }
    }
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('round-trips every non-NaN float16', () => {
    const mismatches: string[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00 && bits & 0x03ff) continue; // NaN
      const back = numberToF16Bits(f16BitsToNumber(bits));
      if (back !== bits) mismatches.push(`${hex4(bits)} -> ${hex4(back)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

function catchError(fn: () => unknown): CupytsError {
  try {
    fn();
  } catch (error) {
    return error as CupytsError;
  }
  throw new Error('expected a throw');
}
