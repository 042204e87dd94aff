// clip and where with JS (Python) integers an integer array's dtype cannot hold, against NumPy 2.4.
// clip: NumPy's _clip drops a bound that is a Python int at or past the end of an integer array's
// range (clip(int8, 0, 1000) is int8 [.., 0] and no OverflowError; with both dropped it is
// positive(a), a copy); a bound within range on the other side still raises (clip(int8, 1000,
// 2000)); bool and float arrays promote as before (clip(bool, 0, 1000) is int64). where: such an
// integer raises OverflowError as in arithmetic (NumPy 2.5, and every release before 2.4; 2.4
// wrapped it, numpy/numpy#27006, so those cases skip against a 2.4 oracle), past a C long with
// NumPy's message, and rounds into a float dtype (float16 with 70000 is inf). Over dtypes, 0-d
// and empty arrays, NaN, with out=, and the errors NumPy raises too.
import { describe, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ErrorCase, type ValueCase } from '../helpers/numpy-cases.js';
import { describeCompilesEveryKernel } from '../helpers/nvrtc-batch.js';
import { numpyVersion } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

type Bound = number | bigint | null;
const npType = (dtype: string) => `np.${dtype === 'bool' ? 'bool_' : dtype}`;
const pyValue = (v: Bound | boolean) => (v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : Number.isNaN(v) ? 'np.nan' : v === Infinity ? 'np.inf' : String(v));

/** An array literal on both sides. */
function lit(dtype: string, values: readonly (number | bigint | boolean)[], shape: number[] = [values.length]) {
  return {
    py: `np.array([${values.map(pyValue).join(', ')}], ${npType(dtype)}).reshape((${shape.join(', ')}${shape.length === 1 ? ',' : ''}))`,
    js: () => cp.asarray(values as number[], { dtype: dtype as cp.DTypeLike }).reshape(shape),
  };
}

const ARRAYS = {
  int8: lit('int8', [1, 2, -5, 127, -128]),
  uint8: lit('uint8', [1, 2, 200, 0, 255]),
  int16: lit('int16', [1, -300, 32767]),
  uint64: lit('uint64', [1n, 2n, 2n ** 64n - 1n]),
  int64: lit('int64', [1n, -(2n ** 63n), 2n ** 63n - 1n]),
  bool: lit('bool', [true, false]),
  float32: lit('float32', [NaN, 1.5, -1000.5, Infinity]),
  int8_0d: lit('int8', [5], []),
  int8_empty: lit('int8', [], [0]),
  int8_2d: lit('int8', [1, 2, 3, -4, -5, 6], [2, 3]),
};
type Name = keyof typeof ARRAYS;

describe('clip with JS integers out of the array\'s range', () => {
  const bounds: Array<[Name, Bound, Bound]> = [
    ['int8', 0, 1000], ['int8', -1000, 1], ['int8', -1000, 1000], ['int8', null, 1000], ['int8', -1000, null], ['int8', 0, 2n ** 70n],
    ['int8', -(2n ** 70n), 5], ['int8', -128, 127], ['int8', 127, 127], ['int8', -128, -128], ['int8', 5, 1], ['int8', 0, 1000.5],
    ['uint8', -1, 100], ['uint8', 0, 300], ['uint8', -5, 256], ['uint8', 3, 2n ** 64n],
    ['int16', -100000, 100], ['int16', 7, 40000],
    ['uint64', -1, null], ['uint64', -1, 2n ** 64n], ['uint64', 2, 2n ** 65n],
    ['int64', 0, 2n ** 64n], ['int64', -(2n ** 63n), 2n ** 63n - 1n], ['int64', -(2n ** 64n), 0],
    ['bool', 0, 1000], ['float32', 0, 1000], ['float32', -(2n ** 70n), 2n ** 70n],
    ['int8_0d', 0, 1000], ['int8_empty', -1000, 1000], ['int8_2d', -1000, 2],
  ];
  const cases: ValueCase[] = bounds.map(([name, lo, hi]) => ({
    label: `clip(${name}, ${lo}, ${hi})`,
    expr: `np.asarray(np.clip(${ARRAYS[name].py}, ${pyValue(lo)}, ${pyValue(hi)}))`,
    run: () => cp.clip(ARRAYS[name].js(), lo, hi),
  }));
  cases.push(
    { label: 'clip with keywords min= and max=', expr: `np.clip(${ARRAYS.int8.py}, min=-1000, max=3)`, run: () => cp.clip(ARRAYS.int8.js(), { min: -1000, max: 3 }) },
    { label: 'clip with neither bound (NumPy 2.4: positive(a))', expr: `np.clip(${ARRAYS.int8.py})`, run: () => cp.clip(ARRAYS.int8.js()) },
    { label: 'clip of a JS integer with a bound past int64 (a becomes an int64 array)', expr: 'np.asarray(np.clip(5, 0, 2**70))', run: () => cp.clip(5, 0, 2n ** 70n) },
    { label: 'clip into an int8 out', expr: `np.clip(${ARRAYS.int8.py}, -1000, 3, out=np.zeros(5, np.int8))`, run: () => cp.clip(ARRAYS.int8.js(), -1000, 3, cp.zeros([5], { dtype: 'int8' })) },
    { label: 'clip with an array bound and a dropped JS bound', expr: `np.clip(${ARRAYS.int8.py}, np.array([0, 1, 2, 3, 4], np.int8), 1000)`, run: () => cp.clip(ARRAYS.int8.js(), cp.asarray([0, 1, 2, 3, 4], { dtype: 'int8' }), 1000) },
    { label: 'the ndarray method', expr: `${ARRAYS.uint8.py}.clip(-1, 100)`, run: () => ARRAYS.uint8.js().clip(-1, 100) },
  );
  it(`${cases.length} cases`, () => checkCases(cases));

  const errors: ErrorCase[] = [
    { label: 'both bounds above int8', expr: `np.clip(${ARRAYS.int8.py}, 1000, 2000)`, run: () => cp.clip(ARRAYS.int8.js(), 1000, 2000), code: 'ERR_OVERFLOW', message: 'clip: Python integer 1000 out of bounds for int8' },
    { label: 'both bounds below uint8', expr: `np.clip(${ARRAYS.uint8.py}, -5, -1)`, run: () => cp.clip(ARRAYS.uint8.js(), -5, -1), code: 'ERR_OVERFLOW', message: 'clip: Python integer -1 out of bounds for uint8' },
    { label: 'a_min 200 above int8 with a_max 100', expr: `np.clip(${ARRAYS.int8.py}, 200, 100)`, run: () => cp.clip(ARRAYS.int8.js(), 200, 100), code: 'ERR_OVERFLOW', message: 'clip: Python integer 200 out of bounds for int8' },
    { label: 'a_max -1000 below int8', expr: `np.clip(${ARRAYS.int8.py}, 0, -1000)`, run: () => cp.clip(ARRAYS.int8.js(), 0, -1000), code: 'ERR_OVERFLOW', message: 'clip: Python integer -1000 out of bounds for int8' },
    { label: 'a_min and min both given', expr: null, run: () => cp.clip(ARRAYS.int8.js(), 0, null, null, { min: 1 } as never), code: 'ERR_ARG', message: /^clip: passed a_min and min/ },
  ];
  it('errors', () => checkErrors(errors));
});

describe('where with JS integers the other choice\'s dtype cannot hold', () => {
  const cond = lit('bool', [true, false, true, false, true]);
  const cond3 = lit('bool', [true, false, true]);
  type Choice = [Name, number | bigint | boolean, 'y' | 'x'];
  const condFor = (name: Name) => (name === 'bool' ? lit('bool', [true, false]) : name === 'int16' || name === 'uint64' || name === 'int64' ? cond3 : name === 'float32' ? lit('bool', [true, false, true, false]) : cond);
  const whereOf = ([name, s, side]: Choice) => {
    const c = condFor(name);
    const expr = side === 'y' ? `np.where(${c.py}, ${ARRAYS[name].py}, ${pyValue(s as Bound | boolean)})` : `np.where(${c.py}, ${pyValue(s as Bound | boolean)}, ${ARRAYS[name].py})`;
    return { label: `where(c, ${side === 'y' ? `${name}, ${s}` : `${s}, ${name}`})`, expr, run: () => (side === 'y' ? cp.where(c.js(), ARRAYS[name].js(), s) : cp.where(c.js(), s, ARRAYS[name].js())) };
  };
  // Choices the other's dtype holds (or that promote it): values.
  const fits: Choice[] = [
    ['int8', 100, 'y'], ['int8', -128, 'x'], ['int8', true, 'y'], ['int8', 1000.5, 'y'], ['uint8', 255, 'y'], ['uint64', 2n ** 64n - 1n, 'y'],
    ['int64', -(2n ** 63n), 'x'], ['bool', 2, 'y'], ['float32', 1e40, 'y'], ['float32', 2n ** 70n, 'y'],
  ];
  const half = lit('float16', [1, 2, 3]);
  const cases: ValueCase[] = [
    ...fits.map(whereOf),
    { label: 'where(c, float16, 70000) is inf', expr: `np.where(${cond3.py}, ${half.py}, 70000)`, run: () => cp.where(cond3.js(), half.js(), 70000) },
    { label: 'where of two JS integers is int64', expr: `np.where(${cond3.py}, 1000, -1000)`, run: () => cp.where(cond3.js(), 1000, -1000) },
    { label: 'where(c, int8, int16 array) promotes', expr: `np.where(${cond3.py}, np.array([1, 2, 3], np.int8), np.array([1000, 2000, 3000], np.int16))`, run: () => cp.where(cond3.js(), cp.asarray([1, 2, 3], { dtype: 'int8' }), cp.asarray([1000, 2000, 3000], { dtype: 'int16' })) },
  ];
  it(`${cases.length} cases`, () => checkCases(cases));

  // Choices out of the other's range: OverflowError, with NumPy 2.5's messages.
  const outside: Choice[] = [
    ['int8', 1000, 'y'], ['int8', -1000, 'y'], ['int8', -129, 'y'], ['int8', 1000, 'x'], ['int8', 2n ** 63n, 'y'], ['int8', 2n ** 64n - 1n, 'y'],
    ['int8', -(2n ** 63n), 'y'], ['uint8', -1, 'y'], ['uint8', 256, 'y'], ['uint8', -1, 'x'], ['int16', 70000, 'y'],
    ['uint64', -1, 'y'], ['uint64', -(2n ** 63n), 'y'], ['int64', 2n ** 63n, 'y'], ['int64', 2n ** 64n - 1n, 'x'],
  ];
  const message = ([name, s]: Choice) => (BigInt(s as bigint) >= 2n ** 63n
    ? `where: Python int ${s} too large to convert to C long`
    : `where: Python integer ${s} out of bounds for ${name}`);
  const outOfRange: ErrorCase[] = [
    ...outside.map((choice) => ({ ...whereOf(choice), code: 'ERR_OVERFLOW', message: message(choice) })),
    { label: 'where of a 0-d int8 and 1000', expr: 'np.where(False, np.array(1, np.int8), 1000)', run: () => cp.where(false, cp.asarray(1, { dtype: 'int8' }), 1000), code: 'ERR_OVERFLOW', message: 'where: Python integer 1000 out of bounds for int8' },
    { label: 'where of an empty int8 and 1000', expr: 'np.where(np.zeros(0, np.bool_), np.zeros(0, np.int8), 1000)', run: () => cp.where(cp.zeros([0], { dtype: 'bool' }), cp.zeros([0], { dtype: 'int8' }), 1000), code: 'ERR_OVERFLOW', message: 'where: Python integer 1000 out of bounds for int8' },
    { label: 'where broadcast over 2-d int8 with -1000', expr: `np.where(np.array([True, False, True]), ${ARRAYS.int8_2d.py}, -1000)`, run: () => cp.where(cp.asarray([true, false, true]), ARRAYS.int8_2d.js(), -1000), code: 'ERR_OVERFLOW', message: 'where: Python integer -1000 out of bounds for int8' },
  ];
  const [major, minor] = numpyVersion();
  it.skipIf(major === 2 && minor === 4)(`${outOfRange.length} choices out of range raise (NumPy 2.4 wrapped them)`, () => checkErrors(outOfRange));

  const errors: ErrorCase[] = [
    { label: '2**64 past the 64-bit range', expr: `np.where(${cond.py}, ${ARRAYS.int8.py}, 2**64)`, run: () => cp.where(cond.js(), ARRAYS.int8.js(), 2n ** 64n), code: 'ERR_OVERFLOW', message: 'where: Python int 18446744073709551616 too large to convert to C long' },
    { label: '-2**63 - 1 past the 64-bit range', expr: `np.where(${cond3.py}, ${ARRAYS.uint64.py}, -2**63 - 1)`, run: () => cp.where(cond3.js(), ARRAYS.uint64.js(), -(2n ** 63n) - 1n), code: 'ERR_OVERFLOW', message: /^where: Python int -9223372036854775809 too large to convert to C long/ },
    { label: 'two JS integers past the 64-bit range', expr: `np.where(${cond3.py}, 2**70, 1)`, run: () => cp.where(cond3.js(), 2n ** 70n, 1), code: 'ERR_OVERFLOW', message: /^where: Python int 1180591620717411303424 too large/ },
    { label: 'an integer too large for a float', expr: `np.where(${cond3.py}, ${half.py}, 2**1100)`, run: () => cp.where(cond3.js(), half.js(), 2n ** 1100n), code: 'ERR_OVERFLOW', message: 'where: int too large to convert to float' },
  ];
  it('errors', () => checkErrors(errors));
});

describeCompilesEveryKernel(cudaSources, HAS_NVRTC, 20);
