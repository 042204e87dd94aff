// The generator and the checker of the cp.jit differential fuzzer (test/ops/jit-fuzz.test.ts).
// A program is JavaScript text: a function of array arguments (and a scalar, sometimes arguments in
// an object) built from the public API, over arrays it reads from its closure. The generator builds
// it one statement at a time, running each candidate on template arrays of the signature (lazily,
// so only what fails at construction is rejected), and records the calls to make: argument values
// per call, layouts (a second signature), aliasing, writes to the closure arrays between calls and
// the results to dispose. The checker runs the program eagerly and through cp.jit on equal copies
// of everything and compares each result, argument and closure array bitwise (dtype, shape,
// bytes), thrown error codes, and, at the end, every result kept from earlier calls.
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as cp from '../../src/index.js';
import { mulberry32 } from './numpy-oracle.js';

export type DT = 'float32' | 'float64' | 'int32' | 'int64' | 'bool' | 'complex64';
export type Layout = 'c' | 'strided' | 'T' | 'offset' | 'lazy';

export interface ArgSpec { name: string; kind: 'array' | 'index'; dtype: DT; shape: number[]; bound?: number }
export interface ClosureSpec { name: string; dtype: DT; shape: number[]; seed: number; lazy: boolean }

export interface CallPlan {
  seed: number;
  layouts: Layout[];
  scalar: number;
  /** The second array argument is the first one itself. */
  alias: boolean;
  /** The arguments of the previous call again (as they are after it). */
  reuse: boolean;
  /** The first array argument is the first result of the previous call (a loop's state), where dtype and shape fit. */
  feed: boolean;
  /** The call runs inside cp.tidy (fn eagerly too). */
  tidy: boolean;
  /** The first array argument is the closure array c0 itself. */
  closureArg: boolean;
  /** Per index argument: one entry out of range. */
  oob: boolean[];
  /** Statements over the closure arrays run (on both sides) before the call. */
  before: string[];
  /** Result leaves disposed after the call is checked. */
  disposeAfter: number[];
}

export interface JitProgram {
  seed: number;
  args: ArgSpec[];
  /** A scalar argument s0 (a number, part of the signature). */
  scalar: boolean;
  /** The array arguments come in one object: fn({ x0, x1 }, s0). */
  argObject: boolean;
  closures: ClosureSpec[];
  body: string[];
  /** The result's values and its form: 0 the first alone, 1 a tuple, 2 an object, 3 nested. */
  outs: string[];
  form: number;
  calls: CallPlan[];
  maxSignatures: number;
  tags: Set<string>;
  /** Whether the template run threw (the program is kept as an error program). */
  eagerThrows: boolean;
}

// ------------------------------------------------------------------------------------------------
// Values.

const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Deterministic values of `seed`: quarter steps in [-2, 2] (floats), small ints, or truth values. */
function hostValues(n: number, dtype: DT, seed: number, special: boolean): unknown[] {
  return Array.from({ length: n }, (_, i) => {
    const s = Math.sin(i * 1.37 + seed * 2.1 + 0.3);
    const t = Math.cos(i * 0.91 + seed * 1.3);
    switch (dtype) {
      case 'bool': return s > 0;
      case 'int32': case 'int64': return Math.round(s * 7);
      case 'complex64': return cp.complex(Math.round(s * 8) / 4, Math.round(t * 8) / 4);
      default:
        if (special && i % 7 === 3) return [NaN, Infinity, -Infinity, -0][(i + seed) & 3];
        return Math.round(s * 8) / 4;
    }
  });
}

/** An array of `shape` and `dtype` with the values of `seed`, in `layout` (a view of a larger buffer, a transpose, lazy). */
export function mk(shape: readonly number[], dtype: DT, seed: number, layout: Layout = 'c', special = false): cp.NDArray {
  const n = sizeOf(shape);
  const make = (s: readonly number[], m: number) => cp.asarray(hostValues(m, dtype, seed, special) as any, dtype).reshape([...s]);
  switch (layout) {
    case 'strided':
      if (shape.length === 0) return make(shape, n).eval();
      return make([shape[0] * 2, ...shape.slice(1)], n * 2).eval().get('::2');
    case 'T':
      if (shape.length >= 2) return make([...shape].reverse(), n).eval().T;
      return make([n + 1], n + 1).eval().get('1:').reshape([...shape]);
    case 'offset':
      return make([n + 2], n + 2).eval().get('2:').reshape([...shape]);
    case 'lazy':
      return make(shape, n).eval().mul(dtype === 'bool' ? true : 1);
    default:
      return make(shape, n).eval();
  }
}

/** An int64 index array of `shape` with values in [-bound, bound) (one out of range where `oob`). */
export function mkIndex(shape: readonly number[], bound: number, seed: number, oob: boolean): cp.NDArray {
  const n = sizeOf(shape);
  const v = Array.from({ length: n }, (_, i) => {
    const r = Math.abs(Math.round(Math.sin(i * 2.3 + seed * 1.7) * 1000));
    return (r % (bound + 1)) - (r % 5 === 0 ? bound : 0) - (r % (bound + 1) === bound ? 1 : 0);
  });
  if (oob && n > 0) v[(seed >>> 0) % n] = seed % 2 === 0 ? bound : -bound - 1;
  return cp.asarray(v, 'int64').reshape([...shape]).eval();
}

// ------------------------------------------------------------------------------------------------
// The generator.

type Rng = () => number;
interface Val { e: string; a: cp.NDArray }
interface Var extends Val { kind: 'arg' | 'closure' | 'made' | 'upload'; alive: boolean; writable: boolean }

const FLOATS: DT[] = ['float32', 'float64'];
const ALL_DT: DT[] = ['float32', 'float32', 'float64', 'float64', 'int32', 'int64', 'bool', 'complex64'];
const UNARY = ['negative', 'abs', 'exp', 'sin', 'cos', 'tanh', 'sqrt', 'log1p', 'floor', 'ceil', 'square', 'sign', 'reciprocal', 'logical_not',
  'isnan', 'isfinite', 'exp2', 'log', 'expm1', 'rint', 'conj', 'positive', 'invert', 'cbrt', 'sinh', 'arctan', 'trunc', 'signbit'];
const BINARY = ['add', 'subtract', 'multiply', 'true_divide', 'floor_divide', 'maximum', 'minimum', 'fmax', 'fmin', 'power', 'greater', 'less_equal',
  'equal', 'not_equal', 'logical_and', 'logical_or', 'logical_xor', 'bitwise_and', 'bitwise_or', 'bitwise_xor', 'arctan2', 'hypot', 'fmod',
  'remainder', 'copysign', 'logaddexp', 'left_shift'];
const METHOD_BINARY = ['add', 'sub', 'mul', 'div'];
const REDUCE = ['sum', 'mean', 'max', 'min', 'prod', 'std', 'var', 'any', 'all', 'ptp', 'nansum', 'count_nonzero', 'argmax', 'argmin'];
const MULTI_AXIS = new Set(['sum', 'mean', 'max', 'min', 'prod', 'std', 'var', 'any', 'all', 'nansum']);

/** Tags read from the program's text (for the statistics and the known findings). */
const BODY_TAGS: Record<string, RegExp> = {
  matmul: /cp\.(matmul|dot)\(/, reduce: /cp\.(sum|mean|max|min|prod|std|var|any|all|ptp|nansum|count_nonzero|argmax|argmin)\(|\.(sum|mean|max|min|prod|std|var|any|all|ptp|argmax|argmin)\(/,
  scan: /cp\.(cumsum|cumprod|nancumsum)\(/, sort: /cp\.(sort|argsort)\(/, partition: /cp\.(argpartition|partition)\(/,
  join: /cp\.(concatenate|stack)\(/, where: /cp\.where\(/, broadcast_to: /cp\.broadcast_to\(/, set: /\.set\(/,
};

/** Whether `a` is views (one or more deep) of a complex array (a.real, a.imag and views of them). */
function viewsOfComplex(a: cp.NDArray): boolean {
  let n = a.node as unknown as { kind: string; input?: unknown; dtype: { kind: string } };
  while (n.kind === 'view' && n.input) {
    n = n.input as typeof n;
    if (n.dtype.kind === 'c') return true;
  }
  return false;
}

class Gen {
  readonly vars: Var[] = [];
  readonly body: string[] = [];
  readonly tags = new Set<string>();
  private n = 0;
  /** The index arguments and the length of the dimension they index. */
  bounds = new Map<string, number>();
  /** Tags of the candidate being built, kept where it is. */
  pending: string[] = [];
  constructor(readonly r: Rng, readonly scalar: number | undefined) {}

  int(n: number): number { return Math.floor(this.r() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  chance(p: number): boolean { return this.r() < p; }

  live(): Var[] { return this.vars.filter((v) => v.alive); }
  pickVal(filter: (v: Var) => boolean = () => true): Var | undefined {
    const vs = this.live().filter(filter);
    if (!vs.length) return undefined;
    // later values more often: programs chain
    return vs[Math.max(0, vs.length - 1 - Math.floor(Math.abs(this.r() - this.r()) * vs.length))];
  }

  /** Runs `code` over the template values: a const expression (returns its value) or a statement. */
  run(code: string, expr: boolean): unknown {
    const live = this.live();
    const names = [...live.map((v) => v.e), ...this.numbers];
    const f = new Function('cp', ...(this.scalar !== undefined ? ['s0'] : []), ...names, expr ? `return (${code});` : code);
    return f(cp, ...(this.scalar !== undefined ? [this.scalar] : []), ...live.map((v) => v.a), ...this.numberValues);
  }

  /** `code` as a new const of the program where it runs on the templates and gives an array. */
  tryConst(code: string, kind: Var['kind'] = 'made', tags: string[] = []): Var | undefined {
    let a: unknown;
    try { a = this.run(code, true); } catch { return undefined; }
    if (!(a instanceof cp.NDArray) || a.size > 256) return undefined;
    const v: Var = { e: `v${this.n++}`, a, kind, alive: true, writable: true };
    this.vars.push(v);
    this.body.push(`const ${v.e} = ${code};`);
    [...tags, ...this.pending].forEach((t) => this.tags.add(t));
    return v;
  }

  tryStmt(code: string, tags: string[] = []): boolean {
    try { this.run(code, false); } catch { return false; }
    this.body.push(code);
    [...tags, ...this.pending].forEach((t) => this.tags.add(t));
    return true;
  }

  // --- pieces ---
  axis(nd: number, allowNull = true): number | null {
    if (nd === 0) return allowNull && this.chance(0.5) ? null : -1;
    if (allowNull && this.chance(0.2)) return null;
    const a = this.int(nd);
    return this.chance(0.3) ? a - nd : a;
  }

  /** Numbers fn read back from arrays (item()): usable where a literal is. */
  readonly numbers: string[] = [];
  readonly numberValues: number[] = [];

  literal(dt: string, outsideFn = false): string {
    if (!outsideFn && this.numbers.length && dt !== 'bool' && this.chance(0.3)) return this.pick(this.numbers);
    if (dt === 'bool') return this.pick(['true', 'false']);
    if (dt.startsWith('int') || dt.startsWith('uint')) return String(this.pick([0, 1, 2, 3, -1, 5]));
    if (dt.startsWith('complex') && this.chance(0.3)) return `cp.complex(${this.pick([0.5, -1, 2])}, ${this.pick([1, -0.25])})`;
    return String(this.pick([0.5, -1.5, 2, 0.25, 3, -0.75, 1]));
  }

  /** A basic index of `shape` as NumPy text (slices with steps, ints, None, ...). */
  basicIndex(shape: readonly number[], allowInt = true): string {
    const parts: string[] = [];
    const nd = this.chance(0.2) ? this.int(shape.length + 1) : shape.length;
    for (let d = 0; d < nd; d++) {
      const n = shape[d];
      const c = this.r();
      if (c < 0.3) parts.push(':');
      else if (c < 0.45 && allowInt) parts.push(String(this.int(2 * n) - n));
      else if (c < 0.6) parts.push(this.pick(['::2', '::-1', '::-2', '1::2', '::3']));
      else if (c < 0.85) {
        const a = this.int(n + 1), b = this.int(n + 1);
        parts.push(`${a}:${Math.max(a, b) + (this.chance(0.1) ? 0 : 1)}`);
      } else parts.push(`${this.int(n)}:${this.chance(0.5) ? -1 : ''}:${this.pick([1, 2, -1])}`);
    }
    if (this.chance(0.15)) parts.splice(this.int(parts.length + 1), 0, 'None');
    if (this.chance(0.1)) parts.unshift('...');
    return parts.length ? parts.join(', ') : '...';
  }

  /** A shape of `n` elements (1-3 dims, maybe with -1). */
  reshapeTo(n: number): string {
    const dims: number[] = [];
    let rest = n;
    const nd = 1 + this.int(3);
    for (let k = 0; k < nd - 1; k++) {
      const divs = [1, 2, 3, 4, 6].filter((d) => rest % d === 0);
      const d = this.pick(divs);
      dims.push(d);
      rest /= d;
    }
    dims.push(rest);
    if (this.chance(0.3)) dims[this.int(dims.length)] = -1;
    return dims.join(', ');
  }

  /** An index array expression made inside fn for a dimension of `n` (host data, arange, an argsort). */
  indexExpr(n: number, len: number): string {
    const list = Array.from({ length: len }, () => this.int(2 * n) - n);
    switch (this.int(5)) {
      case 0: return `[${list.join(', ')}]`;
      case 1: return `cp.asarray([${list.join(', ')}])`;
      case 2: return `cp.asarray([${list.join(', ')}], 'int32')`;
      case 3: return this.chance(0.5) ? `cp.arange(${Math.min(len, n)})` : `cp.arange(${n - 1}, -1, -1)`;
      default: return `cp.arange(${len}).mul(${this.pick([1, 2, 3])}).add(${this.int(n)}).remainder(${n})`;
    }
  }

  // --- operations giving a new array from values ---
  op(inputs: () => Val | undefined): string | undefined {
    const A = inputs();
    if (!A) return undefined;
    const a = A.a, e = A.e, nd = a.ndim, dt = a.dtype.name;
    const B = () => inputs();
    const c = this.int(100);
    if (c < 12) return `cp.${this.pick(UNARY)}(${e})`;
    if (c < 26) {
      const b = B() ?? A;
      if (this.chance(0.3)) return `${e}.${this.pick(METHOD_BINARY)}(${b.e})`;
      const opts = this.chance(0.1) ? `, { dtype: '${this.pick(['float64', 'float32', 'complex64'])}' }` : '';
      return `cp.${this.pick(BINARY)}(${e}, ${b.e}${opts})`;
    }
    if (c < 33) {
      const s = this.scalar !== undefined && this.chance(0.4) ? 's0' : this.literal(this.pick([dt, 'float64']));
      const op = this.pick(['add', 'mul', 'sub', 'div']);
      return this.chance(0.5) ? `${e}.${op}(${s})` : `cp.${this.pick(BINARY)}(${this.chance(0.5) ? `${e}, ${s}` : `${s}, ${e}`})`;
    }
    if (c < 36) return `${e}.astype('${this.pick(ALL_DT)}')`;
    if (c < 39) {
      const m = this.chance(0.5) ? `${e}.greater(${this.literal(dt)})` : (B()?.e ?? e);
      return `cp.where(${m}, ${e}, ${this.chance(0.5) ? (B()?.e ?? e) : this.literal(dt)})`;
    }
    if (c < 51) {
      const op = this.pick(REDUCE);
      let axis: string;
      if (MULTI_AXIS.has(op) && nd >= 2 && this.chance(0.25)) {
        const x = this.int(nd), y = (x + 1 + this.int(nd - 1)) % nd;
        axis = `[${x}, ${y}]`;
      } else axis = String(this.axis(nd));
      const keep = this.chance(0.4);
      const extra = (op === 'std' || op === 'var') && this.chance(0.5) ? `, ddof: ${this.pick([0, 1])}` : '';
      if (this.chance(0.2) && !extra && op !== 'count_nonzero') return `${e}.${op}(${axis}${keep ? ', { keepdims: true }' : ''})`;
      return `cp.${op}(${e}, { axis: ${axis}${keep ? ', keepdims: true' : ''}${extra} })`;
    }
    if (c < 56) {
      const op = this.pick(['cumsum', 'cumsum', 'cumprod', 'nancumsum']);
      return `cp.${op}(${e}, ${this.axis(nd)})`;
    }
    if (c < 62) {
      const op = this.pick(['sort', 'argsort', 'argpartition', 'partition']);
      if (dt.startsWith('complex')) this.pending.push('sort:complex');
      if (viewsOfComplex(a)) this.pending.push('sort:complexView');
      const ax = nd === 0 ? null : this.axis(nd, op.includes('sort'));
      if (op.includes('partition')) {
        const len = ax === null ? a.size : a.shape[(ax + nd) % nd];
        if (len === 0) return undefined;
        return `cp.${op}(${e}, ${this.chance(0.2) ? `[0, ${len - 1}]` : this.int(len)}, ${ax})`;
      }
      return `cp.${op}(${e}, ${ax})`;
    }
    if (c < 74) return this.view(A);
    if (c < 86) return this.gather(A);
    if (c < 91) {
      const b = B();
      if (nd >= 2 && this.chance(0.4)) return `cp.matmul(${e}, ${e}.${this.pick(['T', 'mT'])})`;
      if (b && b.a.ndim >= 1 && nd >= 1) {
        if (this.chance(0.2)) return `cp.dot(${e}, ${b.e})`;
        return `cp.matmul(${e}, ${b.e})`;
      }
      if (nd >= 1) {
        const k = a.shape[nd - 1], m = 1 + this.int(3);
        const vals = Array.from({ length: k * m }, () => this.int(9) - 4);
        return `cp.matmul(${e}, cp.asarray([${vals.join(', ')}], '${dt === 'bool' ? 'float32' : dt}').reshape(${k}, ${m}))`;
      }
      return undefined;
    }
    if (c < 95) {
      const b = B() ?? A;
      if (this.chance(0.5)) return `cp.concatenate([${e}, ${b.e}], ${this.axis(nd)})`;
      return `cp.stack([${e}, ${b.e}], ${this.int(nd + 1)})`;
    }
    if (c < 98) return this.chance(0.5) ? `${e}.copy()` : `cp.ascontiguousarray(${e})`;
    return `cp.clip(${e}, ${this.literal(dt)}, ${this.literal(dt)})`;
  }

  view(A: Val): string | undefined {
    const { a, e } = A;
    const nd = a.ndim;
    switch (this.int(10)) {
      case 0: case 1: case 2: return `${e}.get('${this.basicIndex(a.shape)}')`;
      case 3: return nd >= 2 && this.chance(0.5) ? `${e}.T` : `${e}.transpose(${[...Array(nd).keys()].sort(() => this.r() - 0.5).join(', ')})`;
      case 4: return this.chance(0.2) ? `${e}.ravel()` : `${e}.reshape(${this.reshapeTo(a.size)})`;
      case 5: return `cp.expand_dims(${e}, ${this.int(nd + 1)})`;
      case 6: return nd >= 1 ? `cp.flip(${e}, ${this.axis(nd, true)})` : undefined;
      case 7: return nd >= 2 ? `cp.swapaxes(${e}, ${this.int(nd)}, ${this.int(nd)})` : `${e}.get('None, ..., None')`;
      case 8: {
        const shape = [...a.shape].map((d) => (d === 1 && this.chance(0.6) ? 1 + this.int(3) : d));
        if (this.chance(0.4)) shape.unshift(1 + this.int(2));
        return `cp.broadcast_to(${e}, [${shape.join(', ')}])`;
      }
      default:
        if (a.dtype.name === 'complex64') return `${e}.${this.pick(['real', 'imag'])}`;
        if (nd >= 2) return `${e}.diagonal()`;
        return `${e}.squeeze()`;
    }
  }

  gather(A: Val): string | undefined {
    const { a, e } = A;
    const nd = a.ndim;
    if (nd === 0) return undefined;
    let ax = this.int(nd);
    const bounds = this.bounds;
    const found = this.live().find((v) => v.kind === 'arg' && bounds.has(v.e) && a.shape.includes(bounds.get(v.e)!));
    if (found && this.chance(0.7)) ax = a.shape.indexOf(bounds.get(found.e)!);
    const n = a.shape[ax];
    if (n === 0) return undefined;
    const idxArg = found && bounds.get(found.e) === n ? found : undefined;
    const c = idxArg && this.chance(0.5) ? this.pick([0, 4]) : this.int(6);
    if (c === 0 && idxArg) {
      this.pending.push('take:indexArg');
      return `cp.take(${e}, ${idxArg.e}, { axis: ${ax}${this.chance(0.3) ? `, mode: '${this.pick(['wrap', 'clip'])}'` : ''} })`;
    }
    if (c <= 1) {
      this.pending.push('take');
      const mode = this.chance(0.2) ? `, mode: '${this.pick(['wrap', 'clip'])}'` : '';
      return `cp.take(${e}, ${this.indexExpr(n, 1 + this.int(4))}, { axis: ${ax}${mode} })`;
    }
    if (c === 2) {
      this.pending.push('take_along_axis');
      const kind = this.int(3);
      if (kind === 0) {
        if (a.dtype.name.startsWith('complex')) this.pending.push('sort:complex');
        if (viewsOfComplex(a)) this.pending.push('sort:complexView');
        return `cp.take_along_axis(${e}, cp.argsort(${e}, ${ax}), ${ax})`;
      }
      if (kind === 1) return `cp.take_along_axis(${e}, cp.argmax(${e}, { axis: ${ax}, keepdims: true }), ${ax})`;
      const shape = a.shape.map((d, k) => (k === ax ? 1 + this.int(3) : this.chance(0.3) ? 1 : d));
      const vals = Array.from({ length: sizeOf(shape) }, () => this.int(n));
      return `cp.take_along_axis(${e}, cp.asarray([${vals.join(', ')}]).reshape(${shape.join(', ')}), ${ax})`;
    }
    if (c === 3) {
      this.pending.push('fancy');
      const list = Array.from({ length: 1 + this.int(3) }, () => this.int(a.shape[0]));
      return `${e}.get('[${list.join(', ')}]${nd > 1 ? `, ${this.pick([':', '1:', '::-1', '0'])}` : ''}')`;
    }
    if (c === 4 && idxArg) {
      this.pending.push('get:indexArg');
      return `${e}.get(${ax === 0 ? idxArg.e : `[${Array(ax).fill("cp.slice(null)").join(', ')}, ${idxArg.e}]`})`;
    }
    this.pending.push('take');
    return `cp.take(${e}, ${this.indexExpr(a.size || 1, 1 + this.int(5))}, { mode: 'wrap' })`;
  }

  creation(): string {
    const dt = this.pick(ALL_DT);
    const shape = Array.from({ length: this.int(3) }, () => 1 + this.int(4));
    switch (this.int(7)) {
      case 0: return `cp.zeros([${shape}], '${dt}')`;
      case 1: return `cp.ones([${shape}], '${dt}')`;
      case 2: return `cp.full([${shape}], ${this.literal(dt)}, '${dt}')`;
      case 3: return `cp.arange(${1 + this.int(6)}${this.chance(0.5) ? `, { dtype: '${this.pick(['float32', 'float64', 'int32'])}' }` : ''})`;
      case 4: return `cp.linspace(${this.pick([0, -1])}, ${this.pick([1, 2])}, ${1 + this.int(6)})`;
      case 5:
        if (this.chance(0.3)) {
          this.pending.push('random');
          return `cp.random.default_rng(${this.int(9)}).random([${shape}], { dtype: '${this.pick(FLOATS)}' })`;
        }
        return `cp.eye(${1 + this.int(4)})`;
      default: {
        const n = sizeOf(shape);
        return `cp.asarray([${Array.from({ length: n }, () => this.literal(dt)).join(', ')}]${dt === 'complex64' ? '' : `, '${dt}'`})${shape.length ? `.reshape(${shape.join(', ')})` : '.reshape([])'}`;
      }
    }
  }

  /** One statement of the program; false where the candidate failed. */
  step(): boolean {
    this.pending = [];
    const c = this.int(100);
    const src = () => this.pickVal();
    if (c < 55) {
      const e = this.op(src);
      return e !== undefined && this.tryConst(e) !== undefined;
    }
    if (c < 63) {
      // cp.tidy around a chain of 2-3 ops (the intermediates it disposes)
      const first = this.op(src);
      if (!first) return false;
      let cur: Val;
      try { cur = { e: first, a: this.run(first, true) as cp.NDArray }; } catch { return false; }
      if (!(cur.a instanceof cp.NDArray)) return false;
      const k = 1 + this.int(2);
      for (let i = 0; i < k; i++) {
        const next = this.op(() => (this.chance(0.7) ? cur : this.pickVal()));
        if (!next) continue;
        try { cur = { e: next, a: this.run(next, true) as cp.NDArray }; } catch { /* keep cur */ }
      }
      if (this.chance(0.3)) {
        const t = `t${this.n}`;
        return this.tryConst(`cp.tidy(() => { const ${t} = ${cur.e}; cp.eval(${t}); return ${t}.mul(1); })`, 'made', ['tidy']) !== undefined;
      }
      return this.tryConst(`cp.tidy(() => ${cur.e})`, 'made', ['tidy']) !== undefined;
    }
    if (c < 69) {
      const up = this.tryConst(this.creation(), 'upload', ['upload']);
      return up !== undefined;
    }
    if (c < 82) return this.write();
    if (c < 87) {
      const v = this.pickVal();
      if (!v) return false;
      const w = this.chance(0.3) ? this.pickVal((x) => x !== v) : undefined;
      return this.tryStmt(w ? `cp.eval(${v.e}, ${w.e});` : this.chance(0.5) ? `cp.eval(${v.e});` : `${v.e}.eval();`, ['eval']);
    }
    if (c < 90) return this.readback();
    // dispose an intermediate fn made (after computing a later value, or not)
    const made = this.live().filter((v) => v.kind === 'made' || v.kind === 'upload');
    if (!made.length) return false;
    const victim = this.pick(made);
    const later = this.chance(0.6) ? this.pickVal((v) => v !== victim) : undefined;
    const code = `${later ? `cp.eval(${later.e}); ` : ''}${victim.e}.dispose();`;
    if (!this.tryStmt(code, ['dispose', ...(victim.kind === 'upload' ? ['dispose:upload'] : [])])) return false;
    for (const v of this.vars) {
      if (v.a === victim.a && v.kind === 'arg') this.tags.add('dispose:arg');
      if (v.a === victim.a && v.kind === 'closure') this.tags.add('dispose:closure');
      if (v.a === victim.a || v.a.disposed) v.alive = false;
    }
    return true;
  }

  /** A host readback inside fn (it cuts the trace: that signature runs fn each call, its evaluations replaying). */
  readback(): boolean {
    const v = this.pickVal();
    if (!v) return false;
    if (this.chance(0.6)) {
      const name = `n${this.numbers.length}`;
      const op = this.pick(['sum', 'max', 'mean']);
      const code = `const ${name} = Number(cp.${op}(${v.a.dtype.name.startsWith('complex') ? `cp.abs(${v.e})` : v.e}).astype('float64').item());`;
      let value: unknown;
      try { value = this.run(`${code} return ${name};`, false); } catch { return false; }
      this.body.push(code);
      this.tags.add('readback');
      this.numbers.push(name);
      this.numberValues.push(value as number);
      return true;
    }
    return this.tryStmt(`${v.e}.toArraySync();`, ['readback']);
  }

  /** A write through an index array fn got as an argument (a scatter): set, put or add.at. */
  scatter(T: Var): string | undefined {
    const bounds = this.bounds;
    const t = T.a;
    if (t.ndim === 0) return undefined;
    const idx = this.live().find((v) => v.kind === 'arg' && bounds.has(v.e) && bounds.get(v.e) === t.shape[0]);
    if (!idx) return undefined;
    this.pending.push('scatter');
    const lit = this.literal(t.dtype.name);
    switch (this.int(3)) {
      case 0: return `${T.e}.set(${idx.e}, ${lit});`;
      case 1: return `cp.put(${T.e}, ${idx.e}, ${lit}${this.chance(0.3) ? `, '${this.pick(['wrap', 'clip'])}'` : ''});`;
      default: return `cp.add.at(${T.e}, ${idx.e}, ${lit});`;
    }
  }

  write(): boolean {
    const targets = this.live().filter((v) => v.writable);
    if (!targets.length) return false;
    const T = this.pick(targets);
    const t = T.a, dt = t.dtype.name;
    const tag = [`write:${T.kind}`];
    const c = this.int(10);
    if (c === 2 || c === 3) {
      const sc = this.scatter(T);
      if (sc) return this.tryStmt(sc, tag);
    }
    if (c === 0) {
      const a = this.pickVal((v) => v !== T);
      if (!a) return false;
      return this.tryStmt(`cp.${this.pick(['add', 'multiply', 'subtract', 'maximum'])}(${a.e}, ${this.literal(dt)}, { out: ${T.e} });`, [...tag, 'out']);
    }
    if (c === 1) return this.tryStmt(`${T.e}.fill(${this.literal(dt)});`, [...tag, 'fill']);
    const idx = this.chance(0.15) ? `[${Array.from({ length: 1 + this.int(2) }, () => this.int(Math.max(1, t.shape[0] ?? 1))).join(', ')}]` : this.basicIndex(t.shape);
    const region = `${T.e}.get('${idx}')`;
    let value: string;
    const k = this.int(5);
    if (k <= 1) value = this.literal(dt);
    else if (k === 2) value = `${region}.mul(${this.literal(dt === 'bool' ? 'int64' : dt)})`;
    else if (k === 3) value = `cp.flip(${region})`;
    else {
      const v = this.pickVal((x) => x !== T);
      if (!v) return false;
      value = v.e;
    }
    return this.tryStmt(`${T.e}.set('${idx}', ${value});`, tag);
  }
}

/** The shape of the first array argument, and shapes of the others related to it. */
function argShapes(g: Gen, count: number): number[][] {
  const nd = g.pick([0, 1, 1, 2, 2, 2, 3]);
  const dims = [2, 3, 4, 1, 5, 3, 2, 4];
  let base = Array.from({ length: nd }, () => g.pick(dims));
  while (sizeOf(base) > 64) base = base.slice(1);
  const shapes = [base];
  for (let k = 1; k < count; k++) {
    const c = g.int(5);
    if (c === 0) shapes.push([...base]);
    else if (c === 1) shapes.push(base.slice(g.int(base.length + 1)));
    else if (c === 2) shapes.push(base.map((d) => (g.chance(0.4) ? 1 : d)));
    else if (c === 3 && base.length >= 1) shapes.push([base[base.length - 1], g.pick([1, 2, 3])]);
    else shapes.push([...base].reverse());
  }
  return shapes;
}

/** A program of `seed`. */
export function generate(seed: number, opts: { maxSteps?: number } = {}): JitProgram {
  const r = mulberry32(seed * 7919 + 17);
  const pre = { int: (n: number) => Math.floor(r() * n), chance: (p: number) => r() < p };
  const scalar = pre.chance(0.4);
  const scalarValues = [2, 0.5, -1, 3];
  const g = new Gen(r, scalar ? scalarValues[0] : undefined);
  const nArrays = 1 + pre.int(3);
  const shapes = argShapes(g, nArrays);
  const args: ArgSpec[] = shapes.map((shape, k) => ({ name: `x${k}`, kind: 'array', dtype: g.pick(k === 0 ? ALL_DT.filter((d) => d !== 'bool') : ALL_DT), shape }));
  if (args.length >= 2 && g.chance(0.3)) args[1].dtype = args[0].dtype;
  const bounds = new Map<string, number>();
  if (g.chance(0.45) && shapes[0].length > 0) {
    const bound = shapes[0][g.int(shapes[0].length)];
    const name = `x${args.length}`;
    args.push({ name, kind: 'index', dtype: 'int64', shape: [1 + g.int(4)], bound });
    bounds.set(name, bound);
  }
  g.bounds = bounds;
  const special = g.chance(0.15);
  if (special) g.tags.add('special');
  for (const a of args) {
    g.vars.push({ e: a.name, a: a.kind === 'index' ? mkIndex(a.shape, a.bound!, 0, false) : mk(a.shape, a.dtype, 0, 'c', special), kind: 'arg', alive: true, writable: a.kind !== 'index' });
  }
  const closures: ClosureSpec[] = [];
  const nClosures = g.pick([0, 0, 1, 1, 2]);
  for (let k = 0; k < nClosures; k++) {
    const shape = g.chance(0.6) ? [...shapes[0]] : argShapes(g, 1)[0];
    const spec: ClosureSpec = { name: `c${k}`, dtype: g.pick(FLOATS), shape, seed: 100 + k, lazy: g.chance(0.25) };
    closures.push(spec);
    g.vars.push({ e: spec.name, a: mk(shape, spec.dtype, spec.seed, spec.lazy ? 'lazy' : 'c'), kind: 'closure', alive: true, writable: true });
  }
  if (closures.length) g.tags.add('closure');
  const nSteps = 2 + g.int((opts.maxSteps ?? 11) - 1);
  let made = 0;
  for (let tries = 0; made < nSteps && tries < nSteps * 6; tries++) if (g.step()) made++;

  // The result: 1-4 live values as an array, a tuple, an object or nested.
  // (everything disposed: a fresh array, never a disposed one)
  if (!g.live().length) g.tryConst("cp.zeros([1], 'float32')", 'upload');
  const live = g.live();
  const picks: Var[] = [];
  const nOut = 1 + g.int(3);
  for (let k = 0; k < nOut; k++) {
    const v = k === 0 && g.chance(0.7) ? live[live.length - 1] : g.pick(live);
    picks.push(v);
  }
  const text = g.body.join('\n');
  for (const [tag, re] of Object.entries(BODY_TAGS)) if (re.test(text)) g.tags.add(tag);
  if (picks.some((v) => v.kind === 'arg')) g.tags.add('result:arg');
  if (picks.some((v) => v.kind === 'closure')) g.tags.add('result:closure');
  const form = g.int(4);
  const outs = picks.map((v) => v.e);
  for (const line of g.body) {
    for (const a of args) if (line.startsWith(`${a.name}.set`) || line.includes(`out: ${a.name} `) || line.startsWith(`${a.name}.fill`)) g.tags.add('write:arg');
  }

  // The calls.
  const nCalls = 3 + g.int(2);
  const calls: CallPlan[] = [];
  const second = g.chance(0.35) ? 1 + g.int(nCalls - 1) : -1;
  const secondLayout: Layout = g.pick(['strided', 'T', 'offset', 'lazy']);
  const aliasable = args.length >= 2 && args[1].kind === 'array' && args[1].dtype === args[0].dtype && args[1].shape.join() === args[0].shape.join();
  const closureArgable = closures.length > 0 && closures[0].dtype === args[0].dtype && closures[0].shape.join() === args[0].shape.join();
  for (let k = 0; k < nCalls; k++) {
    const layouts = args.map((a) => (a.kind === 'index' ? 'c' : k === second ? secondLayout : 'c') as Layout);
    const before: string[] = [];
    if (closures.length && k > 0 && g.chance(0.4)) {
      const c = g.pick(closures);
      const stmt = g.chance(0.5)
        ? `${c.name}.set('${g.basicIndex(c.shape)}', ${g.literal(c.dtype, true)});`
        : `${c.name}.set('...', mk([${c.shape}], '${c.dtype}', ${200 + k}));`;
      try {
        new Function('cp', 'mk', c.name, stmt)(cp, mk, mk(c.shape, c.dtype, c.seed));
        before.push(stmt);
      } catch { /* an index out of range: no write */ }
    }
    calls.push({
      seed: 1 + k * 3 + (g.chance(0.15) ? 1 : 0),
      layouts,
      scalar: scalar ? scalarValues[k === second || (second < 0 && g.chance(0.15)) ? 1 + g.int(3) : 0] : 0,
      alias: aliasable && k > 0 && g.chance(0.25),
      reuse: k > 0 && g.chance(0.15),
      feed: k > 0 && g.chance(0.2),
      tidy: g.chance(0.15),
      closureArg: closureArgable && k > 0 && g.chance(0.2),
      oob: args.filter((a) => a.kind === 'index').map(() => k > 0 && g.chance(0.15)),
      before,
      disposeAfter: g.chance(0.4) ? [g.int(form === 0 ? 1 : nOut)] : [],
    });
  }
  if (calls.some((c) => c.alias)) g.tags.add('alias');
  if (calls.some((c) => c.closureArg)) g.tags.add('closureArg');
  if (calls.some((c) => c.reuse)) g.tags.add('reuse');
  if (calls.some((c) => c.feed)) g.tags.add('feed');
  if (calls.some((c) => c.tidy)) g.tags.add('tidyCall');
  if (second >= 0) g.tags.add(`second:${secondLayout}`);
  const maxSignatures = g.chance(0.2) ? 1 : 8;
  if (maxSignatures === 1) g.tags.add('evict');
  const p: JitProgram = { seed, args, scalar, argObject: g.chance(0.15), closures, body: g.body, outs, form, calls, maxSignatures, tags: g.tags, eagerThrows: false };
  // The template run: does the program throw eagerly (at evaluation)?
  try {
    const fn = buildFn(p, closures.map((c) => mk(c.shape, c.dtype, c.seed, c.lazy ? 'lazy' : 'c')));
    const argv = args.map((a) => (a.kind === 'index' ? mkIndex(a.shape, a.bound!, 0, false) : mk(a.shape, a.dtype, 0, 'c', special)));
    leaves(fn(...callArgs(p, argv, 0))).forEach((x) => x.toTypedArray());
  } catch {
    p.eagerThrows = true;
  }
  return p;
}

// ------------------------------------------------------------------------------------------------
// Running a program.

/** The return expression of `p`. */
export function retText(p: JitProgram): string {
  const o = p.outs;
  return p.form === 0 ? o[0] : p.form === 1 ? `[${o.join(', ')}]` : p.form === 2 ? `{ ${o.map((v, k) => `r${k}: ${v}`).join(', ')} }` : `{ a: ${o[0]}, b: [${o.slice(1).join(', ')}] }`;
}

export function buildFn(p: JitProgram, closureArrays: cp.NDArray[]): (...args: any[]) => unknown {
  const params = p.argObject ? `{ ${p.args.map((a) => a.name).join(', ')} }` : p.args.map((a) => a.name).join(', ');
  const text = `const [${p.closures.map((c) => c.name).join(', ')}] = C;\nreturn (${params}${p.scalar ? ', s0' : ''}) => {\n  ${p.body.join('\n  ')}\n  return ${retText(p)};\n};`;
  return new Function('cp', 'C', text)(cp, closureArrays);
}

/** fn's argument list of the array arguments `argv` and call `k`'s scalar. */
function callArgs(p: JitProgram, argv: cp.NDArray[], scalar: number): unknown[] {
  const arrays = p.argObject ? [Object.fromEntries(p.args.map((a, i) => [a.name, argv[i]]))] : argv;
  return p.scalar ? [...arrays, scalar] : arrays;
}

/** The program as a standalone snippet (mk as in test/helpers/jit-fuzz-gen.ts). */
export function programText(p: JitProgram): string {
  const lines: string[] = [`// seed ${p.seed} [${[...p.tags].join(' ')}]${p.eagerThrows ? ' (throws eagerly)' : ''}`];
  for (const c of p.closures) lines.push(`const ${c.name} = mk([${c.shape}], '${c.dtype}', ${c.seed}${c.lazy ? ", 'lazy'" : ''});`);
  const params = p.argObject ? `{ ${p.args.map((a) => a.name).join(', ')} }` : p.args.map((a) => a.name).join(', ');
  lines.push(`const fn = (${params}${p.scalar ? ', s0' : ''}) => {`, ...p.body.map((l) => `  ${l}`), `  return ${retText(p)};`, '};');
  lines.push(`const f = cp.jit(fn${p.maxSignatures !== 8 ? `, { maxSignatures: ${p.maxSignatures} }` : ''});`);
  const special = p.tags.has('special');
  p.calls.forEach((c, k) => {
    lines.push(...c.before);
    const argv = p.args.map((a, i) => {
      if (c.reuse) return `<args of call ${k - 1}>`;
      if (i === 0 && c.feed) return `<first result of call ${k - 1} if it fits, else ${`mk([${a.shape}], '${a.dtype}', ${c.seed}, '${c.layouts[i]}')`}>`;
      if (i === 0 && c.closureArg) return 'c0';
      if (i === 1 && c.alias) return '<x0 again>';
      return a.kind === 'index' ? `mkIndex([${a.shape}], ${a.bound}, ${c.seed}, ${c.oob[i - p.args.length + c.oob.length] ?? false})`
        : `mk([${a.shape}], '${a.dtype}', ${c.seed}, '${c.layouts[i]}'${special ? ', true' : ''})`;
    });
    const call = `f(${p.argObject ? `{ ${argv.join(', ')} }` : argv.join(', ')}${p.scalar ? `, ${c.scalar}` : ''})`;
    lines.push(`${c.tidy ? `cp.tidy(() => ${call})` : call};${c.disposeAfter.length ? ` // then dispose result leaves ${c.disposeAfter}` : ''}`);
  });
  return lines.join('\n');
}

/** The arrays of a result structure, in order. */
export function leaves(x: unknown): cp.NDArray[] {
  if (x instanceof cp.NDArray) return [x];
  if (Array.isArray(x)) return x.flatMap(leaves);
  if (x && typeof x === 'object') return Object.values(x).flatMap(leaves);
  return [];
}

const skeleton = (x: unknown) => JSON.stringify(x, (_, v) => (v instanceof cp.NDArray ? 'A' : v));

/** A thrown value as text: a CupytsError by its code, anything else (a crash) in full. */
export function errText(e: unknown): string {
  if (e instanceof cp.CupytsError) return `CupytsError ${e.code}`;
  return `CRASH ${(e as Error)?.name}: ${(e as Error)?.message}`;
}

/**
 * The bytes of `t` with every NaN made the canonical one: the CPU backend's JavaScript kernels do
 * not keep a NaN's sign bit the same from one run of a kernel to the next (V8 may canonicalize a
 * NaN while its code tiers up: the same eager sort of 0/0 gives -NaN, and +NaN on a few calls), so
 * NaN bits are no signal of a jit difference.
 */
function canonicalBytes(t: ArrayBufferView): Buffer {
  const b = Buffer.from(t.buffer, t.byteOffset, t.byteLength);
  if (t instanceof Float32Array) {
    if (!t.some(Number.isNaN)) return b;
    const c = Float32Array.from(t);
    new Uint32Array(c.buffer).forEach((_, i, u) => { if (Number.isNaN(c[i])) u[i] = 0x7fc00000; });
    return Buffer.from(c.buffer);
  }
  if (t instanceof Float64Array) {
    if (!t.some(Number.isNaN)) return b;
    const c = Float64Array.from(t);
    const u = new BigUint64Array(c.buffer);
    c.forEach((v, i) => { if (Number.isNaN(v)) u[i] = 0x7ff8000000000000n; });
    return Buffer.from(c.buffer);
  }
  return b;
}

/** An array's dtype, shape and bytes, NaNs canonical (or the error reading it gives). */
export function hexOf(a: cp.NDArray): string {
  try {
    const t = a.toTypedArray() as ArrayBufferView;
    return `${a.dtype.name}${JSON.stringify(a.shape)}:${canonicalBytes(t).toString('hex')}`;
  } catch (e) {
    return `${a.dtype.name}${JSON.stringify(a.shape)}:throws ${errText(e)}`;
  }
}

interface Side {
  fn: (...args: any[]) => unknown;
  closures: cp.NDArray[];
  prevArgs?: cp.NDArray[];
  /** The first result leaf of the previous call. */
  lastFirst?: cp.NDArray;
  kept: Array<{ call: number; leaf: number; a: cp.NDArray }>;
}

/**
 * Runs `p` eagerly and through cp.jit; returns the differences found (empty: none). A crash (an
 * error that is not a CupytsError) on either side is a difference too.
 */
export interface Problem {
  msg: string;
  /** Whether fn itself ran during the jit call (a trace, or a cut signature's call). */
  fnRan?: boolean;
  /** Whether the jit call traced (fn ran on stand-ins for the arguments). */
  traced?: boolean;
}

export function check(p: JitProgram): Problem[] {
  const found: Problem[] = [];
  const problems = { push: (msg: string, extra: Omit<Problem, 'msg'> = {}) => { if (!found.some((f) => f.msg === msg)) found.push({ msg, ...extra }); } };
  const special = p.tags.has('special');
  const mkClosures = () => p.closures.map((c) => mk(c.shape, c.dtype, c.seed, c.lazy ? 'lazy' : 'c'));
  const E: Side = { fn: undefined as any, closures: mkClosures(), kept: [] };
  const J: Side = { fn: undefined as any, closures: mkClosures(), kept: [] };
  E.fn = buildFn(p, E.closures);
  const inner = buildFn(p, J.closures);
  let runs = 0;
  const counted = (...a: unknown[]) => { runs++; return inner(...a); };
  Object.defineProperty(counted, 'length', { value: inner.length });
  const jitted = cp.jit(counted, { maxSignatures: p.maxSignatures });
  J.fn = jitted;
  const runBefore = (side: Side, stmt: string) => {
    new Function('cp', 'mk', ...p.closures.map((c) => c.name), stmt)(cp, mk, ...side.closures);
  };
  p.calls.forEach((c, k) => {
    const outcome = (side: Side): { err?: string; hex: string[]; skel?: string; args: string[]; closures: string[]; argv: cp.NDArray[]; leaves: cp.NDArray[]; before?: string } => {
      // a write into a closure array fn disposed throws on both sides alike: a problem only where they differ
      let before: string | undefined;
      for (const stmt of c.before) {
        try { runBefore(side, stmt); } catch (e) { before ??= errText(e); }
      }
      let argv: cp.NDArray[];
      if (c.reuse && side.prevArgs) argv = side.prevArgs;
      else {
        argv = p.args.map((a, i) => (a.kind === 'index' ? mkIndex(a.shape, a.bound!, c.seed, c.oob[i - (p.args.length - c.oob.length)] ?? false)
          : mk(a.shape, a.dtype, c.seed, c.layouts[i], special)));
        if (c.closureArg) argv[0] = side.closures[0];
        const fed = side.lastFirst;
        if (c.feed && fed && !fed.disposed && fed.dtype.name === p.args[0].dtype && fed.shape.join() === p.args[0].shape.join() && p.args[0].kind === 'array') argv[0] = fed;
        if (c.alias) argv[1] = argv[0];
      }
      side.prevArgs = argv;
      side.lastFirst = undefined;
      let result: unknown;
      let err: string | undefined;
      let hex: string[] = [];
      let ls: cp.NDArray[] = [];
      try {
        result = c.tidy ? cp.tidy(() => side.fn(...callArgs(p, argv, c.scalar))) : side.fn(...callArgs(p, argv, c.scalar));
        ls = leaves(result);
        hex = ls.map(hexOf);
      } catch (e) {
        err = errText(e);
      }
      side.lastFirst = ls[0];
      return { err, hex, skel: err ? undefined : skeleton(result), args: argv.map(hexOf), closures: side.closures.map(hexOf), argv, leaves: ls, before };
    };
    const e = outcome(E);
    const runsBefore = runs;
    const j = outcome(J);
    const fnRan = runs > runsBefore;
    // Results that are an argument itself, by argument position. Not where the eager argument is a
    // closure array (jit returns a closure array as a view of it, so a result fed back differs).
    const closureArg = e.argv.map((a) => E.closures.includes(a));
    const idsOf = (o: typeof e) => o.leaves.map((l) => { const i = o.argv.indexOf(l); return i >= 0 && !closureArg[i] ? i : -1; });
    const ids = { e: idsOf(e), j: idsOf(j) };
    const tag = `call ${k}`;
    if (e.before !== j.before) problems.push(`${tag}: closure write: eager ${e.before ?? 'ok'} but jit ${j.before ?? 'ok'}`);
    if (e.err !== j.err) problems.push(`${tag}: eager ${e.err ?? 'returns'} but jit ${j.err ?? 'returns'}${j.err ? '' : ` [${j.hex.join(' | ')}]`}`);
    if (e.err?.startsWith('CRASH')) problems.push(`${tag}: eager crashes: ${e.err}`);
    if (!e.err && !j.err) {
      if (e.skel !== j.skel) problems.push(`${tag}: result structure ${j.skel} != eager ${e.skel}`);
      e.hex.forEach((h, i) => { if (h !== j.hex[i]) problems.push(`${tag}: result leaf ${i}: jit ${j.hex[i]} != eager ${h}`); });
      if (ids.e.join() !== ids.j.join()) problems.push(`${tag}: results that are arguments: jit ${ids.j} != eager ${ids.e}`, { fnRan });
    }
    e.args.forEach((h, i) => { if (h !== j.args[i]) problems.push(`${tag}: argument ${i} after the call: jit ${j.args[i]} != eager ${h}`); });
    e.closures.forEach((h, i) => { if (h !== j.closures[i]) problems.push(`${tag}: closure c${i} after the call: jit ${j.closures[i]} != eager ${h}`); });
    // keep or dispose the results (disposing only those that are not arguments, closure arrays or another leaf too, eagerly)
    const disposable = e.leaves.map((l, i) => c.disposeAfter.includes(i) && !E.prevArgs!.includes(l) && !E.closures.includes(l) && e.leaves.indexOf(l) === i && e.leaves.lastIndexOf(l) === i);
    for (const [side, o] of [[E, e], [J, j]] as const) {
      o.leaves.forEach((l, i) => {
        if (disposable[i] && o.leaves.length === e.leaves.length) {
          try { l.dispose(); } catch (err) { problems.push(`${tag}: dispose of result ${i} threw ${errText(err)}`); }
        } else side.kept.push({ call: k, leaf: i, a: l });
      });
    }
  });
  // Results of earlier calls keep their values (as the eager ones do).
  const eKept = new Map(E.kept.map((x) => [`${x.call}:${x.leaf}`, x.a]));
  for (const x of J.kept) {
    const ea = eKept.get(`${x.call}:${x.leaf}`);
    if (!ea) continue;
    const [he, hj] = [hexOf(ea), hexOf(x.a)];
    if (he !== hj) problems.push(`after all calls: result ${x.leaf} of call ${x.call}: jit ${hj} != eager ${he}`);
  }
  return found;
}

// ------------------------------------------------------------------------------------------------
// Minimizing a failing program (by hand: FUZZ_MINIMIZE=1 in the test prints each failure minimized).

/** A problem's kind: its message without the call, the positions and the bytes. */
export const problemKind = (msg: string): string => msg.replace(/^(call \d+|after all calls): /, '').split(/[:[]/)[0].replace(/\d+/g, 'N').trim();

const clone = (p: JitProgram): JitProgram => ({
  ...p, args: p.args.map((a) => ({ ...a })), closures: p.closures.map((c) => ({ ...c })), body: [...p.body], outs: [...p.outs],
  calls: p.calls.map((c) => ({ ...c, layouts: [...c.layouts], oob: [...c.oob], before: [...c.before], disposeAfter: [...c.disposeAfter] })), tags: new Set(p.tags),
});

/** `p` made smaller while check() still finds a problem of `kind` (and eager does not crash). */
export function minimize(p: JitProgram, kind: string, accept: (pr: Problem) => boolean = () => true): JitProgram {
  const fails = (q: JitProgram): boolean => {
    let probs: Problem[];
    try { probs = check(q); } catch { return false; }
    return !probs.some((x) => x.msg.includes('eager crashes')) && probs.some((x) => problemKind(x.msg) === kind && accept(x));
  };
  let cur = clone(p);
  const attempt = (edit: (q: JitProgram) => boolean | void): boolean => {
    const q = clone(cur);
    if (edit(q) === false) return false;
    if (!fails(q)) return false;
    cur = q;
    return true;
  };
  for (let round = 0; round < 8; round++) {
    let changed = false;
    for (let k = cur.calls.length - 1; k >= 1; k--) changed = attempt((q) => { q.calls.splice(k, 1); }) || changed;
    for (let i = cur.body.length - 1; i >= 0; i--) changed = attempt((q) => { q.body.splice(i, 1); }) || changed;
    for (let i = cur.outs.length - 1; i >= 0 && cur.outs.length > 1; i--) {
      changed = attempt((q) => { q.outs.splice(i, 1); q.calls.forEach((c) => { c.disposeAfter = c.disposeAfter.filter((d) => d < q.outs.length); }); }) || changed;
    }
    if (cur.form !== 0 && cur.outs.length === 1) changed = attempt((q) => { q.form = 0; }) || changed;
    if (cur.form === 3) changed = attempt((q) => { q.form = 1; }) || changed;
    if (cur.argObject) changed = attempt((q) => { q.argObject = false; }) || changed;
    if (cur.maxSignatures !== 8) changed = attempt((q) => { q.maxSignatures = 8; }) || changed;
    for (let k = 0; k < cur.calls.length; k++) {
      const c = cur.calls[k];
      if (c.before.length) changed = attempt((q) => { q.calls[k].before = []; }) || changed;
      if (c.disposeAfter.length) changed = attempt((q) => { q.calls[k].disposeAfter = []; }) || changed;
      for (const flag of ['alias', 'reuse', 'closureArg', 'feed', 'tidy'] as const) if (c[flag]) changed = attempt((q) => { q.calls[k][flag] = false; }) || changed;
      if (c.oob.some(Boolean)) changed = attempt((q) => { q.calls[k].oob = q.calls[k].oob.map(() => false); }) || changed;
      if (c.layouts.some((l) => l !== 'c')) changed = attempt((q) => { q.calls[k].layouts = q.calls[k].layouts.map(() => 'c'); }) || changed;
      if (cur.scalar && k > 0 && c.scalar !== cur.calls[0].scalar) changed = attempt((q) => { q.calls[k].scalar = q.calls[0].scalar; }) || changed;
    }
    // unused arguments and closure arrays
    for (let i = cur.args.length - 1; i >= 0; i--) {
      const name = cur.args[i].name;
      if (cur.body.some((l) => new RegExp(`\\b${name}\\b`).test(l)) || cur.outs.includes(name)) continue;
      changed = attempt((q) => {
        q.args.splice(i, 1);
        const indexBefore = q.args.slice(0, i).filter((a) => a.kind === 'index').length;
        for (const c of q.calls) {
          c.layouts.splice(i, 1);
          if (cur.args[i].kind === 'index') c.oob.splice(indexBefore, 1);
          if (i <= 1) c.alias = false;
          if (i === 0) c.closureArg = false;
        }
      }) || changed;
    }
    for (let i = cur.closures.length - 1; i >= 0; i--) {
      const name = cur.closures[i].name;
      if (cur.body.some((l) => new RegExp(`\\b${name}\\b`).test(l)) || cur.outs.includes(name) || cur.calls.some((c) => c.before.some((b) => b.includes(name)))) continue;
      if (i === 0 && cur.calls.some((c) => c.closureArg)) continue;
      if (i !== cur.closures.length - 1) continue; // names are positional (c0, c1)
      changed = attempt((q) => { q.closures.splice(i, 1); }) || changed;
    }
    if (cur.scalar && !cur.body.some((l) => /\bs0\b/.test(l))) changed = attempt((q) => { q.scalar = false; }) || changed;
    if (!changed) break;
  }
  return cur;
}
