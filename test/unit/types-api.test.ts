// NumPy's dtype routines and constants against NumPy itself: result_type (arrays, dtypes, dtype
// names and JS scalars as NEP 50 weak scalars), promote_types and can_cast over every pair of the
// twelve dtypes (and every casting), finfo and iinfo field by field, and the refusals.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { DTYPE_NAMES } from '../../src/ir/dtype.js';

/** Evaluates Python expressions (numpy as np) in one process; each answer is JSON-encoded by `str` or float. */
function python(exprs: string[]): unknown[] {
  const program = `import json, sys, numpy as np
out = []
for e in json.load(sys.stdin):
    try: v = eval(e)
    except Exception as ex: v = {'error': type(ex).__name__}
    out.append(v if isinstance(v, (bool, dict)) else str(v) if isinstance(v, np.dtype) else v)
print(json.dumps(out))`;
  const proc = spawnSync('python3', ['-c', program], { input: JSON.stringify(exprs), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (proc.status !== 0) throw new Error(proc.stderr);
  return JSON.parse(proc.stdout) as unknown[];
}

const CASTINGS = ['no', 'equiv', 'safe', 'same_kind', 'unsafe'] as const;
const pairs = DTYPE_NAMES.flatMap((a) => DTYPE_NAMES.map((b) => [a, b] as const));

describe('promote_types, can_cast and result_type against NumPy', () => {
  it('promote_types over every pair of dtypes', () => {
    const want = python(pairs.map(([a, b]) => `np.promote_types('${a}', '${b}')`));
    pairs.forEach(([a, b], i) => expect(cp.promote_types(a, b).name, `${a}, ${b}`).toBe(want[i]));
  });

  it('can_cast over every pair of dtypes and every casting', () => {
    const queries = pairs.flatMap(([a, b]) => CASTINGS.map((c) => [a, b, c] as const));
    const want = python(queries.map(([a, b, c]) => `np.can_cast('${a}', '${b}', '${c}')`));
    queries.forEach(([a, b, c], i) => expect(cp.can_cast(a, b, c), `${a} -> ${b} (${c})`).toBe(want[i]));
    expect(cp.can_cast(cp.zeros([2], { dtype: 'int8' }), cp.float16)).toBe(true); // an array gives its dtype
    expect(cp.can_cast('int64', 'int32', { casting: 'same_kind' })).toBe(true);
  });

  it('result_type with arrays, dtypes and weak JS scalars', () => {
    const cases: Array<[unknown[], string]> = [
      [['int8', 300], "np.int8, 300"], [['uint8', -1], "np.uint8, -1"], [['float16', 3.5], "np.float16, 3.5"],
      [['int8', true], "np.int8, True"], [[true], 'True'], [[3], '3'], [[3.5], '3.5'], [[3n], '3'],
      [['int8', 'uint16'], "np.int8, np.uint16"], [['int64', 'uint64'], "np.int64, np.uint64"],
      [['bool', 2.5], "np.bool_, 2.5"], [['uint64', 1.5, 'float16'], "np.uint64, 1.5, np.float16"],
      [['int32', 'float32'], "np.int32, np.float32"], [['float16', 'int16', 7], "np.float16, np.int16, 7"],
      // cp.complex is Python's complex: a weak complex scalar
      [[cp.complex(1, 2)], '1+2j'], [['float32', cp.complex(1, 2)], 'np.float32, 1+2j'], [['int8', cp.complex(0, 1)], 'np.int8, 1j'],
      [['complex64', 2.5, cp.complex(1, 0)], 'np.complex64, 2.5, 1+0j'],
    ];
    const want = python(cases.map(([, py]) => `np.result_type(${py})`));
    cases.forEach(([args, py], i) => expect((cp.result_type as (...a: unknown[]) => cp.DType)(...args).name, py).toBe(want[i]));
    expect(cp.result_type(cp.zeros([1], { dtype: 'uint8' }), cp.ones([1], { dtype: 'int8' }), 2).name).toBe('int16');
  });

  it('refuses what NumPy refuses, naming the function', () => {
    const anyFn = (f: unknown) => f as (...a: unknown[]) => unknown;
    expect(() => anyFn(cp.result_type)()).toThrow(/^result_type: expected at least one array or dtype, got none/);
    expect(() => anyFn(cp.result_type)('int128')).toThrow(/^result_type: /);
    expect(() => anyFn(cp.can_cast)(3, 'int8')).toThrow(/^can_cast: expected from_ to be a dtype, a dtype name or an array, got 3/);
    expect(() => anyFn(cp.can_cast)('int8', 'int16', 'maybe')).toThrow(/^can_cast: expected casting to be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe'/);
    expect(() => anyFn(cp.promote_types)('int8')).toThrow(/^promote_types: missing required argument 'type2'/);
    expect(() => anyFn(cp.finfo)('int32')).toThrow(/^finfo: expected a float dtype, got int32/);
    expect(() => anyFn(cp.iinfo)('float32')).toThrow(/^iinfo: expected an integer dtype, got 'float32' \(use finfo for floats\)/);
    expect(() => anyFn(cp.iinfo)('bool')).toThrow(/^iinfo: expected an integer dtype/);
    for (const f of [() => anyFn(cp.finfo)(), () => anyFn(cp.iinfo)(cp.bool)]) expect(f).toThrow(cp.CupytsError);
  });
});

describe('finfo and iinfo against NumPy', () => {
  const FINFO_FIELDS = ['bits', 'eps', 'epsneg', 'max', 'min', 'smallest_normal', 'tiny', 'smallest_subnormal', 'resolution',
    'precision', 'nmant', 'nexp', 'iexp', 'maxexp', 'minexp', 'machep', 'negep'] as const;
  it.each(['float16', 'float32', 'float64'] as const)('finfo(%s)', (name) => {
    const want = python(FINFO_FIELDS.map((f) => `float(np.finfo(np.${name}).${f})`)) as number[];
    const info = cp.finfo(name);
    FINFO_FIELDS.forEach((f, i) => expect(info[f], f).toBe(want[i]));
    expect(info.dtype).toBe(cp.DTYPES[name]);
    expect(cp.finfo(cp.zeros([1], { dtype: name })).eps).toBe(info.eps);
  });

  it.each(DTYPE_NAMES.filter((d) => d !== 'bool' && !d.startsWith('float') && !d.startsWith('complex')))('iinfo(%s)', (name) => {
    const [min, max, bits, kind] = python([`str(np.iinfo(np.${name}).min)`, `str(np.iinfo(np.${name}).max)`, `np.iinfo(np.${name}).bits`, `np.iinfo(np.${name}).kind`]) as string[];
    const info = cp.iinfo(name);
    expect(String(info.min)).toBe(min);
    expect(String(info.max)).toBe(max);
    expect(typeof info.max).toBe(name.endsWith('64') ? 'bigint' : 'number');
    expect(info.bits).toBe(bits);
    expect(info.kind).toBe(kind);
    expect(info.dtype).toBe(cp.DTYPES[name]);
  });
});

describe('constants', () => {
  it('are NumPy\'s values', () => {
    const want = python(['np.pi', 'np.e', 'np.euler_gamma', 'str(np.inf)', 'str(np.nan)']);
    expect([cp.pi, cp.e, cp.euler_gamma, String(cp.inf), String(cp.nan)]).toEqual([want[0], want[1], want[2], 'Infinity', 'NaN']);
    expect(want.slice(3)).toEqual(['inf', 'nan']);
    expect(cp.newaxis).toBeNull();
  });
});
