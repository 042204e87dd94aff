// diag, tri, tril, triu, meshgrid and indices in NumPy's positional and keyword forms, against
// NumPy (their values over dtypes and views are in rearrange.test.ts), tri, tril and triu with a
// k that is not an integer, and their refused calls.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { cudaSources, toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { checkCases, checkErrors, type ValueCase } from '../helpers/numpy-cases.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import { randomArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const m = randomArray('int32', [3, 4], 2100);
const v = randomArray('float32', [3], 2101);

describe('matrix and grid functions in both forms', () => {
  it('match NumPy', () => {
    checkCases([
      { label: 'diag k positional', expr: 'np.diag(v, -2)', inputs: { v }, run: () => cp.diag(toDevice(v), -2) },
      { label: 'diag k keyword', expr: 'np.diag(m, k=1)', inputs: { m }, run: () => cp.diag(toDevice(m), { k: 1 }) },
      { label: 'diag JS list', expr: 'np.diag([[1, 2], [3, 4]], -1)', run: () => cp.diag([[1, 2], [3, 4]], -1) },
      { label: 'tri keyword', expr: 'np.tri(3, M=4, k=-1, dtype=np.int8)', run: () => cp.tri(3, { M: 4, k: -1, dtype: 'int8' }) },
      { label: 'tri positional dtype', expr: 'np.tri(2, 2, 0, bool)', run: () => cp.tri(2, 2, 0, 'bool') },
      { label: 'tri k far below', expr: 'np.tri(3, k=-5)', run: () => cp.tri(3, { k: -5 }) },
      { label: 'tril keyword', expr: 'np.tril(m, k=-1)', inputs: { m }, run: () => cp.tril(toDevice(m), { k: -1 }) },
      { label: 'triu positional', expr: 'np.triu(m, 2)', inputs: { m }, run: () => cp.triu(toDevice(m), 2) },
      { label: 'triu of 1-D', expr: 'np.triu(v, -1)', inputs: { v }, run: () => cp.triu(toDevice(v), -1) },
      { label: 'meshgrid all keywords', expr: "np.meshgrid(v, [1, 2], copy=False, sparse=True, indexing='ij')", inputs: { v },
        run: () => cp.meshgrid(toDevice(v), [1, 2], { copy: false, sparse: true, indexing: 'ij' }) },
      { label: 'meshgrid defaults', expr: 'np.meshgrid([1, 2, 3], v)', inputs: { v }, run: () => cp.meshgrid([1, 2, 3], toDevice(v)) },
      { label: 'indices positional', expr: 'np.indices((2, 3), np.int32)', run: () => cp.indices([2, 3], 'int32') },
      { label: 'indices sparse positional', expr: 'np.indices((2, 3), int, True)', run: () => cp.indices([2, 3], null, true) },
      { label: 'indices sparse keyword', expr: 'np.indices((2, 1, 3), dtype=np.int16, sparse=True)', run: () => cp.indices([2, 1, 3], { dtype: 'int16', sparse: true }) },
      { label: 'indices empty grid', expr: 'np.indices((0, 2))', run: () => cp.indices([0, 2]) },
      { label: 'indices of no dimensions', expr: 'np.indices(())', run: () => cp.indices([]) },
    ]);
    expect(cp.meshgrid()).toEqual([]);
    expect(cp.indices([], null, true)).toEqual([]);
  });

  // NumPy's tri is greater_equal.outer(arange(N), arange(-k, M - k)): a k that is not an integer
  // goes through arange's float bounds (truncated, with a step that may be 0 or 2, a length that
  // may differ from M), and tril/triu broadcast that mask against their input.
  it('take a k that is not an integer (or a bool) as NumPy does', () => {
    const ones = randomArray('float64', [3, 1], 2102);
    const cases: ValueCase[] = [];
    for (const k of [0.5, -0.5, 1.5, -1.5, 0.1, -0.7, 2.7, -2.7, 0.9999999999999999, 1e-300, 127.5, -127.5, 3.5]) {
      cases.push(
        { label: `tri k=${k}`, expr: `np.tri(3, 4, ${k})`, run: () => cp.tri(3, 4, k) },
        { label: `tril k=${k}`, expr: `np.tril(m, ${k})`, inputs: { m }, run: () => cp.tril(toDevice(m), k) },
        { label: `triu k=${k}`, expr: `np.triu(m, k=${k})`, inputs: { m }, run: () => cp.triu(toDevice(m), { k }) },
      );
    }
    cases.push(
      { label: 'tri k=True', expr: 'np.tri(3, 4, True, dtype=np.int8)', run: () => cp.tri(3, 4, true, 'int8') },
      { label: 'tril k=False', expr: 'np.tril(m, False)', inputs: { m }, run: () => cp.tril(toDevice(m), false) },
      { label: 'triu k=True', expr: 'np.triu(m, True)', inputs: { m }, run: () => cp.triu(toDevice(m), true) },
      { label: 'tri square k=0.5', expr: 'np.tri(3, k=0.5)', run: () => cp.tri(3, { k: 0.5 }) },
      { label: 'tril of 1-D k=0.5', expr: 'np.tril(v, 0.5)', inputs: { v }, run: () => cp.tril(toDevice(v), 0.5) },
      { label: 'tri one more column (k=-15.99)', expr: 'np.tri(3, 1, -15.99)', run: () => cp.tri(3, 1, -15.99) },
      { label: 'tril broadcasts a (3, 1) input to the mask (3, 2)', expr: 'np.tril(m, -15.99)', inputs: { m: ones }, run: () => cp.tril(toDevice(ones), -15.99) },
      { label: 'tri step 2, wrapped in int8', expr: 'np.tri(3, 100, -3.9999999999999996)', run: () => cp.tri(3, 100, -3.9999999999999996) },
      { label: 'tri k=2**60 as a float', expr: 'np.tri(3, 1000, 2.0**60)', run: () => cp.tri(3, 1000, 2 ** 60) },
      { label: 'tri k=-2**60 as a float', expr: 'np.tri(3, 1000, -2.0**60)', run: () => cp.tri(3, 1000, -(2 ** 60)) },
      { label: 'tri k=2**63 as a float', expr: 'np.tri(2, 5000, 2.0**63)', run: () => cp.tri(2, 5000, 2 ** 63) },
      { label: 'tri k=1e20: no columns', expr: 'np.tri(3, 4, 1e20)', run: () => cp.tri(3, 4, 1e20) },
      { label: 'tri negative M, k=0.5', expr: 'np.tri(3, -2, 0.5)', run: () => cp.tri(3, -2, 0.5) },
      { label: 'tri no rows, k=-0.5', expr: 'np.tri(0, 3, -0.5)', run: () => cp.tri(0, 3, -0.5) },
    );
    checkCases(cases);
    checkErrors([
      { label: 'tri k NaN', expr: 'np.tri(3, k=np.nan)', run: () => cp.tri(3, { k: NaN }), code: 'ERR_ARG', message: 'tri: expected k to be finite, got NaN (NumPy: arange: cannot compute length)' },
      { label: 'tril k -Infinity', expr: 'np.tril(m, -np.inf)', inputs: { m }, run: () => cp.tril(toDevice(m), -Infinity), code: 'ERR_ARG',
        message: 'tril: expected k to be finite, got -Infinity (NumPy: arange: cannot compute length)' },
      { label: 'tril mask of 3 columns on 2', expr: 'np.tril(np.ones((3, 2)), -15.99)', run: () => cp.tril(cp.ones([3, 2]), -15.99), code: 'ERR_SHAPE',
        message: 'tril: shapes (3, 3) and (3, 2) cannot be broadcast together' },
      { label: 'triu mask of 3 columns on 2', expr: 'np.triu(np.ones((3, 2)), -14.99)', run: () => cp.triu(cp.ones([3, 2]), -14.99), code: 'ERR_SHAPE',
        message: 'triu: shapes (3, 3) and (3, 2) cannot be broadcast together' },
      { label: 'tri columns beyond int64', expr: 'np.tri(3, 5000, -2.0**63)', run: () => cp.tri(3, 5000, -(2 ** 63)), code: 'ERR_OVERFLOW',
        message: /^tri: expected k whose columns fit int64, got -9223372036854776000/ },
      { label: 'tri k a string', expr: null, run: () => cp.tri(3, 3, 'a' as never), code: 'ERR_ARG', message: "tri: expected k to be a number, got 'a'" },
    ]);
  });

  it('refuse bad calls, naming the function', () => {
    checkErrors([
      { label: 'diag unknown option', expr: 'np.diag([1], kk=1)', run: () => cp.diag([1], { kk: 1 } as never), code: 'ERR_ARG', message: "diag: unknown option 'kk'; expected one of 'k'" },
      { label: 'diag extra positional', expr: 'np.diag([1], 0, 1)', run: () => (cp.diag as any)([1], 0, 1), code: 'ERR_ARG', message: 'diag: expected at most 2 positional arguments and an options object, got 3' },
      { label: 'diag 3-D', expr: 'np.diag(np.zeros((1, 1, 1)))', run: () => cp.diag(cp.zeros([1, 1, 1])), code: 'ERR_SHAPE', message: 'diag: expected a 1-D or 2-D array, got 3 dimensions' },
      { label: 'tri like', expr: null, run: () => cp.tri(2, { like: cp.zeros(1) } as never), code: 'ERR_UNSUPPORTED', message: /^tri: the argument 'like' is not supported yet/ },
      { label: 'tri M not integer', expr: null /* NumPy takes it through arange(1.5); cupyts asks for an integer */, run: () => cp.tri(2, 1.5), code: 'ERR_ARG', message: 'tri: expected M to be an integer or null, got 1.5' },
      { label: 'tril 0-d', expr: 'np.tril(np.float64(1))', run: () => cp.tril(cp.asarray(1.5)), code: 'ERR_SHAPE', message: 'tril: expected an array of at least 1 dimension, got 0' },
      { label: 'tril not an array', expr: null, run: () => (cp.tril as any)('abc'), code: 'ERR_ARG', message: /^tril: expected m to be an array/ },
      { label: 'triu unknown option', expr: 'np.triu([[1]], diagonal=1)', run: () => cp.triu([[1]], { diagonal: 1 } as never), code: 'ERR_ARG', message: "triu: unknown option 'diagonal'; expected one of 'k'" },
      { label: 'meshgrid sparse not boolean', expr: null, run: () => cp.meshgrid([1], { sparse: 'yes' as never }), code: 'ERR_ARG', message: "meshgrid: expected sparse to be a boolean, got 'yes'" },
      { label: 'meshgrid unknown option', expr: 'np.meshgrid([1], index="ij")', run: () => cp.meshgrid([1], { index: 'ij' } as never), code: 'ERR_ARG', message: /^meshgrid: unknown option 'index'/ },
      { label: 'meshgrid a string', expr: null, run: () => (cp.meshgrid as any)([1], 'ij'), code: 'ERR_ARG', message: /^meshgrid: expected xi to be an array/ },
      { label: 'indices not a list', expr: 'np.indices(3)', run: () => (cp.indices as any)(3), code: 'ERR_ARG', message: 'indices: expected dimensions to be a list of non-negative integers, got 3' },
      { label: 'indices fractional', expr: 'np.indices([2.5])', run: () => cp.indices([2.5]), code: 'ERR_ARG', message: 'indices: expected dimensions[0] to be a non-negative integer, got 2.5' },
      { label: 'indices extra positional', expr: 'np.indices((2,), int, False, 1)', run: () => (cp.indices as any)([2], null, false, 1), code: 'ERR_ARG', message: 'indices: expected at most 3 positional arguments and an options object, got 4' },
    ]);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles every kernel the tests above ran', () => {
    const { kernels } = compileAll([...cudaSources.values()]);
    expect(kernels).toBeGreaterThan(5);
  }, 600_000);
});
