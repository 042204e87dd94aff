// A write by renaming in one kernel (src/api/assign-rename.ts): `u[1:-1, 1:-1] = f(u)` fills a
// fresh buffer with f's values inside the box and u's old values around it. Without a frame that
// is a kernel for the box and one copy per complement view (heat: 3 launches a step, the box's
// rows misaligned by the border); a framed plan walks the whole fresh buffer once, row-major,
// computing f where the position is inside the box and copying u elsewhere.
//
// The framed plan is the box's plan (planKernel of the value into the box) walked over the
// storage's dimensions: each input's offset moves back by the box's start, so that at a position
// inside the box every input reads where the box's plan read it (offsets outside the box are
// never dereferenced). Frame starts and extents are int scalars of the plan, so one kernel serves
// every box of a rank and dtypes. Both code generators take framed plans (../codegen/cuda.ts,
// ../codegen/js.ts).
import { DTYPES } from './dtype.js';
import { stridedReach, type KernelPlan, type PlanInput } from './kernel-plan.js';
import type { Node } from './graph.js';
import type { Strided } from './movement.js';
import { contiguousStrides } from './shape.js';
import { rowMajorBox } from './write-box.js';

/** Where a framed plan's box lies: its start and extent along each dimension (scalar indices of the plan), and the input it copies elsewhere. */
export interface PlanFrame {
  readonly fallback: number;
  readonly starts: readonly number[];
  readonly extents: readonly number[];
}

/**
 * The dimensions of a storage of `elements` elements (whole rows) laid out row-major around a box
 * of shape `dims` at `offset` with `strides` (../ir/write-box.ts rowMajorBox), and the box's start
 * along each; undefined where the layout is not such a box.
 */
export function frameOf(dims: readonly number[], strides: readonly number[], offset: number, elements: number): { full: number[]; starts: number[] } | undefined {
  if (dims.length === 0 || elements % strides[0] !== 0) return undefined;
  const box = rowMajorBox(dims, strides, offset);
  if (!box) return undefined;
  const full = [elements / strides[0], ...box.dims.slice(1)];
  return box.starts[0] + dims[0] > full[0] ? undefined : { full, starts: box.starts };
}

/** Whether a write into `view` of a storage of `elements` elements is a box that a framed plan can fill (its dimensions of 1 aside). */
export function isFrameBox(view: Strided, elements: number): boolean {
  const kept = view.shape.map((_, j) => j).filter((j) => view.shape[j] !== 1);
  if (kept.length === 0) return view.offset < elements;
  return frameOf(kept.map((j) => view.shape[j]), kept.map((j) => view.strides[j]), view.offset, elements) !== undefined;
}

/**
 * The framed form of `plan` (an assignment plan into a box of the fresh buffer `fresh`, a
 * contiguous source node over the whole storage), copying `old` (a contiguous source node of the
 * same length and dtype) outside the box; undefined where the plan cannot be framed: its store is
 * not such a box, or it draws random numbers (a draw depends on the linear index) or scatters.
 */
export function framePlan(plan: KernelPlan, fresh: Node, old: Node): KernelPlan | undefined {
  const store = plan.store;
  if (!store || store.scatter || plan.tile || plan.rowVectors || plan.colVectors || plan.outputs.length !== 1) return undefined;
  if (plan.steps.some((s) => s.kind === 'random') || old.dtype !== plan.outputs[0].dtype || fresh.dtype !== old.dtype) return undefined;
  const elements = fresh.shape[0];
  // (a one-element box is one dimension of 1 whose stride is 0: any stride walks it)
  const boxStrides = store.access === 'contiguous' || plan.size === 1 ? contiguousStrides(plan.dims) : store.strides;
  const frame = frameOf(plan.dims, boxStrides, store.offset, elements);
  if (!frame) return undefined;
  const { full, starts } = frame;
  const shift = (strides: readonly number[]) => starts.reduce((acc, a, j) => acc + a * strides[j], 0);
  const inputs: PlanInput[] = plan.inputs.map((input) => {
    if (input.access === 'scalar') return input;
    const strides = input.access === 'contiguous' ? contiguousStrides(plan.dims) : input.strides;
    return { ...input, access: 'strided', strides, offset: input.offset - shift(strides) };
  });
  const fallback = inputs.length;
  const fullStrides = contiguousStrides(full);
  inputs.push({ node: old, dtype: old.dtype, access: 'contiguous', strides: fullStrides, offset: 0 });
  const reach = Math.max(elements, ...inputs.map((i) => stridedReach(i.strides, full) + 1));
  const indexBits = reach < 2 ** 31 && plan.indexBits === 32 ? 32 : 64;
  const int = indexBits === 32 ? DTYPES.int32 : DTYPES.int64;
  const scalars = [...plan.scalars];
  const add = (v: number) => scalars.push({ dtype: int, value: indexBits === 32 ? v : BigInt(v) }) - 1;
  const frameScalars = { starts: starts.map(add), extents: plan.dims.map(add) };
  return {
    kind: 'elementwise',
    name: plan.name.replace(/^assign_/, 'framed_'),
    key: `${plan.key}|frame${indexBits}`,
    dims: full,
    size: elements,
    indexBits,
    inputs,
    scalars,
    steps: plan.steps,
    outputs: plan.outputs,
    store: { node: fresh, access: 'contiguous', strides: fullStrides, offset: 0 },
    frame: { fallback, ...frameScalars },
  };
}
