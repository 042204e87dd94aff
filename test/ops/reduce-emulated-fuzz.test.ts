// A differential fuzzer of the generated CUDA reduction kernels, without a GPU: random programs
// of one reduce kernel (reductions of data — evaluated arrays and their views: transposes,
// stepped and reversed slices, broadcasts — through elementwise producers, with epilogues, row
// outputs such as softmax and standardization, sibling reductions of one input), planned for the
// GPU (explainPlans(…, 'cuda'): the geometry a GPU would run), generated (generateCudaPlan), run
// on the host under test/helpers/cuda-emulator.h as src/api/cuda-runner.ts launches them
// (test/helpers/reduce-emulation.ts), and compared with the CPU backend's results of the same
// arrays: bitwise for integer, bool, index and extremum outputs, floats within a tolerance of the
// dtype and the reduction's length (the summation orders differ), NaN equal to NaN. Every
// generated source also compiles with NVRTC with no misplaced `#pragma unroll`.
// Shapes reach the geometries of src/ir/reduce-geometry.ts: rows (groups, a block per row, cached
// rows), columns (wide, narrow, split), split rows, many short rows, tiled walks of two reduced dims.
//   CUPYTS_SORT_EMULATE=1 (and g++) runs it; FUZZ_SCALE=n runs n times the programs (default 6),
//   FUZZ_SEED=s other programs; FUZZ_REPORT=path writes the failures there instead of failing;
//   FUZZ_LOG=path appends a line per program (seed, plan reached, verdict, program) as it runs.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { NDArray } from '../../src/api/ndarray.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import type { Node } from '../../src/ir/graph.js';
import type { ReducePlan } from '../../src/ir/reduce-plan.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { toDevice } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { EMULATE, emulatorDir } from '../helpers/emulator.js';
import { FUZZ, type FuzzFailure } from '../helpers/fuzz-harness.js';
import { f16BitsToNumber, mulberry32, randomArray } from '../helpers/numpy-oracle.js';
import { runReducePlan } from '../helpers/reduce-emulation.js';
import { appendFileSync, writeFileSync } from 'node:fs';

setBackendNotice(() => {});

/** Multiprocessors split plans are segmented for: few, so that rows are a few segments. */
const MULTIPROCESSORS = 2;
/** Blocks the emulator runs at once (each a process of up to 512 threads). */
const MAX_BLOCKS = 4;

type Dt = 'float32' | 'float64' | 'float16' | 'int32' | 'int64' | 'uint8' | 'bool';
const FLOATS: Dt[] = ['float32', 'float64', 'float16'];
const ALL: Dt[] = ['float32', 'float64', 'float16', 'int32', 'int64', 'uint8', 'bool'];


/** A program: its text (for the report), what it computes, and the tolerance floor of each result. */
interface Program {
  seed: number;
  expr: string;
  /** The results, each with the magnitude its float error is measured against (beside its own). */
  results: Array<{ a: cp.NDArray; floor: number; exactish: boolean }>;
  /** Elements each result reduces. */
  n: number;
}

class Gen {
  readonly rnd: () => number;
  readonly parts: string[] = [];
  dataSeed: number;
  constructor(readonly seed: number) {
    this.rnd = mulberry32(seed);
    this.dataSeed = seed * 7 + 1;
  }
  int(n: number): number { return Math.floor(this.rnd() * n); }
  range(lo: number, hi: number): number { return lo + this.int(hi - lo + 1); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  chance(p: number): boolean { return this.rnd() < p; }

  /** A shape aimed at one of the geometries. */
  shape(): { shape: number[]; family: string } {
    const pow = (lo: number, hi: number) => Math.round(2 ** (lo + this.rnd() * (hi - lo)));
    switch (this.chance(0.03) ? 7 : this.int(7)) {
      case 0: return { shape: [this.range(1, 7), this.range(1, 300)], family: 'short' };
      case 1: { const r = pow(12, 15); return { shape: [r, this.range(1, Math.max(1, Math.floor(2 ** 17 / r)))], family: 'tall' }; }
      case 2: { const r = this.range(1, 8); return { shape: [r, Math.min(pow(14, 16), Math.floor(2 ** 17 / r))], family: 'wide' }; }
      case 3: return { shape: [this.range(2, 6), this.range(20, 1500), this.range(2, 24)], family: '3d' };
      case 4: return { shape: [this.range(30, 200), this.range(30, 200)], family: 'square' };
      case 5: return { shape: [this.range(1, 40), this.range(257, 3000)], family: 'rows' };
      case 6: return { shape: [this.range(1, 3), this.range(8192, 20000)], family: 'split-rows' };
      // (rarely: a thread per output needs 132 × 2048 outputs or more)
      default: return { shape: [this.range(270_336, 274_000), this.range(1, 3)], family: 'many-short' };
    }
  }

  /** Random data of `shape`, then a view of it of shape `shape`: plain, transposed, stepped, reversed, offset, broadcast. */
  data(dtype: Dt, shape: number[], name: string): cp.NDArray {
    const opts = dtype === 'int32' || dtype === 'int64' ? { low: -20, high: 20 } : dtype === 'uint8' ? { low: 0, high: 9 } : { low: -3, high: 3, special: this.chance(0.15) };
    const make = (s: number[]) => toDevice(randomArray(dtype, s, this.dataSeed++, opts));
    const nd = shape.length;
    const kind = this.int(8);
    if (kind === 1 && nd >= 2) {
      const perm = nd === 2 ? [1, 0] : this.pick([[2, 1, 0], [1, 0, 2], [0, 2, 1], [2, 0, 1]]);
      const inv = perm.map((_, j) => perm.indexOf(j));
      const base = make(inv.map((j) => shape[j]));
      this.parts.push(`${name} = data(${base.shape}).transpose(${perm})`);
      // base has shape[perm^-1]: transposing by perm gives shape
      return cp.transpose(base, perm);
    }
    if (kind === 2) {
      const axis = this.int(nd);
      const base = make(shape.map((d, j) => (j === axis ? 2 * d + 1 : d)));
      const idx = shape.map((_, j) => (j === axis ? '1::2' : ':')).join(', ');
      this.parts.push(`${name} = data(${base.shape})[${idx}]`);
      return base.get(idx);
    }
    if (kind === 3) {
      const axis = this.int(nd);
      const base = make(shape);
      const idx = shape.map((_, j) => (j === axis ? '::-1' : ':')).join(', ');
      this.parts.push(`${name} = data(${base.shape})[${idx}]`);
      return base.get(idx);
    }
    if (kind === 4) {
      const base = make(shape.map((d, j) => (j === nd - 1 ? d + 3 : d)));
      const idx = shape.map((d, j) => (j === nd - 1 ? `1:${d + 1}` : ':')).join(', ');
      this.parts.push(`${name} = data(${base.shape})[${idx}]`);
      return base.get(idx);
    }
    if (kind === 5 && nd >= 2) {
      const axis = this.int(nd);
      const base = make(shape.map((d, j) => (j === axis ? 1 : d)));
      this.parts.push(`${name} = broadcast_to(data(${base.shape}), ${shape})`);
      return cp.broadcast_to(base, shape);
    }
    const base = make(shape);
    this.parts.push(`${name} = data(${shape})`);
    return base;
  }

  /** An elementwise producer of x (and y): its array and text. */
  producer(x: cp.NDArray, y: () => cp.NDArray, dtype: Dt): { a: cp.NDArray; text: string; mag: number } {
    const float = FLOATS.includes(dtype);
    const choices = float ? ['x', 'x', 'exp', 'abs', 'fma', 'where', 'square'] : dtype === 'bool' ? ['x', 'x', 'xor'] : ['x', 'x', 'abs', 'fma', 'where'];
    switch (this.pick(choices)) {
      case 'exp': return { a: cp.exp(x), text: 'exp(x)', mag: 20 };
      case 'abs': return { a: cp.abs(x), text: 'abs(x)', mag: 3 };
      case 'fma': return { a: cp.add(cp.multiply(x, y()), 1), text: 'x * y + 1', mag: 10 };
      case 'where': return { a: cp.where(cp.greater(x, 0), x, cp.multiply(y(), 2)), text: 'where(x > 0, x, 2 * y)', mag: 6 };
      case 'square': return { a: cp.multiply(x, x), text: 'x * x', mag: 9 };
      case 'xor': return { a: cp.logical_xor(x, y()), text: 'x ^ y', mag: 1 };
      default: return { a: x, text: 'x', mag: 3 };
    }
  }

  /** Axes to reduce: one or several, negative at times. */
  axes(nd: number): number[] {
    if (nd === 1) return [this.chance(0.5) ? 0 : -1];
    const one = this.chance(0.7);
    if (one) {
      const a = this.int(nd);
      return [this.chance(0.3) ? a - nd : a];
    }
    const all = [...Array(nd).keys()];
    const take = all.filter(() => this.chance(0.6));
    const axes = take.length ? take : [0, nd - 1];
    return axes.map((a) => (this.chance(0.3) ? a - nd : a));
  }

  /** Pairwise folds over k of inputs read at (i, k) and (j, k): the cross plans (ReducePlan.cross), or a per-output walk where they are too few. */
  crossProgram(): Program {
    const dtype = this.pick<Dt>(['float32', 'float64', 'int32', 'int64']);
    const [ni, nj, nk] = [this.range(16, 70), this.range(16, 70), this.range(1, 40)];
    const X = this.data(dtype, [ni, nk], 'X');
    const Y = this.data(dtype, [nj, nk], 'Y');
    const d = cp.subtract(cp.expand_dims(X, 1), cp.expand_dims(Y, 0));
    const op = this.pick(['sum', 'max', 'min', 'abs-sum']);
    const a = op === 'sum' ? cp.sum(cp.multiply(d, d), { axis: -1 }) : op === 'abs-sum' ? cp.sum(cp.abs(d), { axis: -1 }) : op === 'max' ? cp.max(d, { axis: -1 }) : cp.min(d, { axis: -1 });
    return { seed: this.seed, expr: `[cross, ${dtype}] ${this.parts.join('; ')}; ${op} over k of X[:, None] - Y[None]`, results: [{ a, floor: Math.sqrt(nk) * 36, exactish: op === 'max' || op === 'min' }], n: nk };
  }

  program(): Program | null {
    if (this.chance(0.08)) return this.crossProgram();
    const { shape, family } = this.shape();
    const nd = shape.length;
    const dtype = this.pick(ALL);
    const x = this.data(dtype, shape, 'x');
    let yArr: cp.NDArray | undefined;
    const y = () => (yArr ??= this.data(dtype, shape, 'y'));
    const p = this.producer(x, y, dtype);
    const axes = this.axes(nd);
    const axisSet = new Set(axes.map((a) => (a + nd) % nd));
    const n = [...axisSet].reduce((m, a) => m * shape[a], 1);
    const keepdims = this.chance(0.4);
    const float = FLOATS.includes(p.a.dtype.name as Dt);
    const opts = { axis: axes, keepdims };
    const sq = Math.sqrt(Math.max(1, n));
    const results: Program['results'] = [];
    const texts: string[] = [];
    const add = (a: cp.NDArray, text: string, floor: number, exactish = false) => { results.push({ a, floor, exactish }); texts.push(text); };
    const single = axes.length === 1 ? axes[0] : undefined;
    const reduce = (op: string): { a: cp.NDArray; floor: number; exactish: boolean } | null => {
      switch (op) {
        case 'sum': return { a: cp.sum(p.a, opts), floor: sq * p.mag, exactish: false };
        case 'prod': return float ? null : { a: cp.prod(p.a, opts), floor: 1, exactish: false };
        case 'max': return { a: cp.max(p.a, opts), floor: 0, exactish: true };
        case 'min': return { a: cp.min(p.a, opts), floor: 0, exactish: true };
        case 'argmax': return single === undefined ? null : { a: cp.argmax(p.a, { axis: single, keepdims }), floor: 0, exactish: true };
        case 'argmin': return single === undefined ? null : { a: cp.argmin(p.a, { axis: single, keepdims }), floor: 0, exactish: true };
        case 'mean': return { a: cp.mean(p.a, opts), floor: p.mag / sq, exactish: false };
        case 'var': return { a: cp.var(p.a, { ...opts, ddof: this.int(2) }), floor: p.mag * p.mag / sq, exactish: false };
        case 'std': return { a: cp.std(p.a, opts), floor: p.mag / sq, exactish: false };
        case 'any': return { a: cp.any(p.a, opts), floor: 0, exactish: true };
        case 'all': return { a: cp.all(p.a, opts), floor: 0, exactish: true };
        case 'count_nonzero': return { a: cp.count_nonzero(p.a, opts), floor: 0, exactish: true };
      }
      return null;
    };
    const OPS = ['sum', 'prod', 'max', 'min', 'argmax', 'argmin', 'mean', 'var', 'std', 'any', 'all', 'count_nonzero'];
    const shapeKind = this.int(10);
    if (shapeKind < 5) {
      // one reduction, perhaps with an epilogue
      const op = this.pick(OPS);
      const r = reduce(op);
      if (!r) return null;
      let text = `${op}(${p.text}, axis=${axes}, keepdims=${keepdims})`;
      let a = r.a;
      if (this.chance(0.4) && a.dtype.kind !== 'b') {
        if (a.dtype.kind === 'f') { a = cp.sqrt(cp.abs(cp.add(cp.multiply(a, 2), 1))); text = `sqrt(abs(${text} * 2 + 1))`; } else { a = cp.subtract(cp.multiply(a, 3), 1); text = `${text} * 3 - 1`; }
      }
      add(a, text, r.floor * 2, r.exactish && a === r.a);
    } else if (shapeKind < 7) {
      // siblings of one input
      const ops = [...new Set([this.pick(OPS), this.pick(OPS), this.pick(OPS)])];
      for (const op of ops) {
        const r = reduce(op);
        if (r) add(r.a, `${op}(${p.text}, axis=${axes}, keepdims=${keepdims})`, r.floor, r.exactish);
      }
      if (results.length === 0) return null;
    } else {
      // row outputs: a keepdims statistic read back over the whole shape
      if (!float) return null;
      const kd = { axis: axes, keepdims: true };
      switch (this.int(4)) {
        case 0: { const e = cp.exp(cp.subtract(p.a, cp.max(p.a, kd))); add(cp.divide(e, cp.sum(e, kd)), `softmax(${p.text}, axis=${axes})`, 1 / sq); break; }
        case 1: add(cp.divide(cp.subtract(p.a, cp.mean(p.a, kd)), cp.std(p.a, kd)), `standardize(${p.text}, axis=${axes})`, 1); break;
        case 2: add(cp.subtract(p.a, cp.mean(p.a, kd)), `${p.text} - mean(${p.text}, axis=${axes})`, p.mag / sq); break;
        default: {
          const m = cp.max(p.a, kd);
          add(cp.add(cp.log(cp.sum(cp.exp(cp.subtract(p.a, m)), opts)), keepdims ? m : cp.squeeze(m, axes)), `logsumexp(${p.text}, axis=${axes})`, 1);
        }
      }
    }
    return { seed: this.seed, expr: `[${family}, ${dtype}] ${this.parts.join('; ')}; p = ${p.text}; ${texts.join(', ')}`, results, n };
  }
}

/** The one reduce plan of `arrays`, or null where evaluating them takes another plan or none. */
function onlyReducePlan(arrays: cp.NDArray[]): ReducePlan | null {
  const plans = explainPlans(arrays.map((a) => a.node), 'cuda');
  return plans.length === 1 && plans[0].plan.kind === 'reduce' ? plans[0].plan : null;
}

/** A buffer of `dtype` elements as numbers or bigints. */
function elements(buf: Buffer, dtype: string): Array<number | bigint> {
  const b = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
  switch (dtype) {
    case 'float32': return [...new Float32Array(b)];
    case 'float64': return [...new Float64Array(b)];
    case 'float16': return [...new Uint16Array(b)].map(f16BitsToNumber);
    case 'int32': return [...new Int32Array(b)];
    case 'int64': return [...new BigInt64Array(b)];
    case 'uint64': return [...new BigUint64Array(b)];
    case 'uint8': case 'bool': return [...new Uint8Array(b)];
    case 'int8': return [...new Int8Array(b)];
    case 'int16': return [...new Int16Array(b)];
    case 'uint16': return [...new Uint16Array(b)];
    case 'uint32': return [...new Uint32Array(b)];
  }
  throw new Error(`no reader for ${dtype}`);
}

const EPS: Record<string, number> = { float16: 2 ** -11, float32: 2 ** -24, float64: 2 ** -53 };

/** Where the emulated outputs differ from the CPU backend's: a message, or null. */
function compare(plan: ReducePlan, got: Buffer[], prog: Program): string | null {
  const outputs = [...plan.outOutputs, ...plan.rowOutputs];
  const byNode = new Map<Node, Program['results'][number]>(prog.results.map((r) => [r.a.node, r]));
  for (const [k, o] of outputs.entries()) {
    const wantArr = new NDArray(o.node).dataSync() as ArrayLike<number | bigint | boolean>;
    const mine = elements(got[k], o.dtype.name);
    const res = byNode.get(o.node);
    const float = o.dtype.kind === 'f';
    // float16 results accumulate in float32 and round once
    const eps = o.dtype.name === 'float16' ? EPS.float32 : EPS[o.dtype.name] ?? 0;
    const rtol = res?.exactish ? 4 * eps : eps * 64 * Math.sqrt(Math.max(1, prog.n));
    const floor = res?.floor ?? Math.sqrt(prog.n) * 10;
    for (let i = 0; i < mine.length; i++) {
      const w = wantArr[i];
      const m = mine[i];
      let ok: boolean;
      if (!float) ok = BigInt(m as number | bigint) === BigInt(typeof w === 'boolean' ? Number(w) : (w as number | bigint));
      else {
        const wn = Number(w), mn = Number(m);
        if (Number.isNaN(wn) || Number.isNaN(mn)) ok = Number.isNaN(wn) && Number.isNaN(mn);
        else if (!Number.isFinite(wn) || !Number.isFinite(mn)) ok = wn === mn;
        else ok = Math.abs(mn - wn) <= rtol * (Math.abs(wn) + floor) + (o.dtype.name === 'float16' ? 2 ** -10 * Math.abs(wn) + 2 ** -24 : 0);
      }
      if (!ok) return `output ${k} (%${o.node.id} ${o.dtype.name}, ${plan.geometry.kind}${plan.cross ? ' cross' : ''}${plan.split ? ' split' : ''}) [${i}] of ${mine.length}: emulated ${m} against ${w}`;
    }
  }
  return null;
}

/** What a program's plan reached: geometry kind, walk, caches, vectors, split, online folds. */
function planTags(plan: ReducePlan): string {
  const g = plan.geometry;
  return [plan.cross ? 'cross' : g.kind, g.walk === 'tiles' ? 'tiles' : '', plan.cachedItems ? 'cached' : '', plan.vectorItems ? 'cached-vectors' : '',
    plan.vectorWidth > 1 ? 'vector' : '', plan.reductions.some((r) => r.online) ? 'online' : '', plan.rowOutputs.length ? 'row-outputs' : ''].filter(Boolean).join('+');
}

const dir = emulatorDir('reduce-fuzz');
const PROGRAMS = Math.round(6 * FUZZ.scale);
const sources = new Map<string, string>();
const reached = new Map<string, number>();

describe.skipIf(!EMULATE)('reduce kernels under the host emulator against the CPU backend (differential fuzzer)', () => {
  it(`${PROGRAMS} programs of one reduce kernel, FUZZ_SEED=${FUZZ.seed}`, () => {
    const failures: FuzzFailure[] = [];
    let ran = 0;
    for (let i = 0; ran < PROGRAMS && i < PROGRAMS * 20; i++) {
      const seed = FUZZ.seed * 1_000_000 + i;
      let prog: Program | null;
      let plan: ReducePlan | null = null;
      try {
        prog = new Gen(seed).program();
        if (prog) plan = onlyReducePlan(prog.results.map((r) => r.a));
      } catch (err) {
        // a program the API refuses (an op that does not take the dtype): not one of ours
        if (err instanceof cp.CupytsError) continue;
        throw err;
      }
      if (!prog || !plan) continue;
      ran++;
      const tags = planTags(plan);
      reached.set(tags, (reached.get(tags) ?? 0) + 1);
      sources.set(plan.key, generateCudaPlan(plan).source);
      let message: string | null;
      try {
        message = compare(plan, runReducePlan(dir, `s${seed}`, plan, { multiprocessors: MULTIPROCESSORS, maxBlocks: MAX_BLOCKS }), prog);
      } catch (err) {
        message = `threw: ${(err as Error).message.slice(0, 1500)}`;
      }
      if (process.env.FUZZ_LOG) appendFileSync(process.env.FUZZ_LOG, `${seed} ${tags} ${message ? `FAIL ${message}` : 'ok'} ${prog.expr}\n`);
      if (message) failures.push({ label: `seed ${seed} (${tags})`, expr: prog.expr, message, tags: { geometry: tags } });
    }
    console.log(`reduce-emulated-fuzz: ${ran} programs; plans reached: ${[...reached].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    if (FUZZ.report) {
      writeFileSync(FUZZ.report, JSON.stringify(failures, null, 1));
      return;
    }
    expect(failures.map((f) => `${f.label}\n    ${f.expr}\n    ${f.message}`).join('\n')).toBe('');
  }, 3_600_000);

  // NVRTC takes every generated source with no error and no `#pragma unroll` out of place
  it.skipIf(!HAS_NVRTC)('NVRTC compiles every kernel the programs ran', () => {
    const compiler = new NvrtcCompiler({ disk: null });
    for (const [key, source] of sources) {
      const { log } = compiler.compile({ source, name: 'fuzz.cu', arch: 'sm_90' });
      expect(log, key).not.toMatch(/pragma unroll must precede/);
    }
  }, 600_000);
});

// Column blocks of several outputs guard their loops with `if (live)`: a `#pragma unroll` before
// the guard was ignored by NVRTC, with a warning (the fuzzer's first finding, a column prod of
// bools). Their folds and row outputs compile clean; under the emulator they match the CPU backend.
describe('column kernels of several outputs a block', () => {
  const x = () => toDevice(randomArray('float32', [300, 40], 4242, { low: -3, high: 3 }));
  const programs: Array<[string, () => cp.NDArray[]]> = [
    ['sum', () => [cp.sum(x(), 0)]],
    ['argmax', () => [cp.argmax(x(), { axis: 0 })]],
    ['standardize', () => { const a = x(); return [cp.divide(cp.subtract(a, cp.mean(a, { axis: 0, keepdims: true })), cp.std(a, { axis: 0, keepdims: true }))]; }],
  ];
  const planOf = (arrays: cp.NDArray[]) => {
    const plan = onlyReducePlan(arrays)!;
    expect(plan.geometry.order).toBe('column');
    expect(plan.geometry.outputsPerBlock).toBeGreaterThan(1);
    return plan;
  };
  it.skipIf(!HAS_NVRTC)('compile with no misplaced #pragma unroll', () => {
    const compiler = new NvrtcCompiler({ disk: null });
    for (const [name, make] of programs) {
      const { log } = compiler.compile({ source: generateCudaPlan(planOf(make())).source, name: `${name}.cu`, arch: 'sm_90' });
      expect(log, name).not.toMatch(/pragma unroll must precede/);
    }
  }, 120_000);
  it.skipIf(!EMULATE)('match the CPU backend under the emulator', () => {
    for (const [name, make] of programs) {
      const arrays = make();
      const plan = planOf(arrays);
      const prog: Program = { seed: 0, expr: name, results: arrays.map((a) => ({ a, floor: 1, exactish: false })), n: 300 };
      expect(compare(plan, runReducePlan(dir, `column_${name}`, plan, { multiprocessors: MULTIPROCESSORS, maxBlocks: MAX_BLOCKS }), prog), name).toBeNull();
    }
  }, 600_000);
});
