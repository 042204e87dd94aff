// NEP 50 promotion, weak scalars and casting, checked against NumPy via gen_promotion.py.
import { describe, expect, it } from 'vitest';
import { runNumpyFixture } from '../helpers/fixtures.js';

import { complex, type Complex } from '../../src/ir/complex.js';
import { DTYPES, type DTypeName, int8, uint8 } from '../../src/ir/dtype.js';
import { CupytsError } from '../../src/ir/errors.js';
import {
  type Casting,
  type Operand,
  canCast,
  checkWeakScalar,
  promoteTypes,
  resultType,
  weakScalarFits,
} from '../../src/ir/promotion.js';

type ScalarJson =
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: string }
  | { kind: 'float'; bits: string }
  | { kind: 'complex'; re: string; im: string };

type Outcome = { dtype: DTypeName } | { error: 'OverflowError'; message: string };

interface NumpyFacts {
  numpy: string;
  names: DTypeName[];
  promoteTypes: Record<DTypeName, Record<DTypeName, DTypeName>>;
  canCast: Record<Casting, Record<DTypeName, Record<DTypeName, boolean>>>;
  weakPairs: { dtype: DTypeName; scalar: ScalarJson; result: Outcome }[];
  weakTriples: { dtypes: [DTypeName, DTypeName]; scalar: ScalarJson; result: Outcome }[];
  allWeak: { scalars: ScalarJson[]; result: DTypeName }[];
}

function loadNumpyFacts(): NumpyFacts {
  return runNumpyFixture<NumpyFacts>('test/fixtures/gen_promotion.py');
}

const np = loadNumpyFacts();
const dtypes = np.names.map((name) => DTYPES[name]);

function f64FromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

/**
 * The JS spellings of a Python scalar: a Python int becomes a bigint and, when exactly
 * representable, also a number; a Python float a (non-integer) number; a bool a boolean.
 */
function jsScalars(scalar: ScalarJson): (number | bigint | boolean | Complex)[] {
  if (scalar.kind === 'bool') return [scalar.value];
  if (scalar.kind === 'complex') return [complex(f64FromHex(scalar.re), f64FromHex(scalar.im)), { re: f64FromHex(scalar.re), im: f64FromHex(scalar.im) }];
  if (scalar.kind === 'float') return [f64FromHex(scalar.bits)];
  // A Python int is a JS number only where that number is a safe integer (past 2**53 a number is
  // a float, as cp.array takes it); a BigInt stands for every Python int.
  const big = BigInt(scalar.value);
  const asNumber = Number(big);
  return Number.isSafeInteger(asNumber) && BigInt(asNumber) === big ? [asNumber, big] : [big];
}

const show = (x: Operand): string =>
  typeof x === 'bigint' ? `${x}n` : typeof x === 'object' ? ('name' in x ? x.name : `complex(${x.re}, ${x.im})`) : String(x);

/** What resultType says about operands, in the shape of a NumPy outcome. */
function observe(operands: Operand[]): Outcome {
  try {
    return { dtype: resultType('add', ...operands).name };
  } catch (error) {
    if (!(error instanceof CupytsError) || error.code !== 'ERR_OVERFLOW') throw error;
    return { error: 'OverflowError', message: error.message };
  }
}

/** NumPy's messages we copy; for ints beyond 64 bits NumPy says "...convert to C long". */
const COPIED_MESSAGE =
  /^(Python integer -?\d+ out of bounds for \w+|int too large to convert to float)$/;

function expectSameOutcome(operands: Operand[], numpy: Outcome): void {
  const got = observe(operands);
  if ('dtype' in numpy) {
    expect(got).toEqual(numpy);
  } else {
    expect('error' in got, `expected OverflowError (${numpy.message})`).toBe(true);
    if (COPIED_MESSAGE.test(numpy.message) && 'message' in got) {
      expect(got.message).toBe(`add: ${numpy.message}`);
    }
  }
}

describe('promoteTypes', () => {
  const pairs = np.names.flatMap((a) => np.names.map((b) => [a, b, np.promoteTypes[a][b]]));
  it.each(pairs)('%s + %s -> %s, as np.promote_types', (a, b, expected) => {
    expect(promoteTypes(DTYPES[a], DTYPES[b]).name).toBe(expected);
  });

  it('returns the canonical dtype objects', () => {
    expect(promoteTypes(int8, uint8)).toBe(DTYPES.int16);
  });
});

describe('canCast', () => {
  const castings = Object.keys(np.canCast) as Casting[];
  it.each(castings)("matches np.can_cast for all 196 pairs with casting='%s'", (casting) => {
    const mismatches: string[] = [];
    for (const from of dtypes) {
      for (const to of dtypes) {
        const expected = np.canCast[casting][from.name][to.name];
        if (canCast(from, to, casting) !== expected) {
          mismatches.push(`${from} -> ${to}: NumPy ${expected}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects an unknown casting kind', () => {
    expect(() => canCast(int8, uint8, 'sometimes' as Casting)).toThrow(
      "canCast: expected casting to be one of no, equiv, safe, same_kind, unsafe, got 'sometimes'",
    );
  });
});

describe('resultType with weak scalars (NEP 50), as `np.zeros(1, dtype) + scalar`', () => {
  const cases = np.weakPairs.flatMap(({ dtype, scalar, result }) =>
    jsScalars(scalar).map((value) => [dtype, show(value), value, result] as const),
  );
  it.each(cases)('%s + %s', (dtype, _shown, value, result) => {
    expectSameOutcome([DTYPES[dtype], value], result);
    expectSameOutcome([value, DTYPES[dtype]], result);
  });
});

describe('resultType(a, b, scalar), as `(zeros(a) + zeros(b)) + scalar`', () => {
  const cases = np.weakTriples.flatMap(({ dtypes: [a, b], scalar, result }) =>
    jsScalars(scalar).map((value) => [a, b, show(value), value, result] as const),
  );
  it.each(cases)('%s + %s + %s', (a, b, _shown, value, result) => {
    expectSameOutcome([DTYPES[a], DTYPES[b], value], result);
    expectSameOutcome([value, DTYPES[b], DTYPES[a]], result);
  });
});

describe('resultType with only scalars, as np.result_type', () => {
  const cases = np.allWeak.map(({ scalars, result }) => {
    const values = scalars.map((s) => jsScalars(s)[0]);
    return [values.map(show).join(', '), values, result] as const;
  });
  it.each(cases)('(%s)', (_shown, values, result) => {
    expect(resultType('add', ...values).name).toBe(result);
  });
});

describe('weak scalar checks', () => {
  it('uses NumPy wording for an out-of-range Python integer', () => {
    expect(() => checkWeakScalar('add', 300, uint8)).toThrow(
      'add: Python integer 300 out of bounds for uint8',
    );
    expect(observe([uint8, -1])).toEqual({
      error: 'OverflowError',
      message: 'add: Python integer -1 out of bounds for uint8',
    });
    expect(() => resultType('subtract', uint8, -1)).toThrow(
      expect.objectContaining({ code: 'ERR_OVERFLOW', name: 'CupytsError' }),
    );
  });

  it('takes a number past 2^53 as a float (as cp.array does), a BigInt that large as an int printed exactly', () => {
    expect(() => checkWeakScalar('add', 1e20, DTYPES.int64)).not.toThrow();
    expect(resultType('add', DTYPES.int8, 1e20).name).toBe('float64');
    expect(resultType('hypot', DTYPES.int8, 1e300).name).toBe('float64');
    expect(resultType('add', DTYPES.uint64, 2 ** 53).name).toBe('float64');
    expect(resultType('add', DTYPES.uint64, 2 ** 53 - 1).name).toBe('uint64');
    expect(() => checkWeakScalar('add', BigInt(1e20), DTYPES.int64)).toThrow(
      `add: Python integer ${BigInt(1e20)} out of bounds for int64`,
    );
  });

  it('never raises for weak floats or booleans', () => {
    expect(() => checkWeakScalar('add', 2.5, uint8)).not.toThrow();
    expect(() => checkWeakScalar('add', true, uint8)).not.toThrow();
  });

  it('weakScalarFits agrees with NumPy overflow on every weak int case', () => {
    for (const { dtype, scalar, result } of np.weakPairs) {
      if (scalar.kind !== 'int') continue;
      const target = resultType('add', DTYPES[dtype], 0); // where the int goes: bool -> int64
      for (const value of jsScalars(scalar) as (number | bigint)[]) {
        const fits = weakScalarFits(value, target);
        expect(fits, `${show(value)} in ${target}`).toBe('dtype' in result);
      }
    }
  });

  it('rejects operands that are not dtypes or scalars', () => {
    expect(() => resultType('add', 'int8' as unknown as Operand)).toThrow(
      "add: expected a dtype, number, bigint, boolean or complex, got 'int8'",
    );
    expect(() => resultType('add')).toThrow(/^add: expected at least one dtype or scalar/);
  });
});
