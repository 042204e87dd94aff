// The generator and the checker of the multi-target evaluation fuzzer (test/ops/multi-eval-fuzz.test.ts).
// A program is JavaScript text over arrays made with mk() (./jit-fuzz-gen.ts): elementwise chains,
// reductions (keepdims or not, along one axis, two or all), scans, views (slices, transposes,
// reshapes, broadcast_to, flips), gathers, sorts and sort windows, softmax and standardize built
// step by step, writes with .set() into evaluated arrays, lazy ones and views of them, ufuncs
// writing through out=, dispose() of intermediates, cp.eval() of some arrays midway and cp.tidy.
// The generator builds it one statement at a time, running each candidate on its own arrays
// (lazily, so only what fails at construction is rejected). The checker runs it twice on each schedule (the CPU's, and the GPU's emulated on the
// CPU, ./schedule.ts): as the model, every array evaluated right after it is made; and lazily, a
// random subset of the arrays alive at the end evaluated together with one cp.eval(...) in a
// random order, then every array alive read one at a time. Values are compared bitwise (dtype,
// shape, bytes, NaNs canonical), except arrays whose bits depend on the order of a rounding sum
// (var, std, sums of rounded values): those to a tolerance.
//
// Bitwise holds because the data are dyadic (quarter steps in [-2, 2], small integers) and the
// generator tracks, per array, a bound of its magnitude and its fractional bits: a sum of exact
// values that fits its dtype's mantissa is the same in any order, so kernels that fuse it
// differently must give the same bits.
import * as cp from '../../src/index.js';
import { broadcastShapes as shapeOfBroadcast } from '../../src/ir/shape.js';
import { mulberry32 } from './numpy-oracle.js';
import { errText, hexOf, mk, type DT, type Layout } from './jit-fuzz-gen.js';
import { onSchedule } from './schedule.js';

export interface MultiEvalProgram {
  seed: number;
  /** Rows of 2^14 and more (the GPU schedule's online folds and split reductions). */
  long: boolean;
  /** The statements; `const vN = …;` makes array vN. */
  lines: string[];
  /** The arrays alive at the end. */
  live: string[];
  /** The arrays evaluated together at the end, in this order. */
  together: string[];
  /** The order the live arrays are read in after that. */
  readOrder: string[];
  /** Arrays compared to a tolerance (their bits depend on the order of a rounding sum). */
  loose: string[];
  tags: Set<string>;
}

// ------------------------------------------------------------------------------------------------
// What the generator knows of each array's values.

interface Meta {
  /** Its bits are the same whatever the schedule (no sum of rounded values under it). */
  det: boolean;
  /** Its values are exact: no rounding happened under it. */
  exact: boolean;
  /** A bound of its magnitude (Infinity and NaN aside). */
  mag: number;
  /** Fractional bits of its values. */
  frac: number;
}

interface Val { e: string; a: cp.NDArray; m: Meta }
interface Var extends Val {
  alive: boolean;
  /** The storage family (views share their base's): a write to one changes them all. */
  root: string;
  kind: 'data' | 'op' | 'view';
}

const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const mantissa = (dtype: string): number => (dtype === 'float32' ? 24 : dtype === 'float16' ? 11 : dtype === 'float64' ? 53 : Infinity);
const intBound = (dtype: string): number => (dtype === 'int32' ? 2 ** 31 : dtype === 'int64' ? 2 ** 63 : dtype === 'bool' ? 1 : Infinity);
const fracOf = (s: number): number => { let f = 0; while (!Number.isInteger(s * 2 ** f)) f++; return f; };

/** The meta of a result of `dtype` from values bounded by `mag` with `frac` bits, computed exactly if `exact`. */
function fit(dtype: string, det: boolean, exact: boolean, mag: number, frac: number): Meta {
  const ib = intBound(dtype);
  if (ib !== Infinity) return { det, exact: det, mag: Math.min(mag, ib), frac: 0 };
  const fits = exact && Math.log2(Math.max(mag, 1)) + frac <= mantissa(dtype) - 1;
  return { det, exact: fits, mag, frac };
}

/** A sum of `n` values of `m` into `dtype`: the same bits in any order where they are exact and the sum fits. */
function summed(m: Meta, n: number, dtype: string): Meta {
  const r = fit(dtype, m.exact, m.exact, m.mag * Math.max(n, 1), m.frac);
  return r.exact ? r : { ...r, det: false };
}

const join = (...ms: Meta[]): Meta => ({ det: ms.every((m) => m.det), exact: ms.every((m) => m.exact), mag: Math.max(...ms.map((m) => m.mag)), frac: Math.max(...ms.map((m) => m.frac)) });

function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  try {
    return shapeOfBroadcast('fuzz', a, b);
  } catch {
    return null;
  }
}
/** Whether `a` broadcasts to exactly `to`. */
const broadcastsTo = (a: readonly number[], to: readonly number[]) => {
  const b = broadcastShapes(a, to);
  return !!b && b.length === to.length && b.every((d, j) => d === to[j]);
};

// ------------------------------------------------------------------------------------------------
// The generator.

type Rng = () => number;

class Gen {
  readonly vars: Var[] = [];
  readonly lines: string[] = [];
  readonly tags = new Set<string>();
  private n = 0;
  constructor(readonly r: Rng, readonly maxSize: number) {}

  int(n: number): number { return Math.floor(this.r() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  chance(p: number): boolean { return this.r() < p; }
  shuffle<T>(xs: readonly T[]): T[] {
    const a = [...xs];
    for (let j = a.length - 1; j > 0; j--) { const q = this.int(j + 1); [a[j], a[q]] = [a[q], a[j]]; }
    return a;
  }

  live(): Var[] { return this.vars.filter((v) => v.alive); }
  /** A live array, later ones more often (programs chain). */
  pickVar(filter: (v: Var) => boolean = () => true): Var | undefined {
    const vs = this.live().filter(filter);
    if (!vs.length) return undefined;
    return vs[Math.max(0, vs.length - 1 - Math.floor(Math.abs(this.r() - this.r()) * vs.length))];
  }

  /** Runs `code` over the live arrays: an expression (its value) or a statement. */
  run(code: string, expr: boolean, extra: Val[] = []): unknown {
    const vs = [...this.live(), ...extra];
    const f = new Function('cp', 'mk', ...vs.map((v) => v.e), expr ? `return (${code});` : code);
    return f(cp, mk, ...vs.map((v) => v.a));
  }

  /** The array of `code` over `extra` and the live arrays, or undefined where it throws or is too large. */
  tryValue(code: string, extra: Val[] = []): cp.NDArray | undefined {
    let a: unknown;
    try { a = this.run(code, true, extra); } catch { return undefined; }
    return a instanceof cp.NDArray && a.size <= this.maxSize ? a : undefined;
  }

  /** `code` as a new const of the program, where it gives an array. */
  tryConst(code: string, m: Meta, kind: Var['kind'], root?: string, tags: string[] = []): Var | undefined {
    const a = this.tryValue(code);
    if (!a) return undefined;
    const e = `v${this.n++}`;
    const v: Var = { e, a, m: fit(a.dtype.name, m.det, m.exact, m.mag, m.frac), alive: true, root: root ?? e, kind };
    this.vars.push(v);
    this.lines.push(`const ${e} = ${code};`);
    tags.forEach((t) => this.tags.add(t));
    return v;
  }

  tryStmt(code: string, tags: string[] = []): boolean {
    try { this.run(code, false); } catch { return false; }
    this.lines.push(code);
    tags.forEach((t) => this.tags.add(t));
    return true;
  }

  // --- inputs ---
  input(shape: number[]): Var | undefined {
    const dtype: DT = this.pick(['float64', 'float64', 'float64', 'float32', 'float32', 'int32', 'int64']);
    const layout: Layout = this.pick(['c', 'c', 'c', 'strided', 'T', 'offset', 'lazy']);
    const special = dtype.startsWith('float') && this.chance(0.1);
    const m: Meta = { det: true, exact: true, mag: dtype.startsWith('float') ? 2 : 7, frac: dtype.startsWith('float') ? 2 : 0 };
    if (special) this.tags.add('special');
    return this.tryConst(`mk([${shape.join(', ')}], '${dtype}', ${1 + this.int(50)}, '${layout}'${special ? ', true' : ''})`, m, 'data');
  }

  // --- pieces ---
  axis(nd: number): number { const a = this.int(nd); return this.chance(0.3) ? a - nd : a; }
  axisText(nd: number): string {
    if (nd === 0 || this.chance(0.12)) return 'null';
    if (nd >= 2 && this.chance(0.15)) { const x = this.int(nd); return `[${x}, ${(x + 1 + this.int(nd - 1)) % nd}]`; }
    return String(this.axis(nd));
  }
  /** The elements an axis text reduces of `shape`. */
  reducedSize(shape: readonly number[], axis: string): number {
    if (axis === 'null') return sizeOf(shape);
    const axes = axis.startsWith('[') ? JSON.parse(axis) as number[] : [Number(axis)];
    return sizeOf(axes.map((a) => shape[(a + shape.length) % shape.length]));
  }

  /** A basic index of `shape` as NumPy text (slices with steps, ints, None, ...). */
  basicIndex(shape: readonly number[], allowNone = true): string {
    if (this.chance(0.15)) return '...';
    const parts: string[] = [];
    const nd = this.chance(0.2) ? this.int(shape.length + 1) : shape.length;
    for (let d = 0; d < nd; d++) {
      const n = shape[d];
      const c = this.r();
      if (c < 0.3 || n === 0) parts.push(':');
      else if (c < 0.42) parts.push(String(this.int(2 * n) - n));
      else if (c < 0.57) parts.push(this.pick(['::2', '::-1', '::-2', '1::2', '::3', '1:']));
      else if (c < 0.85) {
        const a = this.int(n), b = a + 1 + this.int(n - a);
        parts.push(`${a}:${b}`);
      } else parts.push(`${this.int(n)}:${this.chance(0.5) ? -1 : ''}:${this.pick([1, 2, -1])}`);
    }
    if (allowNone && this.chance(0.1)) parts.splice(this.int(parts.length + 1), 0, 'None');
    return parts.length ? parts.join(', ') : '...';
  }

  /** A shape of `n` elements (1-3 dims). */
  reshapeTo(shape: readonly number[]): string {
    const n = sizeOf(shape);
    if (this.chance(0.3) && shape.length >= 2) {
      // merge or split neighbouring dims: the reshapes a kernel can view without a copy more often
      const j = this.int(shape.length - 1);
      return [...shape.slice(0, j), shape[j] * shape[j + 1], ...shape.slice(j + 2)].join(', ');
    }
    const dims: number[] = [];
    let rest = n;
    const nd = 1 + this.int(3);
    for (let k = 0; k < nd - 1 && rest > 0; k++) {
      const d = this.pick([1, 2, 3, 4, 6, 8].filter((q) => rest % q === 0));
      dims.push(d);
      rest /= d;
    }
    dims.push(rest);
    if (n > 0 && this.chance(0.3)) dims[this.int(dims.length)] = -1;
    return dims.join(', ');
  }

  /** An index array over a dimension of `n` (host data, arange, negative and repeated entries). */
  indexExpr(n: number, len: number): string {
    const list = Array.from({ length: len }, () => this.int(2 * n) - n);
    if (this.chance(0.2)) return `cp.arange(${n - 1}, -1, -1)`;
    return `cp.asarray([${list.join(', ')}]${this.chance(0.3) ? ", 'int32'" : ''})`;
  }

  // --- operations giving a new array: [code, meta, kind] ---
  unary(A: Val): [string, Meta] {
    const { e, m } = A;
    const dt = A.a.dtype.name;
    // (a comparison, a floor or a sign of values that differ in their last bits from one schedule to
    // another can differ by a whole step: only of values with the same bits on every schedule)
    let c = this.int(13);
    if (!m.det && (c === 6 || c === 7 || c === 12)) c = 5;
    switch (c) {
      case 0: return [`cp.negative(${e})`, m];
      case 1: return [`cp.abs(${e})`, m];
      case 2: return [`cp.square(${e})`, { ...m, mag: m.mag * m.mag, frac: 2 * m.frac }];
      case 3: {
        const s = this.pick([0.5, 2, -1, 3, 0.25]);
        return [`${e}.mul(${s})`, { ...m, mag: m.mag * Math.abs(s), frac: m.frac + fracOf(s) }];
      }
      case 4: {
        const s = this.pick([1, -0.5, 2.25, 3]);
        return [this.chance(0.5) ? `${e}.add(${s})` : `cp.subtract(${s}, ${e})`, { ...m, mag: m.mag + Math.abs(s), frac: Math.max(m.frac, fracOf(s)) }];
      }
      case 5: return [`cp.${this.pick(['maximum', 'minimum'])}(${e}, ${this.pick([0, 1, -0.5])})`, { ...m, mag: Math.max(m.mag, 1), frac: Math.max(m.frac, 1) }];
      case 6: return [`${e}.greater(${this.pick([0, 0.5, -1])})`, { det: m.det, exact: m.det, mag: 1, frac: 0 }];
      case 7: return [`cp.where(${e}.greater(0), ${e}, ${e}.mul(-0.5))`, { ...m, frac: m.frac + 1 }];
      // (float32 exp, sin and cos differ by an ulp between the JavaScript kernels and the
      // WebAssembly ones, by design: src/codegen/wasm-math.ts; so compared to a tolerance)
      case 8: return [`cp.${this.pick(['exp', 'tanh', 'sin'])}(${e})`, { det: m.det && dt !== 'float32', exact: false, mag: 8, frac: 60 }];
      case 9: return [`${e}.astype('${this.pick(['float32', 'float64', dt === 'bool' ? 'int32' : 'float64'])}')`, m];
      case 10: return [`cp.clip(${e}, -1, 1.5)`, { ...m, mag: Math.min(m.mag, 1.5), frac: Math.max(m.frac, 1) }];
      case 11: return [`${e}.div(${this.pick([2, 4, 3])})`, { ...m, frac: m.frac + 2, exact: false }];
      default: return [`cp.floor(${e}.mul(0.5))`, { ...m, mag: m.mag / 2 + 1, frac: 0 }];
    }
  }

  /** A partner of `A` for a binary op: a live array whose shape broadcasts with A's (a reduction's result often). */
  partner(A: Val): Var | undefined {
    const shape = A.a.shape;
    const other = this.chance(0.6);
    return this.pickVar((v) => {
      const b = broadcastShapes(shape, v.a.shape);
      return !!b && sizeOf(b) <= this.maxSize && v.a.dtype.name !== 'bool' && (!other || v.a.shape.join() !== shape.join());
    }) ?? this.pickVar((v) => !!broadcastShapes(shape, v.a.shape) && v.a.dtype.name !== 'bool');
  }

  /** Whether a statement after `v`'s own reads it (it has lazy readers, or views). */
  read(v: Var): boolean {
    const re = new RegExp(`\\b${v.e}\\b`);
    const at = this.lines.findIndex((l) => l.startsWith(`const ${v.e} = `));
    return this.lines.slice(at + 1).some((l) => re.test(l));
  }

  binary(A: Val, B: Val): [string, Meta] {
    const { e } = A;
    const [a, b] = [A.m, B.m];
    let c = this.int(8);
    if ((!a.det || !b.det) && (c === 5 || c === 6)) c = 4;
    if (c <= 1) return [`${e}.${this.pick(['add', 'sub'])}(${B.e})`, { ...join(a, b), mag: a.mag + b.mag }];
    if (c === 2) return [`cp.${this.pick(['add', 'subtract'])}(${e}, ${B.e})`, { ...join(a, b), mag: a.mag + b.mag }];
    if (c === 3) return [`${e}.mul(${B.e})`, { ...join(a, b), mag: a.mag * b.mag, frac: a.frac + b.frac }];
    if (c === 4) return [`cp.${this.pick(['maximum', 'minimum', 'fmax'])}(${e}, ${B.e})`, join(a, b)];
    if (c === 5) return [`cp.where(${e}.greater(${B.e}), ${e}, ${B.e})`, join(a, b)];
    if (c === 6) return [`${e}.mul(${B.e}.greater(0))`, join(a, { ...b, mag: 1, frac: 0 })];
    return [`cp.true_divide(${e}, cp.abs(${B.e}).add(1))`, { ...join(a, b), exact: false, frac: 60 }];
  }

  reduction(A: Val): [string, Meta] | undefined {
    const { e, a, m } = A;
    const nd = a.ndim;
    let op = this.pick(['sum', 'sum', 'max', 'max', 'min', 'mean', 'mean', 'prod', 'argmax', 'argmin', 'var', 'std', 'any', 'nansum']);
    if (!m.det && (op === 'argmax' || op === 'argmin' || op === 'any')) op = 'max';
    const axis = op === 'argmax' || op === 'argmin' ? (nd === 0 || this.chance(0.15) ? 'null' : String(this.axis(nd))) : this.axisText(nd);
    const n = this.reducedSize(a.shape, axis);
    if (n === 0 && ['max', 'min', 'argmax', 'argmin'].includes(op)) return undefined;
    if (op === 'prod' && n > 6) return undefined;
    const keep = this.chance(0.5);
    const opts = keep ? ', { keepdims: true }' : '';
    const ddof = (op === 'var' || op === 'std') && this.chance(0.3) ? ', ddof: 1' : '';
    const code = this.chance(0.5) && !ddof && op !== 'nansum' ? `${e}.${op}(${axis}${opts})` : `cp.${op}(${e}, { axis: ${axis}${keep ? ', keepdims: true' : ''}${ddof} })`;
    const outDt = op === 'mean' && !a.dtype.name.startsWith('float') ? 'float64' : a.dtype.name;
    switch (op) {
      case 'sum': case 'nansum': return [code, summed(m, n, outDt === 'float32' ? 'float32' : outDt.startsWith('float') ? 'float64' : 'int64')];
      case 'mean': { const s = summed(m, n, outDt); return [code, { det: s.det, exact: false, mag: m.mag, frac: 60 }]; }
      case 'prod': return [code, fit(a.dtype.name, m.exact && m.det, m.exact, m.mag ** Math.max(n, 1), m.frac * n)];
      case 'max': case 'min': return [code, m];
      case 'argmax': case 'argmin': case 'any': return [code, { det: m.det, exact: m.det, mag: n, frac: 0 }];
      default: this.tags.add(op); return [code, { det: false, exact: false, mag: m.mag * m.mag + 1, frac: 60 }];
    }
  }

  scan(A: Val): [string, Meta] {
    const nd = A.a.ndim;
    const axis = nd === 0 || this.chance(0.2) ? 'null' : String(this.axis(nd));
    const n = axis === 'null' ? A.a.size : A.a.shape[(Number(axis) + nd) % nd];
    this.tags.add('cumsum');
    return [`cp.cumsum(${A.e}, ${axis})`, summed(A.m, n, A.a.dtype.name === 'float32' ? 'float32' : A.a.dtype.name.startsWith('float') ? 'float64' : 'int64')];
  }

  view(A: Val): string | undefined {
    const { a, e } = A;
    const nd = a.ndim;
    switch (this.int(9)) {
      case 0: case 1: case 2: return `${e}.get('${this.basicIndex(a.shape)}')`;
      case 3: return nd >= 2 ? (this.chance(0.5) ? `${e}.T` : `${e}.transpose(${this.shuffle([...Array(nd).keys()]).join(', ')})`) : undefined;
      case 4: return `${e}.reshape(${this.reshapeTo(a.shape)})`;
      case 5: return `cp.expand_dims(${e}, ${this.int(nd + 1)})`;
      case 6: return nd >= 1 ? `cp.flip(${e}, ${this.axis(nd)})` : undefined;
      case 7: {
        let shape = [...a.shape].map((d) => (d === 1 && this.chance(0.6) ? 2 + this.int(3) : d));
        if (this.chance(0.4)) shape = [1 + this.int(3), ...shape];
        if (sizeOf(shape) > this.maxSize) return undefined;
        this.tags.add('broadcast_to');
        return `cp.broadcast_to(${e}, [${shape.join(', ')}])`;
      }
      default: return a.shape.includes(1) ? `cp.squeeze(${e})` : `${e}.get('...')`;
    }
  }

  gather(A: Val): string | undefined {
    const { a, e } = A;
    const nd = a.ndim;
    if (nd === 0 || a.size === 0) return undefined;
    const ax = this.int(nd);
    const n = a.shape[ax];
    this.tags.add('gather');
    switch (this.int(4)) {
      case 0: return `cp.take(${e}, ${this.indexExpr(n, 1 + this.int(5))}, { axis: ${ax} })`;
      case 1: return `${e}.get([${this.indexExpr(a.shape[0], 1 + this.int(4))}]${nd > 1 ? `, ${this.pick(["cp.slice(null)", 'cp.slice(1, null)', '0'])}` : ''})`;
      case 2: return A.m.det ? `cp.take_along_axis(${e}, cp.argmax(${e}, { axis: ${ax}, keepdims: true }), ${ax})` : `cp.take(${e}, ${this.indexExpr(n, 2)}, { axis: ${ax} })`;
      default: return `cp.take(${e}, ${this.indexExpr(a.size, 1 + this.int(6))}, { mode: 'wrap' })`;
    }
  }

  /** A sort or argsort along an axis (ties keep their order: the same bits on every schedule). */
  sort(A: Val): [string, Meta, Var['kind']] | undefined {
    const nd = A.a.ndim;
    if (nd === 0 || A.a.dtype.name === 'bool' || !A.m.det) return undefined;
    this.tags.add('sort');
    const axis = this.chance(0.2) ? 'null' : String(this.axis(nd));
    if (this.chance(0.3)) return [`cp.argsort(${A.e}, ${axis})`, { det: true, exact: true, mag: A.a.size, frac: 0 }, 'op'];
    return [`cp.sort(${A.e}, ${axis})`, A.m, 'op'];
  }

  /**
   * The first or last few of each sorted line, the sort disposed while lazy (as cp.tidy leaves it):
   * the GPU schedule computes only those positions (src/compiler/sort-windows.ts).
   */
  sortWindow(): boolean {
    const A = this.pickVar((v) => v.a.ndim >= 1 && v.a.size > 0 && v.a.dtype.name !== 'bool' && v.m.det);
    if (!A) return false;
    const n = A.a.shape[A.a.ndim - 1];
    const k = 1 + this.int(Math.min(4, n));
    const S = this.tryConst(`cp.sort(${A.e}, -1)`, A.m, 'op');
    if (!S) return false;
    const idx = this.pick([`..., :${k}`, `..., -${k}:`, `..., ${n - 1}:${n - 1 - k}:-1`]);
    this.tryConst(`${S.e}.get('${idx}')`, A.m, 'view', S.root);
    if (this.chance(0.7)) this.tryStmt(`${S.e}.dispose();`, ['dispose', 'dispose:op']);
    for (const v of this.vars) if (v.a.disposed) v.alive = false;
    this.tags.add('sortWindow');
    return true;
  }

  /** One operation over `A` (and live arrays): its code, meta and kind, or undefined. */
  op(A: Val): [string, Meta, Var['kind']] | undefined {
    const c = this.int(100);
    if (c < 22) return [...this.unary(A), 'op'];
    if (c < 44) {
      const B = this.partner(A);
      return B ? [...this.binary(A, B), 'op'] : [...this.unary(A), 'op'];
    }
    if (c < 66) { const r = this.reduction(A); return r && [...r, 'op']; }
    if (c < 71) return [...this.scan(A), 'op'];
    if (c < 84) { const v = this.view(A); return v === undefined ? undefined : [v, A.m, 'view']; }
    if (c < 88) return this.sort(A);
    const g = this.gather(A);
    return g === undefined ? undefined : [g, A.m, 'op'];
  }

  /** A const of one op over a live array (evaluated at once sometimes: the data later writes go into). */
  constStep(): boolean {
    const A = this.pickVar();
    if (!A) return false;
    const o = this.op(A);
    if (!o) return false;
    const [code, m, kind] = o;
    const evalNow = kind !== 'view' && this.chance(0.2);
    return this.tryConst(evalNow ? `${code}.eval()` : code, m, kind, kind === 'view' ? (A as Var).root : undefined, evalNow ? ['evalNow'] : []) !== undefined;
  }

  /** softmax or standardize along an axis, one const a step: the pairs the GPU schedule folds online. */
  pattern(): boolean {
    const fit = (v: Var) => v.a.ndim >= 1 && v.a.size > 0 && v.a.dtype.name.startsWith('float');
    // (the largest more often: in long mode, the rows the online folds are for)
    const largest = Math.max(0, ...this.live().filter(fit).map((v) => v.a.size));
    const A = this.pickVar((v) => fit(v) && (v.a.size === largest || this.chance(0.3)));
    if (!A) return false;
    const ax = this.axis(A.a.ndim);
    const keep = '{ keepdims: true }';
    const loose: Meta = { det: false, exact: false, mag: 8, frac: 60 };
    if (this.chance(0.5)) {
      const m = this.tryConst(`${A.e}.max(${ax}, ${keep})`, A.m, 'op');
      if (!m) return false;
      const ex = this.tryConst(`cp.exp(${A.e}.sub(${m.e}))`, { ...A.m, det: A.m.det && A.a.dtype.name !== 'float32', exact: false, frac: 60 }, 'op');
      if (!ex) return true;
      const s = this.tryConst(`${ex.e}.sum(${ax}, ${this.chance(0.7) ? keep : '{}'})`, loose, 'op');
      if (s && this.chance(0.6)) this.tryConst(this.chance(0.5) ? `${ex.e}.div(${s.e})` : `cp.log(${s.e}).add(${m.e})`, loose, 'op');
      this.tags.add('softmax');
      return true;
    }
    const mu = this.tryConst(`${A.e}.mean(${ax}, ${keep})`, { det: A.m.exact, exact: false, mag: A.m.mag, frac: 60 }, 'op');
    if (!mu) return false;
    const d = this.tryConst(`${A.e}.sub(${mu.e})`, { det: mu.m.det, exact: false, mag: 2 * A.m.mag, frac: 60 }, 'op');
    if (!d) return true;
    const v = this.tryConst(`cp.square(${d.e}).mean(${ax}, ${this.chance(0.7) ? keep : '{}'})`, loose, 'op');
    if (v && this.chance(0.6)) this.tryConst(`${d.e}.div(cp.sqrt(${v.e}).add(1))`, loose, 'op');
    this.tags.add('standardize');
    return true;
  }

  /**
   * Arrays that read each other through a reduction, in a few statements: a reduction r of a live
   * array (an evaluated one more often), work over r (its epilogue), a reader of that work over
   * other shapes, then maybe r disposed and its input written. Evaluated together later, these
   * targets are what one group computes and another reads.
   */
  chain(): boolean {
    const data = this.live().filter((v) => v.a.ndim >= 1 && v.a.size > 0 && v.a.dtype.name !== 'bool');
    const evaluated = data.filter((v) => v.kind === 'data' || this.lines.some((l) => l.startsWith(`const ${v.e} = `) && l.endsWith('.eval();')));
    const A = this.pick(evaluated.length && this.chance(0.7) ? evaluated : data.length ? data : this.live());
    if (!A) return false;
    const red = this.reduction(A);
    if (!red) return false;
    const R = this.tryConst(red[0], red[1], 'op');
    if (!R) return false;
    let E: Var | undefined = R;
    for (let k = this.int(3); k > 0 && E; k--) {
      const B: Var | undefined = this.chance(0.3) ? this.partner(E) : undefined;
      const [code, m]: [string, Meta] = B ? this.binary(E, B) : this.unary(E);
      E = this.tryConst(code, m, 'op') ?? E;
    }
    const readers = 1 + this.int(2);
    for (let k = 0; k < readers; k++) {
      const B = this.pickVar((v) => v !== E && !!broadcastShapes(v.a.shape, E!.a.shape) && v.a.shape.join() !== E!.a.shape.join()) ?? A;
      const [code, m] = this.chance(0.5) ? this.binary(B, E) : this.binary(E, B);
      this.tryConst(code, m, 'op');
    }
    if (this.chance(0.5)) this.tryStmt(`${(this.chance(0.7) ? R : E).e}.dispose();`, ['dispose', 'dispose:op']);
    for (const v of this.vars) if (v.a.disposed) v.alive = false;
    if (this.chance(0.5) && A.alive) {
      const scalar = A.a.dtype.name.startsWith('int') ? 5 : 3;
      const idx = this.chance(0.5) ? '...' : this.basicIndex(A.a.shape, false);
      if (this.tryStmt(`${A.e}.set('${idx}', ${scalar});`, ['write', `write:${A.kind}`])) {
        for (const v of this.vars) if (v.root === A.root) v.m = fit(v.a.dtype.name, v.m.det, v.m.exact, Math.max(v.m.mag, scalar), v.m.frac);
      }
    }
    this.tags.add('chain');
    return true;
  }

  /** A write into a live array (an evaluated one more often), or a view of it. */
  write(): boolean {
    const targets = this.live().filter((v) => v.a.size > 0 && v.a.dtype.name !== 'bool');
    if (!targets.length) return false;
    // (evaluated data that lazy arrays read more often: the copy on write)
    const real = targets.filter((v) => (v.kind === 'data' || this.lines.some((l) => l.startsWith(`const ${v.e} = `) && l.endsWith('.eval();'))) && (this.read(v) || this.chance(0.3)));
    const T = real.length && this.chance(0.6) ? this.pick(real) : this.pick(targets);
    const dt = T.a.dtype.name;
    const scalar = this.pick(dt.startsWith('int') ? [0, 1, -3, 5] : [0, 1, -0.5, 3, 0.25]);
    const sm: Meta = { det: true, exact: true, mag: Math.abs(scalar), frac: fracOf(scalar) };
    let code: string;
    let vm = sm;
    const c = this.int(10);
    if (c === 0) code = `${T.e}.fill(${scalar});`;
    else if (c === 1 && T.m.det) code = `${T.e}.set(${T.e}.greater(${this.pick([0, 1, -0.5])}), ${scalar});`;
    else if (c === 2 && T.a.ndim >= 1) {
      const rows = [...new Set(Array.from({ length: 1 + this.int(3) }, () => this.int(T.a.shape[0])))];
      code = `${T.e}.set([cp.asarray([${rows.join(', ')}])], ${scalar});`;
    } else if (c === 3) {
      // a ufunc writing into T (or a window of it) through out=, reading T or another array
      const idx = this.chance(0.5) ? '...' : this.basicIndex(T.a.shape, false);
      let region: cp.NDArray | undefined;
      try { region = this.run(`${T.e}.get('${idx}')`, true) as cp.NDArray; } catch { return false; }
      const V = this.pickVar((v) => broadcastsTo(v.a.shape, region!.shape) && v.a.dtype.name !== 'bool') ?? T;
      const op = this.pick(['add', 'maximum', 'subtract']);
      code = `cp.${op}(${V.e}, ${scalar}, { out: ${T.e}.get('${idx}') });`;
      vm = { ...V.m, mag: V.m.mag + Math.abs(scalar), frac: Math.max(V.m.frac, sm.frac) };
      this.tags.add('out');
    } else {
      const idx = this.basicIndex(T.a.shape, false);
      let region: cp.NDArray | undefined;
      try { region = this.run(`${T.e}.get('${idx}')`, true) as cp.NDArray; } catch { return false; }
      const k = this.int(4);
      let value = String(scalar);
      if (k === 1 || k === 2) {
        const V = this.pickVar((v) => broadcastsTo(v.a.shape, region!.shape) && v.a.dtype.name !== 'bool');
        if (V) { value = V.e; vm = V.m; }
      } else if (k === 3) {
        value = this.chance(0.5) ? `cp.flip(${T.e}.get('${idx}'))` : `${T.e}.get('${idx}').mul(-2)`;
        vm = { ...T.m, mag: 2 * T.m.mag };
      }
      code = `${T.e}.set('${idx}', ${value});`;
    }
    if (!this.tryStmt(code, ['write', `write:${T.kind}`])) return false;
    for (const v of this.vars) if (v.root === T.root) v.m = fit(v.a.dtype.name, v.m.det && vm.det, v.m.exact && vm.exact, Math.max(v.m.mag, vm.mag), Math.max(v.m.frac, vm.frac));
    return true;
  }

  /** cp.eval of a few live arrays in some order, or one's eval(). */
  evalStep(): boolean {
    const live = this.live();
    if (!live.length) return false;
    const some = this.shuffle(live).slice(0, 1 + this.int(Math.min(4, live.length)));
    return this.tryStmt(some.length === 1 && this.chance(0.5) ? `${some[0].e}.eval();` : `cp.eval(${some.map((v) => v.e).join(', ')});`, ['evalMidway']);
  }

  /** dispose() of an array made (a reduction, a view, an evaluated one), its readers still lazy. */
  dispose(): boolean {
    const made = this.live().filter((v) => v.kind !== 'data');
    if (made.length < 1 || this.live().length < 3) return false;
    // (one that lazy arrays read more often: a reduction under an epilogue, a view's base)
    const read = made.filter((v) => this.read(v));
    const victim = this.pick(read.length && this.chance(0.7) ? read : made);
    if (!this.tryStmt(`${victim.e}.dispose();`, ['dispose', `dispose:${victim.kind}`])) return false;
    for (const v of this.vars) if (v.a.disposed) v.alive = false;
    return true;
  }

  /** cp.tidy around two ops: the first one's array is disposed at the end, the second read later. */
  tidy(): boolean {
    const A = this.pickVar();
    if (!A) return false;
    const o1 = this.op(A);
    if (!o1) return false;
    const a1 = this.tryValue(o1[0]);
    if (!a1) return false;
    const t: Val = { e: 't', a: a1, m: fit(a1.dtype.name, o1[1].det, o1[1].exact, o1[1].mag, o1[1].frac) };
    const o2 = this.chance(0.5) ? this.op(t) : (() => { const B = this.partner(t); return B ? [...this.binary(t, B), 'op'] as const : undefined; })();
    if (!o2) return false;
    if (!this.tryValue(o2[0], [t])) return false;
    return this.tryConst(`cp.tidy(() => { const t = ${o1[0]}; return ${o2[0]}; })`, o2[1], 'op', undefined, ['tidy']) !== undefined;
  }

  step(): boolean {
    const c = this.int(100);
    if (c < 36) return this.constStep();
    if (c < 48) return this.chain();
    if (c < 51) return this.pattern();
    if (c < 53) return this.sortWindow();
    if (c < 68) return this.write();
    if (c < 76) return this.evalStep();
    if (c < 89) return this.dispose();
    if (c < 93) return this.tidy();
    // a new input: shapes related to an existing one
    const A = this.pickVar();
    if (!A || A.a.ndim === 0) return false;
    const shape = A.a.shape.map((d) => (this.chance(0.3) ? 1 : d));
    return this.input(this.chance(0.3) ? shape.slice(this.int(shape.length)) : shape) !== undefined;
  }
}

/** The shape of a program's first input: small (up to a few thousand elements) or with long rows. */
function firstShape(g: Gen, long: boolean): number[] {
  if (long) {
    const n = 2 ** 14 + g.pick([0, 0, 1, 3, 100, 2 ** 12]);
    const few = 1 + g.int(3);
    return g.pick([[few, n], [n, few], [n], [2, few, n]]);
  }
  const dim = () => { const u = g.r(); return u < 0.02 ? 0 : u < 0.1 ? 1 : u < 0.75 ? 2 + g.int(8) : u < 0.95 ? 10 + g.int(20) : 40 + g.int(100); };
  const nd = g.pick([1, 2, 2, 2, 3, 3]);
  for (;;) {
    const s = Array.from({ length: nd }, dim);
    if (sizeOf(s) <= 3000) return s;
  }
}

export interface GenOptions { maxSteps?: number; long?: boolean }

/** A program of `seed`. */
export function generate(seed: number, opts: GenOptions = {}): MultiEvalProgram {
  const r = mulberry32(seed * 2246822519 + 97);
  const long = !!opts.long;
  const g = new Gen(r, long ? 2 ** 17 : 4096);
  const first = firstShape(g, long);
  while (!g.input(first));
  if (g.chance(0.5)) g.input(first.map((d) => (g.chance(0.4) ? 1 : d)));
  const nSteps = 3 + g.int((opts.maxSteps ?? 16) - 2);
  let made = 0;
  for (let tries = 0; made < nSteps && tries < nSteps * 6; tries++) if (g.step()) made++;
  const live = g.live();
  // the subset evaluated together: two or more where there are, in a random order
  const k = live.length <= 1 ? live.length : 2 + g.int(live.length - 1);
  const together = g.shuffle(live).slice(0, k).map((v) => v.e);
  if (together.length && g.chance(0.1)) together.splice(g.int(together.length + 1), 0, g.pick(together)); // (one twice)
  if (together.length >= 2) g.tags.add('together');
  const p: MultiEvalProgram = {
    seed, long, lines: g.lines, live: live.map((v) => v.e), together, readOrder: g.shuffle(live).map((v) => v.e),
    loose: live.filter((v) => !v.m.det).map((v) => v.e), tags: g.tags,
  };
  for (const v of g.vars) if (v.alive) v.a.dispose();
  return p;
}

// ------------------------------------------------------------------------------------------------
// Running and checking.

/** The program as text, the lazy run's last lines included. */
export function programText(p: MultiEvalProgram): string {
  return [...p.lines, `cp.eval(${p.together.join(', ')});`, `// then read ${p.readOrder.join(', ')}; loose: ${p.loose.join(', ') || 'none'}`].join('\n');
}

interface Read { hex: string; data?: ArrayLike<number | bigint> }
interface Side { error?: string; reads: Map<string, Read> }

/**
 * Runs `p` on the current schedule: as the model (`eager`: each array evaluated as it is made),
 * or lazily with the arrays of `together` evaluated in one cp.eval. Reads every live array.
 */
function runSide(p: MultiEvalProgram, eager: boolean): Side {
  const reads = new Map<string, Read>();
  const hook = (a: unknown) => { if (a instanceof cp.NDArray && !a.disposed) a.eval(); };
  const body = eager ? p.lines.flatMap((l) => { const m = /^const (v\d+) = /.exec(l); return m ? [l, `hook(${m[1]});`] : [l]; }) : p.lines;
  let arrays: Record<string, cp.NDArray>;
  try {
    arrays = new Function('cp', 'mk', 'hook', `${body.join('\n')}\nreturn { ${p.live.join(', ')} };`)(cp, mk, hook);
  } catch (e) {
    return { error: `the program throws ${errText(e)}`, reads };
  }
  let error: string | undefined;
  try {
    if (!eager && p.together.length) cp.eval(...p.together.map((n) => arrays[n]));
  } catch (e) {
    error = `cp.eval(${p.together.join(', ')}) throws ${errText(e)}`;
  }
  for (const n of p.readOrder) {
    const a = arrays[n];
    const hex = hexOf(a);
    let data: ArrayLike<number | bigint> | undefined;
    if (!hex.includes(':throws ')) data = Array.from(a.toTypedArray() as ArrayLike<number>);
    reads.set(n, { hex, data });
  }
  for (const a of Object.values(arrays)) if (!a.disposed) a.dispose();
  return { error, reads };
}

/** Loose values agree: NaN with NaN, infinities exactly, finite ones to a tolerance relative to the largest. */
function closeEnough(x: ArrayLike<number | bigint>, y: ArrayLike<number | bigint>, f32: boolean): boolean {
  if (x.length !== y.length) return false;
  const tol = f32 ? 2e-4 : 1e-9;
  let scale = 1;
  for (let i = 0; i < y.length; i++) { const v = Number(y[i]); if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v)); }
  for (let i = 0; i < x.length; i++) {
    const a = Number(x[i]), b = Number(y[i]);
    if (Number.isNaN(a) || Number.isNaN(b)) { if (Number.isNaN(a) !== Number.isNaN(b)) return false; continue; }
    if (!Number.isFinite(a) || !Number.isFinite(b)) { if (a !== b) return false; continue; }
    if (Math.abs(a - b) > tol * scale) return false;
  }
  return true;
}

export interface Verdict {
  /** The model threw (the program is not checked). */
  modelThrows?: string;
  problems: string[];
}

/** Checks `p` on both schedules: the lazy run against the model. */
export function check(p: MultiEvalProgram, schedules: boolean[] = [false, true]): Verdict {
  const problems: string[] = [];
  for (const gpu of schedules) {
    const where = gpu ? 'GPU schedule' : 'CPU schedule';
    const model = onSchedule(gpu, () => runSide(p, true));
    if (model.error) return { modelThrows: `${where}: ${model.error}`, problems };
    const lazy = onSchedule(gpu, () => runSide(p, false));
    if (lazy.error) { problems.push(`${where}: ${lazy.error}`); continue; }
    for (const n of p.readOrder) {
      const want = model.reads.get(n)!, got = lazy.reads.get(n)!;
      if (want.hex === got.hex) continue;
      const dtypeShape = (h: string) => h.slice(0, h.indexOf(':'));
      // (float64 values computed from float32 ones are float32-accurate)
      const f32 = want.hex.startsWith('float32') || p.lines.some((l) => l.includes('float32'));
      const ok = p.loose.includes(n) && want.data && got.data && dtypeShape(want.hex) === dtypeShape(got.hex) && closeEnough(got.data, want.data, f32);
      if (ok) continue;
      const at = want.data && got.data ? Array.from(want.data).findIndex((x, i) => !Object.is(x, got.data![i])) : -1;
      const first = at >= 0 ? ` at [${at}] ${String(got.data![at])} (model ${String(want.data![at])})` : '';
      problems.push(`${where}: ${n} ${got.hex.includes(':throws ') ? got.hex.slice(got.hex.indexOf('throws')) : 'differs'}${first} (model ${short(want.hex)}, lazy ${short(got.hex)})`);
    }
  }
  return { problems };
}

const short = (h: string) => (h.length > 90 ? `${h.slice(0, 90)}…` : h);

/** The kind of a problem, for the minimizer: its schedule and what went wrong, names and numbers left out. */
export const problemKind = (msg: string): string => msg.replace(/\(model.*$/, '').replace(/v\d+/g, 'v').replace(/\d+/g, 'N').trim();

/**
 * `p` with statements dropped (one at a time, then the arrays evaluated together) while a problem
 * of `kind` remains and the model still runs: a start for minimizing by hand.
 */
export function minimize(p: MultiEvalProgram, kind: string): MultiEvalProgram {
  const fails = (q: MultiEvalProgram) => {
    const v = check(q);
    return !v.modelThrows && v.problems.some((pr) => problemKind(pr) === kind);
  };
  const declared = (lines: string[]) => new Set(lines.flatMap((l) => { const m = /^const (v\d+) = /.exec(l); return m ? [m[1]] : []; }));
  const restrict = (q: MultiEvalProgram, lines: string[]): MultiEvalProgram => {
    const names = declared(lines);
    const disposed = new Set(lines.flatMap((l) => { const m = /^(v\d+)\.dispose\(\);$/.exec(l); return m ? [m[1]] : []; }));
    const keep = (n: string) => names.has(n) && !disposed.has(n);
    return { ...q, lines, live: q.live.filter(keep), together: q.together.filter(keep), readOrder: q.readOrder.filter(keep), loose: q.loose.filter(keep) };
  };
  let best = p;
  for (let changed = true; changed;) {
    changed = false;
    for (let i = best.lines.length - 1; i >= 0; i--) {
      const q = restrict(best, best.lines.filter((_, j) => j !== i));
      if (fails(q)) { best = q; changed = true; }
    }
    for (const n of [...best.together]) {
      const q = { ...best, together: best.together.filter((x) => x !== n) };
      if (fails(q)) { best = q; changed = true; }
    }
    for (const n of [...best.readOrder]) {
      const q = { ...best, readOrder: best.readOrder.filter((x) => x !== n), live: best.live.filter((x) => x !== n || best.together.includes(x)) };
      if (fails(q)) { best = q; changed = true; }
    }
  }
  return best;
}
