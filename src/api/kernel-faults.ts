// Errors that kernels find, kept with the data they concern. A kernel that checks indices
// (./index-errors.ts) gets a block of int32 flags from its runner, one slot per index access (a
// gather, or a scatter's write); an access records there the site of its first bad index. Each
// buffer a launch writes gets a Fault: the slots its value depends on, and the faults of the
// buffers it read. So an error follows the data (views share the buffer; copies and everything
// computed from it inherit the fault) and reaches nothing else. Reading a buffer back settles its
// fault: the flags it needs are read (on CUDA after the data, so the launches are done; no extra
// wait) and a bad index throws there.
//   - A gather's error sticks: its result (zeros where an index was bad) and whatever is computed
//     from it throw at every read.
//   - A write's error (set, put, put_along_axis, add.at through index arrays) is raised once, by
//     the first read that depends on the target after the write: the write changed nothing
//     (./scatter.ts), so the target then reads back as it was, as NumPy leaves it after raising.
import type { CupytsError } from '../ir/errors.js';
import { outputDependencies } from '../ir/kernel-plan.js';
import { reduceOutputDependencies } from '../ir/reduce-dependencies.js';
import { kernelIndexError } from './index-errors.js';
import { planInputs, type AnyPlan } from './runners.js';

/** The error flags of one launch (a runner makes them: ./cpu-runner.ts, ./cuda-flags.ts). */
export interface FlagBlock {
  /** The flags where the launch is known to be done and they were read; else undefined. */
  known(): Int32Array | undefined;
  /** Reads the flags, waiting for the launch. */
  read(): Int32Array;
  readAsync(): Promise<Int32Array>;
}

/** The slots of one launch that a buffer's value depends on. */
interface Check {
  readonly block: FlagBlock;
  readonly slots: readonly number[];
  /** A write's check, raised once (then `consumed`); else a result's, raised at every read. */
  readonly once: boolean;
  /** Launch order: a read raises the earliest write's error first. */
  readonly seq: number;
  /** The error a nonzero flag stands for (a solver's devInfo); else the flag is an index error's site. */
  readonly errorFor?: (flag: number) => CupytsError;
  /** undefined until the flags are read; null where no index was bad. */
  error?: CupytsError | null;
  consumed?: boolean;
}

/** What a read of a buffer must check: its own launch's slots, and the faults of what it was computed from. */
interface Fault {
  checks: Check[];
  from: Fault[];
  /** Set once settled with a result's error: every later read throws it. */
  error?: CupytsError;
}

const faults = new WeakMap<object, Fault>();
let launches = 0;

/** The fault a buffer carries, if it may still raise something (a settled, clean one may not). */
function faultOf(storage: object): Fault | undefined {
  const f = faults.get(storage);
  return f && (f.error || f.checks.length > 0 || f.from.length > 0) ? f : undefined;
}

function setFault(storage: object, checks: Check[], from: Fault[]): void {
  if (checks.length === 0 && from.length === 0) faults.delete(storage);
  else if (checks.length === 0 && from.length === 1) faults.set(storage, from[0]);
  else faults.set(storage, { checks, from });
}

/**
 * Records what a launch of `plan` leaves on its output buffers: the faults of the inputs each
 * output reads (and, for a write, of the target as it was), and the slots of `block` it depends
 * on. Costs one lookup per input where nothing is at fault (the usual case).
 */
export function noteLaunch(plan: AnyPlan, outputs: readonly object[], block?: FlagBlock): void {
  const inputs = planInputs(plan).map((n) => faultOf(n.realized!.storage as object));
  const store = plan.kind === 'elementwise' ? plan.store : undefined;
  const before = store ? faultOf(outputs[0]) : undefined;
  if (!block && !before && inputs.every((f) => !f)) return;
  const seq = launches++;
  const deps = plan.kind === 'elementwise' ? outputDependencies(plan)
    : plan.kind === 'reduce' ? reduceOutputDependencies(plan).map((d) => ({ ...d, flags: [] as number[] }))
    : outputs.map(() => ({ inputs: inputs.map((_, i) => i), flags: [] as number[] }));
  outputs.forEach((out, k) => {
    const from = new Set<Fault>();
    if (k === 0 && before) from.add(before);
    for (const i of deps[k].inputs) if (inputs[i]) from.add(inputs[i]);
    const checks: Check[] = [];
    if (block && deps[k].flags.length > 0) checks.push({ block, slots: deps[k].flags, once: false, seq });
    if (block && k === 0 && store?.scatter) checks.push({ block, slots: [store.scatter.flag], once: true, seq });
    setFault(out, checks, [...from]);
  });
}

/**
 * A write by renaming (./assign-rename.ts) exchanged two buffers' memory: `target` now holds the
 * new contents, `fresh` the old ones (the snapshot for lazy readers). Each takes the other's fault,
 * since a fault belongs to the contents (left with the buffer objects, the fault of the write that
 * just ran stayed on the snapshot and the target read back clean), and the new contents also keep
 * the old ones' fault, as a write in place does (noteLaunch's `before`): an earlier bad index into
 * the target (`cp.add.at(x, [9], 1)`, then `x.fill(0)`) is raised by the next read of the target
 * whether or not lazy readers made the write rename. (A write's check is shared, so it is raised
 * once, by whichever read comes first.)
 */
export function exchangeFaults(target: object, fresh: object): void {
  const old = faults.get(target);
  const written = faults.get(fresh);
  if (old) faults.set(fresh, old); else faults.delete(fresh);
  setFault(target, [], [...new Set([written, old])].filter((f): f is Fault => f !== undefined));
}

/**
 * `buffer` holds new contents from now on (a cp.jit replay hands a dead buffer to an allocation
 * step, ./jit-program.ts): the fault of what it held before is not theirs.
 */
export function forgetFault(buffer: object): void {
  faults.delete(buffer);
}

/** `output`, computed outside a plan (a GEMM) from `inputs`, carries their faults. */
export function inheritFaults(output: object, inputs: readonly object[]): void {
  const from = new Set<Fault>();
  for (const s of inputs) {
    const f = faultOf(s);
    if (f) from.add(f);
  }
  if (from.size > 0) setFault(output, [], [...from]);
}

/**
 * `output`, computed outside a plan by a solver (./linalg-factor.ts) from `inputs`, carries their
 * faults and the solver's per-matrix info in `block` (slots 0..count-1): every read of it, or of
 * anything computed from it, raises `errorFor` of the first nonzero info (NumPy's LinAlgError).
 */
export function noteSolverInfo(output: object, inputs: readonly object[], block: FlagBlock, count: number, errorFor: (info: number) => CupytsError): void {
  const from = new Set<Fault>();
  for (const s of inputs) {
    const f = faultOf(s);
    if (f) from.add(f);
  }
  const slots = Array.from({ length: count }, (_, i) => i);
  setFault(output, [{ block, slots, once: false, seq: launches++, errorFor }], [...from]);
}

/**
 * The checks under `root`, and the first error a fault there settled with (walked iteratively:
 * a long chain of launches must not exhaust the stack).
 */
function collect(root: Fault): { checks: Check[]; error?: CupytsError } {
  const checks: Check[] = [];
  let error: CupytsError | undefined;
  const seen = new Set<Fault>();
  const stack = [root];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    error ??= f.error;
    checks.push(...f.checks);
    stack.push(...f.from);
  }
  return { checks, error };
}

function errorOf(check: Check, flags: Int32Array): CupytsError | null {
  const site = check.slots.map((s) => flags[s]).find((v) => v !== 0);
  if (site === undefined) return null;
  return check.errorFor ? check.errorFor(site) : kernelIndexError(site);
}

/** Settles `root` with `flagsOf` (which reads a block's flags) and throws what the read must raise. */
function settle(root: Fault, flagsOf: (b: FlagBlock) => Int32Array): void {
  const { checks, error } = collect(root);
  for (const c of checks) if (c.error === undefined) c.error = errorOf(c, flagsOf(c.block));
  const sticky = error ?? checks.filter((c) => c.error && !c.once).sort((a, b) => a.seq - b.seq)[0]?.error;
  if (sticky) {
    // From now on this fault is its error alone.
    root.error = sticky;
    root.checks = [];
    root.from = [];
    throw sticky;
  }
  const raised = checks.filter((c) => c.error && !c.consumed).sort((a, b) => a.seq - b.seq);
  // Nothing left to raise after this read: later reads need not look again.
  if (raised.length <= 1) {
    root.checks = [];
    root.from = [];
  }
  if (raised.length > 0) {
    raised[0].consumed = true;
    throw raised[0].error!;
  }
}

/** Whether a read of `storage` could raise (a launch it comes from checked indices or a solver's info, not yet read clean). */
export function mayRaise(storage: object): boolean {
  return faultOf(storage) !== undefined;
}

/** Throws the error a read of `storage` must raise, if one of the launches it comes from found a bad index. */
export function checkRead(storage: object): void {
  const f = faults.get(storage);
  if (f) settle(f, (b) => b.known() ?? b.read());
}

/** As checkRead, reading the flags without blocking the event loop. */
export async function checkReadAsync(storage: object): Promise<void> {
  const f = faults.get(storage);
  if (!f) return;
  const blocks = [...new Set(collect(f).checks.filter((c) => c.error === undefined && !c.block.known()).map((c) => c.block))];
  const read = new Map(await Promise.all(blocks.map(async (b) => [b, await b.readAsync()] as const)));
  // Looked up again: a write may have come while the flags were read.
  const now = faults.get(storage);
  if (now) settle(now, (b) => b.known() ?? read.get(b) ?? b.read());
}

/** Flags of a launch that ran to completion already (the CPU backend). */
export function finishedBlock(flags: Int32Array): FlagBlock {
  return { known: () => flags, read: () => flags, readAsync: async () => flags };
}
