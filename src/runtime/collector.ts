// Reclaiming buffers dropped without dispose() inside a synchronous loop.
//
// A buffer dropped without dispose() is freed by a FinalizationRegistry callback. V8 runs those
// callbacks in a task of the event loop (not even an `await` of a settled promise lets them run),
// so a loop that never returns to the event loop (`for (...) x = x.mul(0.9).add(1).eval()`) never
// runs them: device memory fills up although every old `x` is garbage, and the registry's
// collected entries (about 120 bytes each) pile up on the heap.
//
// Two V8 features run them synchronously: FinalizationRegistry.prototype.cleanupSome (a TC39
// proposal V8 ships behind --harmony-weak-refs-with-cleanup-some) runs the callbacks of targets
// the GC has already collected, and `gc` (behind --expose-gc) collects at once. Each flag takes
// effect in contexts created after it is set. So the collector sets both, makes one vm context
// (about 2 ms and 0.3 MB, once), takes that context's FinalizationRegistry and gc, and sets them
// back: the program's own contexts, and any it makes later, are unchanged. Where that fails (a
// V8 without the flag), registries are the ordinary kind, callbacks run between event-loop tasks
// only, and collect() says so by returning false.
import v8 from 'node:v8';
import vm from 'node:vm';

/** A FinalizationRegistry with the proposal's cleanupSome, where V8 has it. */
interface Registry<T> extends FinalizationRegistry<T> {
  cleanupSome?: () => void;
}

interface Machinery {
  Registry: new <T>(callback: (held: T) => void) => Registry<T>;
  /** A full, synchronous garbage collection; undefined where V8 would not give one. */
  gc?: () => void;
}

let machinery: Machinery | undefined;
const registries: Array<Registry<never>> = [];
const totals = { count: 0, ms: 0 };

const hasCleanupSome = (R: unknown): boolean =>
  typeof (R as { prototype?: { cleanupSome?: unknown } })?.prototype?.cleanupSome === 'function';

/** Sets V8 flags for one new context, then sets back those that were off (on, they show in this context). */
function makeMachinery(): Machinery {
  const main = globalThis as { gc?: () => void };
  if (hasCleanupSome(FinalizationRegistry) && typeof main.gc === 'function') return { Registry: FinalizationRegistry, gc: main.gc };
  const flags = [
    ...(hasCleanupSome(FinalizationRegistry) ? [] : ['harmony-weak-refs-with-cleanup-some']),
    ...(typeof main.gc === 'function' ? [] : ['expose-gc']),
  ];
  try {
    for (const f of flags) v8.setFlagsFromString(`--${f}`);
    const context = vm.createContext({}, { name: 'cupyts collector' });
    const Registry = vm.runInContext('FinalizationRegistry', context) as Machinery['Registry'];
    const gc = vm.runInContext('typeof gc === "function" ? gc : undefined', context) as (() => void) | undefined;
    if (hasCleanupSome(Registry)) return { Registry, gc };
  } catch {
    // No vm context here (a restricted embedding): the ordinary registries below.
  } finally {
    for (const f of flags) v8.setFlagsFromString(`--no-${f}`);
  }
  return { Registry: FinalizationRegistry };
}

/**
 * A FinalizationRegistry whose callbacks runDropped() and collect() can run synchronously (an
 * ordinary one where V8 does not allow it). Made once per kind of buffer; kept for the process.
 */
export function droppedRegistry<T>(callback: (held: T) => void): FinalizationRegistry<T> {
  machinery ??= makeMachinery();
  const registry = new machinery.Registry<T>(callback);
  registries.push(registry as Registry<never>);
  return registry;
}

/**
 * Runs the callbacks of buffers the GC has collected so far (cheap when there are none). Called
 * at each allocation, so a synchronous loop frees what V8's own collections found dead.
 */
export function runDropped(): void {
  for (const r of registries) r.cleanupSome?.();
}

/**
 * Collects garbage now and runs the callbacks of every buffer found dropped; false where V8 does
 * not allow it here (the callbacks then run only between event-loop tasks). A full collection
 * takes milliseconds: for when memory runs short, not for every allocation.
 */
export function collect(): boolean {
  machinery ??= makeMachinery();
  if (!machinery.gc || !registries.some((r) => r.cleanupSome)) return false;
  const start = performance.now();
  machinery.gc();
  runDropped();
  totals.count++;
  totals.ms += performance.now() - start;
  return true;
}

/** The collections collect() made so far, and the milliseconds they took (for bench/memory-loop.mjs). */
export function collections(): { count: number; ms: number } {
  return { ...totals };
}
