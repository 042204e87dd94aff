// Every exported ufunc against NumPy (and scipy.special for cp.special): the result dtype on arrays
// of every cupyts dtype (unary) and every pair of them (binary), or a CupytsError naming the
// ufunc where NumPy raises; and NumPy's ufunc attributes nin, nout, nargs, identity and types.
// The facts come from test/fixtures/gen_ufunc_dtypes.py.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { DTYPE_NAMES, type DTypeName } from '../../src/index.js';
import { runNumpyFixture } from '../helpers/fixtures.js';

interface UfuncFacts {
  nin: number;
  nout: number;
  identity: number | boolean | 'inf' | '-inf' | null;
  types: string[];
  results: Record<string, string | null>;
}

type Ufunc = ((...args: unknown[]) => cp.NDArray | cp.NDArray[]) & { nin: number; nout: number; nargs: number; identity: unknown; types: readonly string[]; ntypes: number };

/** Every exported ufunc object, by its NumPy path ('add', 'special.erf'); an alias (abs, pow) is the same object. */
function exportedUfuncs(): Array<[string, Ufunc]> {
  const found: Array<[string, Ufunc]> = [];
  const scan = (ns: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(ns)) {
      if (typeof value === 'function' && typeof (value as Partial<Ufunc>).nin === 'number') found.push([prefix + key, value as Ufunc]);
    }
  };
  scan(cp as unknown as Record<string, unknown>, '');
  scan(cp.special as unknown as Record<string, unknown>, 'special.');
  return found;
}

const UFUNCS = exportedUfuncs();
const LOOPS_SCIPY = /scipy\.special (\S+)/.exec(readFileSync(new URL('../../src/ir/ufunc-loops.ts', import.meta.url), 'utf8'))?.[1];
const ORACLE_SCIPY = spawnSync('python3', ['-c', 'import scipy; print(scipy.__version__)'], { encoding: 'utf8' }).stdout?.trim();
const SAME_SCIPY = LOOPS_SCIPY !== undefined && LOOPS_SCIPY === ORACLE_SCIPY;
let facts: Record<string, UfuncFacts>;
const backend = cp.currentBackend();

beforeAll(() => {
  facts = runNumpyFixture<Record<string, UfuncFacts>>('test/fixtures/gen_ufunc_dtypes.py');
});

/**
 * The result dtype(s) cupyts gives, null for a CupytsError naming the ufunc (anything else fails),
 * 'not yet' for ERR_UNSUPPORTED on a complex operand (a complex loop NumPy has and cupyts lacks).
 */
function cupytsResult(path: string, fn: Ufunc, dtypes: readonly DTypeName[]): string | null {
  try {
    const r = fn(...dtypes.map((d) => cp.zeros([1], { dtype: d })));
    return (Array.isArray(r) ? r : [r]).map((a) => a.dtype.name).join(',');
  } catch (err) {
    expect(err, `${path}(${dtypes.join(', ')})`).toBeInstanceOf(cp.CupytsError);
    expect((err as Error).message.split(':')[0], `${path}(${dtypes.join(', ')}) names the ufunc`).toBe(fn.name);
    const complexOperand = dtypes.some((d) => d.startsWith('complex'));
    return complexOperand && (err as cp.CupytsError).code === 'ERR_UNSUPPORTED' ? 'not yet' : null;
  }
}

const isComplexLoop = (t: string) => /[FD]/.test(t);

/** Ufuncs whose complex loops NumPy has and cupyts refuses with ERR_UNSUPPORTED for now. */
const COMPLEX_NOT_YET = ['erf', 'erfc', 'digamma', 'psi'];

const identityOf = (x: UfuncFacts['identity']) => (x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x);

describe('ufunc result dtypes against NumPy', () => {
  it('finds the ufuncs', () => {
    expect(UFUNCS.length).toBeGreaterThan(70);
    cp.useBackend('cpu');
  });

  it.each(UFUNCS.map(([path, fn]) => [path, fn] as const))('%s', (path, fn) => {
    const numpyName = path.startsWith('special.') ? path : fn.name;
    const f = facts[numpyName] ?? facts[path];
    expect(f, `NumPy has a ufunc ${numpyName}`).toBeDefined();
    expect({ nin: fn.nin, nout: fn.nout, nargs: fn.nargs }).toEqual({ nin: f.nin, nout: f.nout, nargs: f.nin + f.nout });
    expect(fn.identity).toEqual(identityOf(f.identity));
    // Complex loops NumPy (or SciPy) has and cupyts does not implement yet (erf, digamma, ...) are
    // refused with ERR_UNSUPPORTED at the call; those ufuncs list no complex loop at all.
    const numpyTypes = fn.types.some(isComplexLoop) ? f.types : f.types.filter((t) => !isComplexLoop(t));
    expect([...fn.types].sort()).toEqual([...numpyTypes].sort()); // SciPy's loop order differs between versions
    expect(fn.ntypes).toBe(fn.types.length);
    // cp.special's loops follow the SciPy that generated src/ir/ufunc-loops.ts; another SciPy
    // orders its loops differently (1.18 picks float32 for int8), so only the same one is compared.
    if (path.startsWith('special.') && !SAME_SCIPY) return;
    const mismatches: string[] = [];
    const notYet: string[] = [];
    for (const [combo, expected] of Object.entries(f.results)) {
      const dtypes = combo.split(',') as DTypeName[];
      expect(dtypes.every((d) => DTYPE_NAMES.includes(d))).toBe(true);
      const got = cupytsResult(path, fn, dtypes);
      if (got === 'not yet') { notYet.push(combo); continue; }
      if (got !== expected) mismatches.push(`${combo}: NumPy ${expected ?? 'raises'}, cupyts ${got ?? 'raises'}`);
    }
    expect(mismatches).toEqual([]);
    // only the complex loops of the ops cupyts has no complex form for yet (resolve.ts refuses those)
    if (notYet.length > 0) expect(COMPLEX_NOT_YET, path).toContain(fn.name);
  });

  it('restores the backend', () => {
    cp.useBackend(backend);
  });
});
