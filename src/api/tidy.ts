// cp.tidy(fn) and cp.keep(x), as TensorFlow.js has them: every array made while `fn` runs is
// disposed when it returns, except the arrays it returns (found in the returned value, in arrays
// and plain objects) and those passed to keep(). Kept and returned arrays join the enclosing
// tidy, if any. `fn` must return synchronously: tidy cannot follow async work (use `using` or
// dispose() there).
import { CupytsError } from '../ir/errors.js';

interface Disposable {
  dispose(): void;
}

/** The arrays made in each open tidy scope, innermost last. */
const scopes: Array<Set<Disposable>> = [];
/** Arrays passed to keep() in an open scope. */
const kept = new WeakSet<Disposable>();

/** @internal Called by the NDArray constructor: the array belongs to the innermost open scope. */
export function trackArray(a: Disposable): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(a);
}

/** keep(x): an array made inside tidy() that tidy must not dispose; returns it. */
export function keep<T extends Disposable>(x: T): T {
  if (x === null || typeof x !== 'object' || typeof (x as Disposable).dispose !== 'function') {
    throw new CupytsError('ERR_ARG', `keep: expected an NDArray, got ${x === null ? 'null' : typeof x}`);
  }
  kept.add(x);
  return x;
}

/** The arrays of `made` that `value` holds (in arrays and plain objects, any depth). */
function arraysIn(value: unknown, made: Set<Disposable>, out: Set<Disposable>, seen = new Set<unknown>()): Set<Disposable> {
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  if (made.has(value as Disposable)) out.add(value as Disposable);
  else if (Array.isArray(value)) for (const v of value) arraysIn(v, made, out, seen);
  else if (Object.getPrototypeOf(value) === Object.prototype || value instanceof Map) {
    for (const v of value instanceof Map ? value.values() : Object.values(value)) arraysIn(v, made, out, seen);
  }
  return out;
}

const isThenable = (x: unknown): boolean => x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function';

/**
 * tidy(fn): runs `fn` and disposes every array made meanwhile, except what it returns and what
 * was passed to keep(); returns what `fn` returns. Also when `fn` throws.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw new CupytsError('ERR_ARG', `tidy: expected fn to be a function, got ${fn === null ? 'null' : typeof fn}`);
  if (arguments.length !== 1) throw new CupytsError('ERR_ARG', `tidy: expected 1 argument (a function), got ${arguments.length}`);
  const made = new Set<Disposable>();
  scopes.push(made);
  let result: T | undefined;
  try {
    result = fn();
    if (isThenable(result)) {
      throw new CupytsError('ERR_ARG', 'tidy: expected fn to return synchronously, got a Promise (tidy cannot follow async work; use `using` or dispose() in an async function)');
    }
    return result;
  } finally {
    scopes.pop();
    const survivors = arraysIn(result, made, new Set());
    for (const a of made) {
      if (survivors.has(a) || kept.has(a)) trackArray(a);
      else a.dispose();
    }
  }
}
