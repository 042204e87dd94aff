// A bound on synchronous code: a watchdog thread that ends this process when the code under
// test stops making progress. A test timeout cannot do it (its timer never fires while a
// synchronous loop holds the thread), so the watchdog runs on a worker thread, reads a shared
// counter the test bumps before each call, and kills the process after `limitMs` without a
// bump, printing the call that hung.
import { Worker } from 'node:worker_threads';

const LABEL_BYTES = 512;

const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const counter = new Int32Array(workerData.shared, 0, 2);
const label = new Uint8Array(workerData.shared, 8);
let seen = -1;
let since = Date.now();
setInterval(() => {
  if (Atomics.load(counter, 1) === 1) process.exit(0);
  const now = Atomics.load(counter, 0);
  if (now !== seen) { seen = now; since = Date.now(); return; }
  if (Date.now() - since < workerData.limitMs) return;
  const text = Buffer.from(label).toString('utf8').replace(/\\0+$/, '');
  writeSync(2, '\\nwatchdog: no progress for ' + workerData.limitMs + ' ms in: ' + text + '\\n');
  process.kill(process.pid, 'SIGKILL');
}, 100);
`;

export interface Watchdog {
  /** Marks the start of a call (its label is printed if it hangs). */
  enter(label: string): void;
  stop(): Promise<void>;
}

/** Starts a watchdog that ends the process after `limitMs` without a call to enter(). */
export function startWatchdog(limitMs: number): Watchdog {
  const shared = new SharedArrayBuffer(8 + LABEL_BYTES);
  const counter = new Int32Array(shared, 0, 2);
  const label = new Uint8Array(shared, 8);
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { shared, limitMs } });
  worker.unref(); // never keeps the process alive on its own
  const encoder = new TextEncoder();
  return {
    enter(text) {
      label.fill(0);
      encoder.encodeInto(text.slice(0, LABEL_BYTES / 4), label);
      Atomics.add(counter, 0, 1);
    },
    async stop() {
      Atomics.store(counter, 1, 1);
      await worker.terminate();
    },
  };
}
