// Differential fuzzing of in-place writes, copy on write and cp.jit against NumPy, where every
// operation is eager. Each seed generates a program twice, as cupyts JavaScript and as NumPy
// Python: views of a few bases (slices with steps, negative steps, transposes, reshapes), lazy
// expressions read from them and kept across later writes, writes (slices, stencils reading the
// array they write, boolean masks, integer rows, fill, ufunc out=), evaluations, disposals and
// cp.tidy blocks; jit programs call a traced fn on several arguments (windows of one array at
// other offsets, lazy ones, a result of an earlier call) with writes to them between calls. One
// python3 process evaluates every NumPy twin; each program runs on the CPU's schedule and on a
// GPU's (the CPU's code, the runner reporting kind 'cuda'). After them, one test per bug the
// fuzzer found, minimized.
//   FUZZ_SEED=s   other programs (s > 0: 240 plain ones from s*1000, 60 jit ones from s*1000+500);
//   the numbers of the fixed sample otherwise.
import { beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { toHost } from '../helpers/arrays.js';
import { FUZZ } from '../helpers/fuzz-harness.js';
import { compareArrays, mulberry32, numpy, type HostArray } from '../helpers/numpy-oracle.js';
import { onSchedule } from '../helpers/schedule.js';
import { currentRunner } from '../../src/api/context.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { setGraphNotice } from '../../src/api/jit-graph.js';

/** The schedule a program is running on (onSchedule's). */
const currentKind = () => (currentRunner().kind === 'cuda' ? 'cuda' : 'cpu');

setBackendNotice(() => {});
// (on the GPU's schedule the CPU runner reports kind 'cuda': a jit replay tries a CUDA graph, finds
// no graph API and runs plain launches after a one-time notice, which is not this file's subject)
setGraphNotice(() => {});

// ------------------------------------------------------------------------------------------
// The generator: every step appends a JavaScript line and its NumPy twin, tracking shapes.

interface Var { name: string; shape: number[]; writable: boolean; contiguous: boolean }
type Expr = { js: string; py: string; scalar?: boolean };

class Program {
  js: string[] = [];
  py: string[] = [];
  vars: Var[] = [];
  private n = 0;
  readonly r: () => number;

  constructor(seed: number) {
    this.r = mulberry32(seed);
  }

  int(n: number): number { return Math.floor(this.r() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  chance(p: number): boolean { return this.r() < p; }
  fresh(p: string): string { return `${p}${++this.n}`; }
  emit(js: string, py: string): void { this.js.push(js); this.py.push(py); }

  base(): void {
    const shape = this.chance(0.4) ? [3 + this.int(6)] : [2 + this.int(3), 2 + this.int(4)];
    const size = shape.reduce((a, b) => a * b, 1);
    const name = this.fresh('b');
    const data = Array.from({ length: size }, () => this.int(15) - 5);
    const how = this.int(4);
    const js = how === 0 ? `cp.asarray(${JSON.stringify(data)}, 'float64').reshape(${JSON.stringify(shape)})`
      : how === 1 ? `cp.asarray(${JSON.stringify(data)}, 'float64').reshape(${JSON.stringify(shape)}).eval()`
        : how === 2 ? `cp.arange(${size}, { dtype: 'float64' }).reshape(${JSON.stringify(shape)})`
          : `cp.zeros(${JSON.stringify(shape)}, 'float64').add(1)`;
    const py = how <= 1 ? `np.asarray(${JSON.stringify(data)}, 'float64').reshape(${JSON.stringify(shape)})`
      : how === 2 ? `np.arange(${size}, dtype='float64').reshape(${JSON.stringify(shape)})`
        : `np.ones(${JSON.stringify(shape)}, 'float64')`;
    this.emit(`const ${name} = ${js};`, `${name} = ${py}`);
    this.vars.push({ name, shape, writable: true, contiguous: true });
  }

  /** A slice of a dimension of size n with L elements (steps of 1, 2 or 3, either direction). */
  window(n: number, L: number): string {
    if (L === 0) return '0:0';
    const steps = [1, 1, -1, 2, -2, 3].filter((s) => (L - 1) * Math.abs(s) + 1 <= n);
    const s = this.pick(steps);
    const span = (L - 1) * Math.abs(s) + 1;
    const o = this.int(n - span + 1);
    const step = s === 1 ? '' : `:${s}`;
    if (s > 0) return o + span === n && this.chance(0.5) ? `${o}:${step}` : `${o}:${o + span}${step}`;
    const start = o + span - 1;
    return o === 0 ? `${start}::${s}` : `${start}:${o - 1}:${s}`;
  }

  /** A window of some variable (or its transpose) of exactly `want`. */
  windowOf(want: number[]): Expr | undefined {
    const opts: Expr[] = [];
    for (const v of this.vars) {
      const shapes: Array<[string, number[]]> = [[v.name, v.shape]];
      if (v.shape.length === 2) shapes.push([`${v.name}.T`, [...v.shape].reverse()]);
      for (const [ref, shape] of shapes) {
        if (shape.length === want.length && shape.every((d, k) => d >= want[k])) {
          const idx = shape.map((d, k) => this.window(d, want[k])).join(', ');
          opts.push({ js: `${ref}.get('${idx}')`, py: `${ref}[${idx}]` });
        }
      }
    }
    return opts.length ? this.pick(opts) : undefined;
  }

  scalar(): Expr {
    const v = this.pick([-3, -1, 0, 1, 2, 5, 0.5, -2.5]);
    return { js: String(v), py: String(v), scalar: true };
  }

  /** An expression broadcastable to `want`. */
  value(want: number[], depth = 0): Expr {
    for (let tries = 0; tries < 10; tries++) {
      const k = depth >= 2 ? this.int(2) : this.int(7);
      if (k === 0) return this.scalar();
      if (k === 1 || k === 2) {
        const w = this.windowOf(want);
        if (w) return w;
      } else if (k === 3 || k === 4) {
        const a = this.value(want, depth + 1);
        const b = this.value(want, depth + 1);
        if (a.scalar && b.scalar) continue;
        const [op, sym] = this.pick([['add', '+'], ['subtract', '-']] as const);
        const e = a.scalar ? { js: `cp.${op}(${a.js}, ${b.js})`, py: `np.${op}(${a.py}, ${b.py})` } : { js: `${a.js}.${op}(${b.js})`, py: `(${a.py} ${sym} ${b.py})` };
        return this.chance(0.3) ? { js: `${e.js}.multiply(0.5)`, py: `(${e.py} * 0.5)` } : e;
      } else if (k === 5 && want.length) {
        // a reduction with keepdims along one axis of a window
        const ax = this.int(want.length);
        const inner = want.map((d, j) => (j === ax ? 1 + this.int(3) : d));
        const w = this.windowOf(inner);
        if (!w) continue;
        const red = this.pick(['sum', 'max', 'mean']);
        return { js: `${w.js}.${red}(${ax}, { keepdims: true })`, py: `${w.py}.${red}(axis=${ax}, keepdims=True)` };
      } else if (k === 6 && want.length && want[0] > 0) {
        // a gather of rows
        const opts = this.vars.filter((v) => v.shape.length === want.length && v.shape[0] > 0 && v.shape.every((d, j) => j === 0 || d >= want[j]));
        if (!opts.length) continue;
        const v = this.pick(opts);
        const rows = Array.from({ length: want[0] }, () => this.int(2 * v.shape[0]) - v.shape[0]);
        const rest = v.shape.slice(1).map((d, j) => this.window(d, want[j + 1]));
        const jsRest = rest.map((c) => `, ${this.jsSlice(c)}`).join('');
        return { js: `${v.name}.get([cp.asarray(${JSON.stringify(rows)})${jsRest}])`, py: `${v.name}[np.asarray(${JSON.stringify(rows)})${rest.map((c) => `, ${c}`).join('')}]` };
      }
    }
    return this.scalar();
  }

  jsSlice(c: string): string {
    const parts = c.split(':');
    while (parts.length < 3) parts.push('');
    return `cp.slice(${parts.map((p) => (p === '' ? 'null' : p)).join(', ')})`;
  }

  view(): void {
    const v = this.pick(this.vars);
    const name = this.fresh('w');
    const k = this.int(5);
    if (k <= 1) {
      const comps: string[] = [];
      const shape: number[] = [];
      v.shape.forEach((d, j) => {
        // (an integer index only into an axis that has one: NumPy raises IndexError on an empty axis)
        if (v.shape.length > 1 && j === 0 && this.chance(0.2) && d > 0) { comps.push(String(this.int(d))); return; }
        if (this.chance(0.2)) { comps.push(':'); shape.push(d); return; }
        const L = this.int(d + 1);
        comps.push(this.window(d, L)); shape.push(L);
      });
      this.emit(`const ${name} = ${v.name}.get('${comps.join(', ')}');`, `${name} = ${v.name}[${comps.join(', ')}]`);
      this.vars.push({ name, shape, writable: v.writable, contiguous: false });
    } else if (k === 2 && v.shape.length === 2) {
      this.emit(`const ${name} = ${v.name}.T;`, `${name} = ${v.name}.T`);
      this.vars.push({ name, shape: [...v.shape].reverse(), writable: v.writable, contiguous: false });
    } else if (k === 3 && v.contiguous) {
      const size = v.shape.reduce((a, b) => a * b, 1);
      const divs = Array.from({ length: size }, (_, j) => j + 1).filter((d) => size % d === 0);
      const a = this.pick(divs);
      const shape = this.chance(0.3) ? [size] : [a, size / a];
      this.emit(`const ${name} = ${v.name}.reshape(${JSON.stringify(shape)});`, `${name} = ${v.name}.reshape(${JSON.stringify(shape)})`);
      this.vars.push({ name, shape, writable: v.writable, contiguous: true });
    } else {
      this.emit(`const ${name} = ${v.name}.get('...');`, `${name} = ${v.name}[...]`);
      this.vars.push({ name, shape: v.shape, writable: v.writable, contiguous: v.contiguous });
    }
  }

  lazy(): void {
    const v = this.pick(this.vars);
    const want = v.shape;
    const name = this.fresh('t');
    const e = this.value(want);
    if (e.scalar) {
      this.emit(`const ${name} = cp.full(${JSON.stringify(want)}, ${e.js}, 'float64');`, `${name} = np.full(${JSON.stringify(want)}, ${e.py}, 'float64')`);
    } else if (this.chance(0.5)) {
      this.emit(`const ${name} = cp.broadcast_to(${e.js}, ${JSON.stringify(want)}).copy();`, `${name} = np.broadcast_to(${e.py}, ${JSON.stringify(want)}).copy()`);
    } else {
      this.emit(`const ${name} = ${v.name}.multiply(0.5).add(${e.js});`, `${name} = np.ascontiguousarray(${v.name} * 0.5 + ${e.py})`);
    }
    this.vars.push({ name, shape: want, writable: true, contiguous: true });
  }

  write(): void {
    const ts = this.vars.filter((v) => v.writable && v.shape.every((d) => d > 0));
    if (!ts.length) return;
    const t = this.pick(ts);
    const k = this.int(8);
    if (k <= 2) {
      const comps: string[] = [];
      const shape: number[] = [];
      t.shape.forEach((d) => {
        if (this.chance(0.15)) { comps.push(String(this.int(d))); return; }
        const L = 1 + this.int(d);
        comps.push(this.window(d, L)); shape.push(L);
      });
      const idx = comps.join(', ');
      const e = this.value(shape);
      this.emit(`${t.name}.set('${idx}', ${e.js});`, `${t.name}[${idx}] = np.array(${e.py}, copy=True)`);
    } else if (k === 3) {
      // a stencil: the value reads windows of the array it writes
      const want = t.shape.map((d) => (d > 1 ? 1 + this.int(d - 1) : 1));
      const at = (): string => t.shape.map((d, j) => this.window(d, want[j])).join(', ');
      const [w, s1, s2] = [at(), at(), at()];
      this.emit(`${t.name}.set('${w}', ${t.name}.get('${s1}').add(${t.name}.get('${s2}')).multiply(0.5));`,
        `${t.name}[${w}] = np.array((${t.name}[${s1}] + ${t.name}[${s2}]) * 0.5, copy=True)`);
    } else if (k === 4) {
      const c = this.int(6) - 2;
      const s = this.scalar();
      this.emit(`${t.name}.set(${t.name}.greater(${c}), ${s.js});`, `${t.name}[${t.name} > ${c}] = ${s.py}`);
    } else if (k === 5) {
      const n = t.shape[0];
      const rows = Array.from({ length: n }, (_, j) => j).sort(() => this.r() - 0.5).slice(0, 1 + this.int(n)).map((j) => (this.chance(0.3) ? j - n : j));
      const e = this.value([rows.length, ...t.shape.slice(1)]);
      this.emit(`${t.name}.set([cp.asarray(${JSON.stringify(rows)})], ${e.js});`, `${t.name}[np.asarray(${JSON.stringify(rows)})] = np.array(${e.py}, copy=True)`);
    } else if (k === 6) {
      const s = this.scalar();
      this.emit(`${t.name}.fill(${s.js});`, `${t.name}.fill(${s.py})`);
    } else {
      // a ufunc writing into a window through out=
      const want = t.shape.map((d) => 1 + this.int(d));
      const idx = t.shape.map((d, j) => this.window(d, want[j])).join(', ');
      const a = this.windowOf(want) ?? this.scalar();
      const b = this.value(want);
      if (a.scalar && b.scalar) return;
      this.emit(`cp.add(${a.js}, ${b.js}, { out: ${t.name}.get('${idx}') });`, `np.add(${a.py}, ${b.py}, out=${t.name}[${idx}])`);
    }
  }

  tidy(): void {
    const name = this.fresh('y');
    const before = this.vars.length;
    const start = this.js.length;
    this.write();
    this.lazy();
    const made = this.vars[this.vars.length - 1];
    this.vars.length = before;
    const body = this.js.splice(start);
    this.js.push(`const ${name} = cp.tidy(() => {`, ...body.map((l) => `  ${l}`), `  return ${made.name};`, '});');
    this.py.push(`${name} = ${made.name}`);
    this.vars.push({ ...made, name });
  }

  chk(v: Var): void { this.emit(`chk(${v.name});`, `chk(${v.name})`); }

  step(): void {
    const k = this.r();
    if (k < 0.2) this.view();
    else if (k < 0.38) this.lazy();
    else if (k < 0.7) this.write();
    else if (k < 0.78) this.js.push(`${this.pick(this.vars).name}.eval();`);
    else if (k < 0.86) this.chk(this.pick(this.vars));
    else if (k < 0.92 && this.vars.length > 2) {
      const [v] = this.vars.splice(this.int(this.vars.length), 1);
      this.js.push(`${v.name}.dispose();`);
    } else this.tidy();
  }
}

function plainProgram(seed: number): Program {
  const p = new Program(seed);
  for (let k = 1 + p.int(2); k > 0; k--) p.base();
  for (let k = 4 + p.int(12); k > 0; k--) p.step();
  for (const v of p.vars) p.chk(v);
  return p;
}

/** fn(x, y) does a few steps on its arguments' values; called on several arguments with writes between. */
function jitProgram(seed: number): Program {
  const p = new Program(seed);
  const shape = p.chance(0.5) ? [3 + p.int(5)] : [2 + p.int(3), 2 + p.int(3)];
  const pool = (name: string, sh: number[]) => {
    const data = Array.from({ length: sh.reduce((a, b) => a * b, 1) }, () => p.int(15) - 5);
    p.emit(`const ${name} = cp.asarray(${JSON.stringify(data)}, 'float64').reshape(${JSON.stringify(sh)})${p.chance(0.5) ? '.eval()' : ''};`,
      `${name} = np.asarray(${JSON.stringify(data)}, 'float64').reshape(${JSON.stringify(sh)})`);
    p.vars.push({ name, shape: sh, writable: true, contiguous: true });
  };
  ['A1', 'A2', 'B1'].forEach((n) => pool(n, shape));
  pool('P', shape.map((d) => d + 2));
  const outer = p.vars;
  // the body, over x and y
  const [jsHead, pyHead] = [p.js, p.py];
  p.js = []; p.py = [];
  p.vars = [{ name: 'x', shape, writable: false, contiguous: true }, { name: 'y', shape, writable: false, contiguous: true }];
  p.emit(`const s = x.add(y);`, `s = x + y`);
  p.vars.push({ name: 's', shape, writable: true, contiguous: true });
  for (let k = 2 + p.int(4); k > 0; k--) {
    const r = p.r();
    if (r < 0.3) p.view(); else if (r < 0.55) p.lazy(); else p.write();
  }
  const made = p.vars.filter((v) => v.name !== 'x' && v.name !== 'y');
  const rets = [p.pick(made), p.pick(made)].map((v) => v.name);
  const retShape = rets.map((n) => made.find((v) => v.name === n)!.shape);
  const reduced = `${rets[0]}.sum(0)`;
  const [bodyJs, bodyPy] = [p.js, p.py];
  p.js = jsHead; p.py = pyHead; p.vars = outer;
  p.js.push('const f = cp.jit((x, y) => {', ...bodyJs.map((l) => `  ${l}`), `  return [${rets.join(', ')}, ${reduced}];`, '});');
  p.py.push('def f(x, y):', ...bodyPy.map((l) => `    ${l}`), `    return [${rets.join(', ')}, ${rets[0]}.sum(0)]`);
  const results: string[] = [];
  const calls = 2 + p.int(4);
  for (let c = 0; c < calls; c++) {
    const arg = (): Expr => {
      const k = p.int(5);
      if (c === 0 || k <= 1) return { js: p.pick(['A1', 'A2']), py: '' };
      if (k === 2) return { js: 'A2.add(1)', py: '(A2 + 1)' };
      const prev = results.flatMap((r) => rets.map((_, i) => `${r}[${i}]`)).filter((_, i) => JSON.stringify(retShape[i % rets.length] ?? []) === JSON.stringify(shape));
      if (k === 3 && prev.length) return { js: p.pick(prev), py: '' };
      const idx = shape.map((d) => { const o = p.int(3); return `${o}:${o + d}`; }).join(', ');
      return { js: `P.get('${idx}')`, py: `P[${idx}]` };
    };
    const x = arg();
    const y = p.chance(0.25) ? x : c === 0 ? { js: 'B1', py: '' } : arg();
    const r = p.fresh('r');
    p.emit(`const ${r} = f(${x.js}, ${y.js});`, `${r} = f(${x.py || x.js}, ${y.py || y.js})`);
    results.push(r);
    for (let i = 0; i <= rets.length; i++) if (p.chance(0.5)) p.emit(`chk(${r}[${i}]);`, `chk(${r}[${i}])`);
    for (let k = p.int(3); k > 0; k--) p.write();
  }
  for (const r of results) for (let i = 0; i <= rets.length; i++) p.emit(`chk(${r}[${i}]);`, `chk(${r}[${i}])`);
  for (const v of p.vars) p.chk(v);
  return p;
}

/** The NumPy twin as one oracle expression: runs the program, gives every chk()'d array. */
function twin(p: Program): string {
  const code = ['out = []', 'def chk(a):', '    out.append(np.array(a, copy=True))', ...p.py].join('\n');
  return `(lambda ns: (exec(${JSON.stringify(code)}, ns), ns['out'])[1])({'np': np})`;
}

/** Runs the program's JavaScript, collecting what chk() is given, as host arrays. */
function runProgram(p: Program, gpu: boolean): HostArray[] {
  const got: HostArray[] = [];
  const chk = (a: cp.NDArray) => { got.push(toHost(a)); };
  onSchedule(gpu, () => new Function('cp', 'chk', p.js.join('\n'))(cp, chk));
  return got;
}

const PLAIN = FUZZ.seed ? Array.from({ length: 240 }, (_, k) => FUZZ.seed * 1000 + k) : Array.from({ length: 80 }, (_, k) => 7000 + k);
const JIT = FUZZ.seed ? Array.from({ length: 60 }, (_, k) => FUZZ.seed * 1000 + 500 + k) : Array.from({ length: 24 }, (_, k) => 9000 + k);
const programs = new Map<string, Program>([
  ...PLAIN.map((s) => [`plain ${s}`, plainProgram(s)] as const),
  ...JIT.map((s) => [`jit ${s}`, jitProgram(s)] as const),
]);
const expected = new Map<string, HostArray[] | string>();

beforeAll(() => {
  const keys = [...programs.keys()];
  const answers = numpy(keys.map((k) => ({ expr: twin(programs.get(k)!), inputs: {} })));
  keys.forEach((k, i) => {
    const a = answers[i];
    expected.set(k, a.ok ? (Array.isArray(a.value) ? a.value : [a.value]) : a.error);
  });
});

describe('writes, copy on write and jit: generated programs against NumPy', () => {
  for (const gpu of [false, true]) {
    it.each([...programs.keys()])(`%s (${gpu ? 'GPU' : 'CPU'} schedule)`, (key) => {
      const p = programs.get(key)!;
      const want = expected.get(key)!;
      if (typeof want === 'string') throw new Error(`the NumPy twin failed: ${want}\n${p.py.join('\n')}`);
      const got = runProgram(p, gpu);
      expect(got.length).toBe(want.length);
      const bad = got.map((g, i) => compareArrays(g, want[i], { rtol: 1e-9, atol: 1e-12 })).map((c, i) => (c.ok ? '' : `chk #${i}: ${c.message}`)).filter(Boolean);
      expect(bad.length ? `${bad[0]}\n${p.js.join('\n')}` : '').toBe('');
    });
  }
});

// ------------------------------------------------------------------------------------------
// Bugs the fuzzer found, minimized. Each runs on both schedules.

const list = (a: cp.NDArray) => a.tolist();
const bothSchedules = (f: () => void) => { onSchedule(false, f); onSchedule(true, f); };

describe('writes: minimized fuzzer findings', () => {
  it('sums with keepdims of different lengths combined with a row sum are computed', () => {
    bothSchedules(() => {
      const a = cp.ones([3]).sum(0, { keepdims: true });
      const b = cp.ones([4]).sum(0, { keepdims: true });
      const c = cp.ones([4, 3]).sum(1);
      expect(list(a.add(b).add(c))).toEqual([10, 10, 10, 10]);
    });
  });

  it('a gather from a view made before its base was computed outlives the view', () => {
    bothSchedules(() => {
      const b = cp.asarray([1, 2, 3, 4], 'float64').add(0);
      const w = b.get('1:');
      b.eval();
      const g = w.get([cp.asarray([0])]);
      w.dispose();
      expect(list(g)).toEqual([2]);
    });
  });

  it('a view of a lazy array sees a write to the array after a gather from the view was computed', () => {
    bothSchedules(() => {
      const t = cp.ones([3], 'float64').add(1);
      const w = t.get('1:');
      w.get([cp.asarray([0])]).eval();
      t.set('1', 5);
      expect(list(w)).toEqual([5, 2]);
    });
  });

  it('a gather from a view of a read-only broadcast computes the view, not the broadcast (nothing writes it)', () => {
    bothSchedules(() => {
      const big = cp.broadcast_to(cp.arange(4).astype('float32'), [100000, 4]);
      const g = big.get('::1000').get([cp.asarray([0, 5, 99])]);
      const plans = explainPlans([g.node], currentKind());
      expect(Math.max(...plans.map(({ plan }) => (plan.kind === 'elementwise' ? plan.size : 0)))).toBeLessThanOrEqual(400);
      expect(list(g)).toEqual([[0, 1, 2, 3], [0, 1, 2, 3], [0, 1, 2, 3]]);
    });
  });

  it('a jit replay that writes a closure array from a gather of an argument aliasing it buffers the gather', () => {
    bothSchedules(() => {
      const C = cp.zeros([4], 'float64');
      const f = cp.jit((x: cp.NDArray) => { C.set('...', x.get([cp.asarray([3, 2, 1, 0])])); return [C.add(0)]; });
      f(cp.asarray([1, 2, 3, 4], 'float64'));
      C.set('...', cp.asarray([1, 2, 3, 4], 'float64'));
      expect(list((f(C) as cp.NDArray[])[0])).toEqual([4, 3, 2, 1]);
    });
  });

  it('add.at refuses values whose result does not cast back to the array (NumPy casts after each update)', () => {
    bothSchedules(() => {
      const a = cp.zeros([3], 'int32');
      expect(() => cp.add.at(a, cp.asarray([0, 0]), cp.asarray([1.5, 2.5]))).toThrow(/does not support yet/);
      cp.add.at(a, cp.asarray([0, 0]), cp.asarray([1.5, 2.5]).astype('int32'));
      expect(list(a)).toEqual([3, 0, 0]);
    });
  });
});
