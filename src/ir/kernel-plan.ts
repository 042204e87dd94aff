// The fusion pass: turns the unrealized graph under a set of same-shape roots into one kernel
// plan (a list of SSA steps over one iteration space), which both code generators read.
// Realized nodes become loads, scalars become parameters, shared subexpressions are computed
// once, and dimensions that every access walks contiguously are merged.
import { DTYPES, type DType } from './dtype.js';
import { CupytsError } from './errors.js';
import type { Node } from './graph.js';
import type { ElementwiseOp } from './ops.js';
import { counterWords, isWideSpan, type RandomDistribution } from './random.js';
import { contiguousStrides, sameShape, sizeOf, type Shape } from './shape.js';

/** How a kernel reads one input: at the linear index, always element 0, or through strides. */
export type AccessKind = 'contiguous' | 'scalar' | 'strided';

export interface PlanInput {
  node: Node;
  dtype: DType;
  access: AccessKind;
  /** Element strides over the plan's (merged) dimensions; used when access is 'strided'. */
  strides: number[];
  /** Element offset of index 0 (folded into the pointer at launch). */
  offset: number;
}

export interface PlanScalar {
  dtype: DType;
  value: number | bigint | boolean;
}

export type PlanStep =
  | { kind: 'load'; id: number; input: number; dtype: DType }
  | { kind: 'scalar'; id: number; scalar: number; dtype: DType }
  | { kind: 'cast'; id: number; arg: number; from: DType; dtype: DType }
  | { kind: 'op'; id: number; op: ElementwiseOp; args: number[]; inputDtype: DType; dtype: DType }
  | { kind: 'select'; id: number; args: [number, number, number]; dtype: DType }
  /** The result of reduction `reduction` of a reduce plan (constant along the reduced axes). */
  | { kind: 'reduced'; id: number; reduction: number; dtype: DType }
  /** The element's linear index over the reduced axes (argmax's candidate index), int64. */
  | { kind: 'rindex'; id: number; dtype: DType }
  /**
   * A random draw at the element's linear index (see ./random.ts). `scalars` index the plan's
   * scalars: key lo/hi, counter lo/hi (uint32), then for integers low (as `low.dtype`) and span lo/hi.
   */
  | { kind: 'random'; id: number; distribution: RandomDistribution; wide: boolean; scalars: number[]; dtype: DType };

export interface PlanOutput {
  node: Node;
  step: number;
  dtype: DType;
}

export interface KernelPlan {
  readonly kind: 'elementwise';
  /** Readable kernel name, e.g. "fused_mul_add_sin_f32". */
  name: string;
  /** Everything that decides the generated source (not sizes, strides or scalar values). */
  key: string;
  /** The iteration space after merging dimensions (at least one dimension). */
  dims: number[];
  size: number;
  indexBits: 32 | 64;
  inputs: PlanInput[];
  scalars: PlanScalar[];
  steps: PlanStep[];
  outputs: PlanOutput[];
}

/** Limits that cut an over-large fused graph (checked by the evaluator with planCost). */
export const MAX_FUSED_STEPS = 400;
export const MAX_FUSED_INPUTS = 48;

export const SHORT: Record<string, string> = {
  bool: 'b', int8: 'i8', int16: 'i16', int32: 'i32', int64: 'i64', uint8: 'u8', uint16: 'u16',
  uint32: 'u32', uint64: 'u64', float16: 'f16', float32: 'f32', float64: 'f64',
};

/** Element strides of `node`'s realized data as seen from an iteration space of shape `shape`. */
export function broadcastStrides(node: Node, shape: Shape): number[] {
  const r = node.realized!;
  const lead = shape.length - node.shape.length;
  return shape.map((_, j) => (j < lead || node.shape[j - lead] === 1 ? 0 : r.strides[j - lead]));
}

/** Merges dimensions j, j+1 wherever every access (and the contiguous output) allows it. */
export function mergeDims(shape: Shape, accesses: number[][]): { dims: number[]; strides: number[][] } {
  const keep = shape.map((d) => d !== 1);
  let dims = shape.filter((_, j) => keep[j]);
  let strides = accesses.map((s) => s.filter((_, j) => keep[j]));
  const out = () => contiguousStrides(dims);
  for (let j = dims.length - 2; j >= 0; j--) {
    const o = out();
    const all = [...strides, o];
    if (all.every((s) => s[j] === s[j + 1] * dims[j + 1])) {
      dims = [...dims.slice(0, j), dims[j] * dims[j + 1], ...dims.slice(j + 2)];
      strides = strides.map((s) => [...s.slice(0, j), s[j + 1], ...s.slice(j + 2)]);
    }
  }
  if (dims.length === 0) return { dims: [1], strides: strides.map(() => [0]) };
  return { dims, strides };
}

/** Builds the plan that computes `roots` (all of one shape) in one kernel. */
export function planKernel(roots: readonly Node[]): KernelPlan {
  const shape = roots[0].shape;
  if (!roots.every((r) => sameShape(r.shape, shape))) {
    throw new CupytsError('ERR_INTERNAL', 'planKernel: expected roots of one shape');
  }
  const inputs: PlanInput[] = [];
  const rawStrides: number[][] = [];
  const builder: StepBuilder = new StepBuilder((node): PlanStep | undefined => {
    if (!node.realized) return undefined;
    const input = inputs.length;
    inputs.push({ node, dtype: node.dtype, access: 'strided', strides: [], offset: node.realized.offset });
    rawStrides.push(broadcastStrides(node, shape));
    return { kind: 'load', id: builder.nextId(), input, dtype: node.dtype };
  });
  const { steps, scalars, opNames } = builder;
  const visit = (node: Node) => builder.visit(node);

  const outputs = roots.map((node) => ({ node, step: visit(node), dtype: node.dtype }));
  const { dims, strides } = mergeDims(shape, rawStrides);
  const size = sizeOf(shape);
  const contiguous = contiguousStrides(dims);
  let maxOffset = size;
  inputs.forEach((input, k) => {
    input.strides = strides[k];
    if (strides[k].every((s) => s === 0)) input.access = 'scalar';
    else if (strides[k].every((s, j) => s === contiguous[j])) input.access = 'contiguous';
    const reach = strides[k].reduce((acc, s, j) => acc + Math.abs(s) * (dims[j] - 1), 0);
    maxOffset = Math.max(maxOffset, reach + 1);
  });
  const indexBits = maxOffset < 2 ** 31 ? 32 : 64;
  const key = [
    `d${dims.length}`, `x${indexBits}`,
    inputs.map((i) => `${SHORT[i.dtype.name]}${i.access[0]}`).join(','),
    scalars.map((s) => SHORT[s.dtype.name]).join(','),
    steps.map(stepKey).join(';'),
    outputs.map((o) => `${o.step}${SHORT[o.dtype.name]}`).join(','),
  ].join('|');
  const unique = [...new Set(opNames)];
  const name = ['fused', ...(unique.length ? unique.slice(0, 4) : ['copy']), ...(unique.length > 4 ? [`${unique.length - 4}more`] : []),
    [...new Set(outputs.map((o) => SHORT[o.dtype.name]))].join('_')].join('_');
  return { kind: 'elementwise', name, key, dims, size, indexBits, inputs, scalars, steps, outputs };
}

export function stepKey(s: PlanStep): string {
  switch (s.kind) {
    case 'load': return `L${s.input}`;
    case 'scalar': return `S${s.scalar}`;
    case 'cast': return `C${s.arg}>${SHORT[s.dtype.name]}`;
    case 'op': return `${s.op.name}:${SHORT[s.inputDtype.name]}(${s.args.join(',')})`;
    case 'select': return `W(${s.args.join(',')})`;
    case 'reduced': return `R${s.reduction}${SHORT[s.dtype.name]}`;
    case 'rindex': return 'I';
    case 'random': return `R${s.distribution}${s.wide ? 'W' : ''}:${SHORT[s.dtype.name]}(${s.scalars.join(',')})`;
  }
}

/** Steps and parameters (inputs and scalars) an unrealized graph would put in one kernel (to decide cuts). */
export function planCost(roots: readonly Node[]): { steps: number; inputs: number } {
  const seen = new Set<number>();
  let steps = 0;
  let inputs = 0;
  const walk = (n: Node) => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    steps++;
    if (n.realized || n.kind === 'scalar') inputs++; // each is a kernel parameter
    else if (n.kind === 'random') inputs += n.draw.distribution === 'integers' ? 7 : 4;
    else if (n.kind === 'map' || n.kind === 'where') n.inputs.forEach(walk);
    else if (n.kind === 'cast' || n.kind === 'broadcast') walk(n.input);
  };
  roots.forEach(walk);
  return { steps, inputs };
}

/**
 * Turns an elementwise graph into SSA steps: scalars become parameters, shared subexpressions
 * are computed once, dtype conversions are shared. `leaf` turns a node the caller handles (data,
 * a reduction) into a step, or returns undefined for the builder to expand it.
 */
export class StepBuilder {
  readonly steps: PlanStep[] = [];
  readonly scalars: PlanScalar[];
  readonly opNames: string[] = [];
  readonly #stepOf = new Map<number, number>(); // node id → step id
  readonly #castOf = new Map<string, number>(); // "step:dtype" → cast step id
  readonly #leaf: (node: Node) => PlanStep | undefined;
  readonly #ids: { next: number };

  /** Builders of one plan that share `scalars` and `ids` number their steps apart. */
  constructor(leaf: (node: Node) => PlanStep | undefined, scalars: PlanScalar[] = [], ids = { next: 0 }) {
    this.#leaf = leaf;
    this.scalars = scalars;
    this.#ids = ids;
  }

  nextId(): number {
    return this.#ids.next;
  }

  push(step: PlanStep): number {
    this.steps.push(step);
    this.#ids.next++;
    return step.id;
  }

  convert(stepId: number, from: DType, to: DType): number {
    if (from === to) return stepId;
    const key = `${stepId}:${to.name}`;
    let id = this.#castOf.get(key);
    if (id === undefined) {
      id = this.push({ kind: 'cast', id: this.nextId(), arg: stepId, from, dtype: to });
      this.#castOf.set(key, id);
    }
    return id;
  }

  visit(node: Node): number {
    const seen = this.#stepOf.get(node.id);
    if (seen !== undefined) return seen;
    let id: number;
    const leaf = this.#leaf(node);
    if (leaf) {
      id = this.push(leaf);
    } else if (node.kind === 'scalar') {
      this.scalars.push({ dtype: node.dtype, value: node.value });
      id = this.push({ kind: 'scalar', id: this.nextId(), scalar: this.scalars.length - 1, dtype: node.dtype });
    } else if (node.kind === 'map') {
      const args = node.inputs.map((n) => this.convert(this.visit(n), n.dtype, node.inputDtype));
      this.opNames.push(node.op.name);
      id = this.push({ kind: 'op', id: this.nextId(), op: node.op, args, inputDtype: node.inputDtype, dtype: node.dtype });
    } else if (node.kind === 'cast') {
      id = this.convert(this.visit(node.input), node.input.dtype, node.dtype);
    } else if (node.kind === 'broadcast') {
      id = this.visit(node.input); // broadcasting is right-aligned, so the input indexes the same way
    } else if (node.kind === 'where') {
      const [c, x, y] = node.inputs;
      const args: [number, number, number] = [
        this.convert(this.visit(c), c.dtype, DTYPES.bool), this.convert(this.visit(x), x.dtype, node.dtype), this.convert(this.visit(y), y.dtype, node.dtype),
      ];
      this.opNames.push('where');
      id = this.push({ kind: 'select', id: this.nextId(), args, dtype: node.dtype });
    } else if (node.kind === 'random') {
      // The scheduler only lets a draw into a kernel whose iteration space is the draw's own shape.
      const d = node.draw;
      const u32 = (value: number) => {
        this.scalars.push({ dtype: DTYPES.uint32, value });
        return this.scalars.length - 1;
      };
      const ids = [u32(d.key[0]), u32(d.key[1]), u32(d.counter[0]), u32(d.counter[1])];
      if (d.distribution === 'integers') {
        const lowDtype = node.dtype.kind === 'b' ? DTYPES.int32 : node.dtype;
        this.scalars.push({ dtype: lowDtype, value: lowDtype.itemsize === 8 ? d.low! : Number(d.low!) });
        ids.push(this.scalars.length - 1, ...counterWords(d.span!).map(u32));
      }
      this.opNames.push(d.distribution === 'integers' ? 'randint' : `rand_${d.distribution}`);
      id = this.push({ kind: 'random', id: this.nextId(), distribution: d.distribution, wide: isWideSpan(d), scalars: ids, dtype: node.dtype });
    } else {
      throw new CupytsError('ERR_INTERNAL', `plan: a ${node.kind} node without data inside a fused kernel (node ${node.id})`);
    }
    this.#stepOf.set(node.id, id);
    return id;
  }
}
