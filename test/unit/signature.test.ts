// Declared signatures: NumPy's positional forms and a trailing options object, and a CupytsError
// naming the function and the argument for everything else.
import { describe, expect, it } from 'vitest';
import { CupytsError } from '../../src/ir/errors.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { declare, keyword, positional, required, rest } from '../../src/api/signature.js';
import * as t from '../../src/api/param-types.js';

const probe = declare(
  'probe',
  [
    required('a', t.number),
    positional('axis', t.nullable(t.axes), null),
    positional('dtype', t.nullable(t.dtype), null),
    keyword('keepdims', t.boolean, false),
  ],
  (v) => v,
  { unsupported: ['out', 'where'] },
);

function fails(call: () => unknown, code: string, text: RegExp): void {
  let error: unknown;
  try { call(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(CupytsError);
  expect((error as CupytsError).code).toBe(code);
  expect((error as CupytsError).message).toMatch(/^probe: /);
  expect((error as CupytsError).message).toMatch(text);
}

describe('declared signatures', () => {
  it('take NumPy positional forms', () => {
    expect(probe(1)).toEqual({ a: 1, axis: null, dtype: null, keepdims: false });
    expect(probe(1, 0)).toEqual({ a: 1, axis: 0, dtype: null, keepdims: false });
    expect(probe(1, [0, -1], 'float32')).toEqual({ a: 1, axis: [0, -1], dtype: DTYPES.float32, keepdims: false });
    // a dtype object is a plain object too, and still a positional value, not the options
    expect(probe(1, 0, DTYPES.int8)).toEqual({ a: 1, axis: 0, dtype: DTYPES.int8, keepdims: false });
  });

  it('take a trailing options object with NumPy keyword names', () => {
    expect(probe(1, { axis: 1, keepdims: true })).toEqual({ a: 1, axis: 1, dtype: null, keepdims: true });
    expect(probe(1, 2, { dtype: 'int32' })).toEqual({ a: 1, axis: 2, dtype: DTYPES.int32, keepdims: false });
  });

  it('read undefined as omitted and null as None', () => {
    expect(probe(1, undefined, 'bool')).toEqual({ a: 1, axis: null, dtype: DTYPES.bool, keepdims: false });
    expect(probe(1, null, { keepdims: undefined })).toEqual({ a: 1, axis: null, dtype: null, keepdims: false });
  });

  it('refuse what NumPy would refuse, naming the function and the argument', () => {
    fails(() => (probe as any)(), 'ERR_ARG', /missing required argument 'a'/);
    fails(() => (probe as any)(1, 0, 'float32', true), 'ERR_ARG', /at most 3 positional arguments.*got 4/);
    fails(() => (probe as any)(1, { axes: 1 }), 'ERR_ARG', /unknown option 'axes'; expected one of 'axis', 'dtype', 'keepdims'/);
    fails(() => (probe as any)(1, 0, { axis: 1 }), 'ERR_ARG', /multiple values for argument 'axis'/);
    fails(() => (probe as any)(1, 'x'), 'ERR_ARG', /expected axis to be an integer or a list of integers or null, got 'x'/);
    fails(() => (probe as any)(1, 1.5), 'ERR_ARG', /expected axis to be/);
    fails(() => (probe as any)(1, { keepdims: 1 }), 'ERR_ARG', /expected keepdims to be a boolean, got 1/);
    fails(() => (probe as any)('1'), 'ERR_ARG', /expected a to be a number, got '1'/);
    fails(() => (probe as any)({ axis: 1 }), 'ERR_ARG', /expected a to be a number, got an object/);
  });

  it('say which NumPy options are not supported yet', () => {
    fails(() => (probe as any)(1, { out: null }), 'ERR_UNSUPPORTED', /the option 'out' is not supported yet/);
  });

  it('have a text form for docs', () => {
    expect(probe.signature.text).toBe('probe(a, axis=null, dtype=null, *, keepdims=false)');
    expect(probe.name).toBe('probe');
  });

  it('type the calls (checked by npm run typecheck)', () => {
    const ok = [probe(1), probe(1, 0), probe(1, [0], 'float32'), probe(1, { keepdims: true }), probe(1, 0, { dtype: null })];
    expect(ok).toHaveLength(5);
    // @ts-expect-error a misspelled dtype name
    expect(() => probe(1, 0, 'flaot32')).toThrow(CupytsError);
    // @ts-expect-error an unknown option
    expect(() => probe(1, { axes: 1 })).toThrow(CupytsError);
    // @ts-expect-error keepdims is keyword-only
    expect(() => probe(1, 0, null, true)).toThrow(CupytsError);
  });

  it('collect NumPy *args in a rest parameter', () => {
    const grid = declare('grid', [rest('xi', t.number), keyword('indexing', t.oneOf('xy', 'ij'), 'xy')], (v) => v);
    expect(grid()).toEqual({ xi: [], indexing: 'xy' });
    expect(grid(1, 2, 3)).toEqual({ xi: [1, 2, 3], indexing: 'xy' });
    expect(grid(1, 2, { indexing: 'ij' })).toEqual({ xi: [1, 2], indexing: 'ij' });
    expect(grid.signature.text).toBe("grid(*xi, indexing='xy')");
    expect(() => (grid as any)(1, 'a')).toThrow(/grid: expected xi to be a number, got 'a'/);
    expect(() => (grid as any)(1, { indexing: 'yx' })).toThrow(/grid: expected indexing to be one of 'xy', 'ij', got 'yx'/);
    expect(() => (grid as any)(1, { xi: [1] })).toThrow(/grid: unknown option 'xi'/);
    // @ts-expect-error a string is not a number
    expect(() => grid(1, 'a')).toThrow(CupytsError);
  });
});
