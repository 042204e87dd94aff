// The hook `cupyts explain` and kernel recording use to see every evaluation: evaluate() and
// evaluateAsync() call observeEvaluation() once with the kernel groups they are about to run,
// and the returned watch once per kernel after it ran. With no observer this costs one check.
//
// Observers are kept on globalThis (under a Symbol.for key), so a script that imports another
// copy of cupyts than the `cupyts` command it runs under is still seen.
import type { Node } from '../ir/graph.js';
import type { AnyPlan } from './runners.js';
import { readConfig } from '../runtime/config.js';
import type { KernelGroup } from './evaluate.js';
import { recordKernelsToFile } from './kernel-recorder.js';
import type { Runner } from './runners.js';

/** One evaluate() call, before anything ran: the requested nodes and the kernel groups planned. */
export interface EvaluationEvent {
  runner: Runner;
  targets: readonly Node[];
  groups: readonly KernelGroup[];
}

/** Follows one evaluation: told after each kernel ran (plans are made just before each launch). */
export interface EvaluationWatch {
  kernelRan(plan: AnyPlan, group: KernelGroup): void;
}

/** Called at the start of every evaluation that runs at least one kernel. */
export type EvaluationObserver = (event: EvaluationEvent) => EvaluationWatch | undefined;

interface HookState {
  observers: EvaluationObserver[];
  envChecked: boolean;
}

const STATE_KEY = Symbol.for('cupyts.evaluationObservers');
const state: HookState = ((globalThis as Record<symbol, HookState | undefined>)[STATE_KEY] ??= { observers: [], envChecked: false });

/** Adds an observer of every evaluation; returns the function that removes it. */
export function addEvaluationObserver(observer: EvaluationObserver): () => void {
  state.observers.push(observer);
  return () => {
    const i = state.observers.indexOf(observer);
    if (i >= 0) state.observers.splice(i, 1);
  };
}

/** CUPYTS_CACHE_RECORD=FILE: record every kernel this process evaluates into FILE (checked once). */
function installRecorderFromEnvironment(): void {
  state.envChecked = true;
  const file = readConfig().cacheRecordFile;
  if (file) addEvaluationObserver(recordKernelsToFile(file));
}

/** Called by evaluate(): tells each observer, and returns one watch for them all (or undefined). */
export function observeEvaluation(runner: Runner, targets: readonly Node[], groups: readonly KernelGroup[]): EvaluationWatch | undefined {
  if (!state.envChecked) installRecorderFromEnvironment();
  if (state.observers.length === 0 || groups.length === 0) return undefined;
  const watches = state.observers.map((o) => o({ runner, targets, groups })).filter((w): w is EvaluationWatch => !!w);
  if (watches.length === 0) return undefined;
  if (watches.length === 1) return watches[0];
  return { kernelRan: (plan, group) => watches.forEach((w) => w.kernelRan(plan, group)) };
}
