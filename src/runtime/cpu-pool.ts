// Worker threads for the CPU backend's kernels: a pool started once, on the first call that
// wants it, each worker compiling a kernel's source once (by key) and running parts of a call
// over SharedArrayBuffer memory.
//
// A call is split into parts (blocks of elements, of outputs, or leaves of a pairwise sum) that
// write disjoint memory. The calling thread and the workers claim parts from a shared table
// (Atomics.compareExchange) until none is left, and the caller then waits (Atomics.wait) for the
// parts a worker holds. A worker still starting, or one that died, claims nothing, so the caller
// never waits on it: it runs those parts itself. The workers are unref'd: they never keep the
// process alive, and a process that used the pool exits as it would without it.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

import { CupytsError } from '../ir/errors.js';
import { sameHeapMemory, type WasmMemory } from './wasm-heap.js';

/** The shared table of a call: [in progress, failed, claim of part 0, claim of part 1, ...]. */
const IN_PROGRESS = 0;
const FAILED = 1;
const CLAIMS = 2;
/** A claim's value: taken by the calling thread, or by a worker. */
const BY_CALLER = 1;
const BY_WORKER = 2;

/**
 * One worker's loop: claim parts of each call posted to it, run them, count them done. A call
 * may bring the CPU heap's memory (where it is new to the worker): the kernels see it as
 * $cupytsHeap, as on the calling thread, and compute arrays in it in place; `address` knows the
 * heap's arrays by the tag at its address 0 (wasm-heap.ts's sameHeapMemory). `scratch` is the
 * calling thread's scratch block for the call (parts write apart in it, by their outputs).
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const kernels = new Map();
const known = new WeakMap();
const sameHeapMemory = ${sameHeapMemory.toString()};
const heap = {
  memory: undefined,
  address(view) {
    const b = view.buffer;
    let yes = known.get(b);
    if (yes === undefined) { yes = heap.memory !== undefined && sameHeapMemory(b, heap.memory); known.set(b, yes); }
    return yes ? view.byteOffset : -1;
  },
  block: { at: -1, bytes: 0 },
  scratch(bytes) { return bytes <= heap.block.bytes ? heap.block.at : -1; },
};
parentPort.on('message', ({ key, source, args, parts, table, heapMemory, scratch }) => {
  if (heapMemory !== undefined) heap.memory = heapMemory;
  heap.block = scratch;
  let fn = kernels.get(key);
  if (fn === undefined && source !== undefined) {
    fn = new Function('$cupytsHeap', '"use strict"; return ' + source)(heap);
    kernels.set(key, fn);
  }
  Atomics.add(table, ${IN_PROGRESS}, 1);
  try {
    for (let p = 0; p < parts.length; p++) {
      if (Atomics.compareExchange(table, ${CLAIMS} + p, 0, ${BY_WORKER}) !== 0) continue;
      fn(...args, ...parts[p]);
    }
  } catch (err) {
    Atomics.store(table, ${FAILED}, 1);
  } finally {
    if (Atomics.sub(table, ${IN_PROGRESS}, 1) === 1) Atomics.notify(table, ${IN_PROGRESS});
  }
});
`;

interface PoolWorker {
  worker: Worker;
  /** Keys of the kernels this worker has been sent the source of. */
  sent: Set<string>;
  /** The heap memory last sent to it. */
  heap: WasmMemory | undefined;
  alive: boolean;
}

export class CpuThreadPool {
  readonly threads: number;
  /** Parts the workers have run (the rest ran on the calling thread). */
  workerParts = 0;
  #workers: PoolWorker[] | undefined;

  /** `threads` counts the calling thread: threads - 1 workers. */
  constructor(threads: number) {
    this.threads = threads;
  }

  #start(): PoolWorker[] {
    const workers: PoolWorker[] = [];
    for (let k = 0; k < this.threads - 1; k++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, name: `cupyts-cpu-${k}` });
      const entry: PoolWorker = { worker, sent: new Set(), heap: undefined, alive: true };
      worker.on('error', () => { entry.alive = false; });
      worker.on('exit', () => { entry.alive = false; });
      worker.unref();
      workers.push(entry);
    }
    return workers;
  }

  /**
   * Runs `fn(...args, ...parts[p])` for every part p, on this thread and the workers, and returns
   * when all are done. `source` is fn's source (a function expression) and `key` names it.
   * Every array in args that a part writes must be over a SharedArrayBuffer. `heap`: the CPU
   * heap's memory, which the workers' kernels then use in place as the caller's do; `scratch`:
   * the caller's heap scratch block, which the workers' kernels get from $cupytsHeap.scratch.
   */
  run(key: string, source: string, fn: (...a: unknown[]) => void, args: readonly unknown[], parts: readonly (readonly unknown[])[], heap?: WasmMemory, scratch = { at: -1, bytes: 0 }): void {
    const table = new Int32Array(new SharedArrayBuffer(4 * (CLAIMS + parts.length)));
    this.#workers ??= this.#start();
    for (const w of this.#workers) {
      if (!w.alive) continue;
      const first = !w.sent.has(key);
      const heapMemory = heap !== undefined && heap !== w.heap ? heap : undefined;
      w.worker.postMessage({ key, source: first ? source : undefined, args, parts, table, heapMemory, scratch });
      w.sent.add(key);
      if (heapMemory) w.heap = heapMemory;
    }
    try {
      for (let p = 0; p < parts.length; p++) {
        if (Atomics.compareExchange(table, CLAIMS + p, 0, BY_CALLER) === 0) fn(...args, ...parts[p]);
      }
    } finally {
      // Even after a throw here: the workers' parts write memory the caller may free next.
      for (let p = 0; p < parts.length; p++) Atomics.compareExchange(table, CLAIMS + p, 0, BY_CALLER);
      for (let v = Atomics.load(table, IN_PROGRESS); v !== 0; v = Atomics.load(table, IN_PROGRESS)) Atomics.wait(table, IN_PROGRESS, v);
    }
    for (let p = 0; p < parts.length; p++) if (table[CLAIMS + p] === BY_WORKER) this.workerParts++;
    if (Atomics.load(table, FAILED) !== 0) {
      throw new CupytsError('ERR_CPU_THREAD', `cpu: kernel ${key.slice(0, 80)} failed on a worker thread (run with config.cpuThreads = 1 to see the error)`);
    }
  }

  /** Stops the workers (a later run() starts new ones). */
  async close(): Promise<void> {
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** The CPU backend's thread count (config.cpuThreads); NaN until first read. */
export const cpuThreadSettings = { threads: NaN };

/**
 * The default thread count: the machine's cores. (It was 1 while each large CPU buffer was a
 * SharedArrayBuffer of its own, which V8 does not count as memory pressure: loops dropping
 * large results without dispose() grew past the memory tests' bounds. Buffers are blocks of the
 * CPU heap now, which collects garbage before it grows: src/runtime/wasm-heap.ts, cpu-device.ts.)
 */
export const defaultCpuThreads = (): number => Math.max(1, availableParallelism());
