// A write by renaming: `u[1:-1, 1:-1] = f(u)` while lazy arrays still read u (heat's stencil step).
//
// Copy on write (./pending.ts) first copies all of u for those readers, then writes the value into
// u in place: two passes over u, and the value reads the copy. Renaming does it in one: the new
// contents go into a fresh buffer (the value where it lands, reading u as it still is; the rest of
// u copied over unchanged), then the two buffers exchange their memory. u's buffer object, which
// every view of u shares, now holds the new contents; the fresh buffer holds the old ones and is
// the copy-on-write snapshot for the lazy readers. The traffic is the value's and the complement's,
// not the whole of u twice.
//
// Taken where a write must copy anyway (some lazy node reads the storage) and the written view is
// a box of the storage (../ir/write-box.ts), and the storage's memory is cupyts's own (not a
// caller's ArrayBuffer). Under a cp.jit trace only buffers the trace made itself are renamed: the
// fresh buffer is an allocation step of the launch list and the exchange a host step, so a replay
// repeats both on its own buffers (an argument's or a closure array's buffer is the caller's, and
// a replay would have to hand the exchange back to the caller's array).
//
// The fill is one kernel where it can be (../ir/frame-plan.ts): the value inside the box, the old
// contents around it, walking the fresh buffer in its own order. Elsewhere (random draws in the
// value, a layout that is no frame) a kernel writes the box and one copy per complement view fills
// the rest. Framing is for CUDA devices (see Framing); CUPYTS_FRAMED_WRITES=0 turns it off (read at
// load, for measuring the two).
import { replaceInput, sourceNode, type Node } from '../ir/graph.js';
import { planKernel, realizedView, type KernelPlan } from '../ir/kernel-plan.js';
import { noteWrite, resolveStaleReads, writeNeedsSnapshot } from '../ir/readers.js';
import { complementOfBox } from '../ir/write-box.js';
import { framePlan, isFrameBox } from '../ir/frame-plan.js';
import type { DType } from '../ir/dtype.js';
import type { Strided } from '../ir/movement.js';
import { evaluateInputsOf } from './evaluate.js';
import { allocForWrites, traceHost, traceOwns, tracing } from './jit-trace.js';
import { exchangeFaults } from './kernel-faults.js';
import type { Runner, Storage } from './runners.js';

/**
 * Views of the complement copied one kernel each (framing off): below this many bytes of storage,
 * one copy of the whole storage (one launch) costs less host time than up to 2·dims copies of its
 * parts save.
 */
const RENAME_MIN_BYTES = 1 << 20;

/**
 * Where renamed writes are framed: on CUDA devices (the default), on every backend (tests: the
 * CPU's JS kernel walks every element with a branch, slower there than its flat copies), or
 * nowhere (CUPYTS_FRAMED_WRITES=0).
 */
export type Framing = 'cuda' | 'all' | 'off';
let framing: Framing = typeof process !== 'undefined' && process.env.CUPYTS_FRAMED_WRITES === '0' ? 'off' : 'cuda';

/** Sets where renamed writes are framed (tests compare the modes); returns the previous setting. */
export function setFramedWrites(mode: Framing): Framing {
  const was = framing;
  framing = mode;
  return was;
}

const frames = (runner: Runner) => framing === 'all' || (framing === 'cuda' && runner.kind === 'cuda');

/** The complement views of a renamed write into `view` of `storage`, or undefined where the write cannot be renamed. */
export function renamable(runner: Runner, storage: Storage, view: Strided, dtype: DType): Strided[] | undefined {
  if ((tracing() && !traceOwns(storage)) || !writeNeedsSnapshot(storage) || ('shared' in storage && storage.shared)) return undefined;
  if (storage.bytes % dtype.itemsize !== 0) return undefined;
  const rest = complementOfBox(view, storage.bytes / dtype.itemsize);
  // (framed, the fill is one launch at any size; renameWrite falls back to the copies where it cannot frame)
  if (!rest || (rest.length > 1 && storage.bytes < RENAME_MIN_BYTES && !(frames(runner) && isFrameBox(view, storage.bytes / dtype.itemsize)))) return undefined;
  return rest;
}

/**
 * Writes `value` (cast and broadcast to the target's shape) into `view` of `storage` by renaming,
 * copying the complement views `rest` (renamable's) over. `run(plan, reason)` runs a write plan.
 */
export function renameWrite(op: string, runner: Runner, storage: Storage, view: Strided, dtype: DType, value: Node, rest: readonly Strided[],
  run: (plan: KernelPlan, reason: string) => void): void {
  // Reads of earlier epochs go to their snapshots; reads of this one see the storage as it is.
  resolveStaleReads([value], replaceInput);
  evaluateInputsOf(runner, value);
  const count = storage.bytes / dtype.itemsize;
  const fresh = allocForWrites(runner, dtype, count);
  const on = (s: Storage, v: Strided) => sourceNode([...v.shape], dtype, s, [...v.strides], v.offset);
  const to = on(fresh, view);
  const plan = planKernel([value], { node: to, view: realizedView(to) });
  const whole = (s: Storage) => on(s, { shape: [count], strides: [1], offset: 0 });
  const frame = frames(runner) ? framePlan(plan, whole(fresh), whole(storage)) : undefined;
  if (frame) {
    run(frame, `${op}: a renamed write in one kernel (the value inside the box, the old contents around it; lazy arrays still read the old buffer)`);
  } else {
    for (const part of rest) {
      const from = on(fresh, part);
      run(planKernel([on(storage, part)], { node: from, view: realizedView(from) }), `${op}: a renamed write copies what it does not write`);
    }
    run(plan, `${op}: a write into a fresh buffer (renamed: lazy arrays still read the old contents)`);
  }
  exchangeBuffers(storage, fresh);
  noteWrite(storage, fresh);
  if (tracing()) {
    // (a replay's buffers have no lazy readers: the exchange alone)
    const [a, b] = [storage, fresh].map((s) => sourceNode([count], dtype, s));
    traceHost({ kind: 'host', name: 'rename', inputs: [a, b], run: () => exchangeBuffers(a.realized!.storage as Storage, b.realized!.storage as Storage) });
  }
}

/** `storage` takes `fresh`'s memory and `fresh` takes its old one, with the index faults each has pending. */
function exchangeBuffers(storage: Storage, fresh: Storage): void {
  (storage as { exchange(other: Storage): void }).exchange(fresh);
  exchangeFaults(storage, fresh);
}
