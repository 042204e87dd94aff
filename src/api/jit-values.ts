// The values a cp.jit function takes and returns (./jit.ts): its arguments flattened into the
// arrays it reads (found in arrays and plain objects, any depth) and a signature key that says
// everything else a trace depends on; its result as a structure of arrays to rebuild per call.
import { CupytsError, describe } from '../ir/errors.js';
import { isReadOnly } from '../ir/graph.js';
import { NDArray } from './ndarray.js';
import { isOptionsObject } from './signature.js';

/** The arrays among a call's arguments, in order, and the key of everything the trace assumed. */
export interface FlatArgs {
  arrays: NDArray[];
  key: string;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
const identity = (x: object): number => {
  let id = ids.get(x);
  if (id === undefined) ids.set(x, (id = nextId++));
  return id;
};

const isPlain = (x: object): boolean => Array.isArray(x) || isOptionsObject(x);

/** A scalar's key: by value and kind (a trace specializes on it, as torch.compile does on Python numbers). */
function scalarKey(x: unknown): string {
  switch (typeof x) {
    case 'number': return Object.is(x, -0) ? 'n-0' : `n${x}`;
    case 'bigint': return `b${x}`;
    case 'boolean': return x ? 'T' : 'F';
    case 'string': return `s${JSON.stringify(x)}`;
    case 'undefined': return 'u';
    default: return x === null ? 'N' : `#${identity(x as object)}`;
  }
}

/**
 * An array's key: backend, dtype, shape, layout (strides and offset over its buffer), whether it
 * is read-only (fn's writes into it raise), where two arguments share a buffer which one it
 * shares (a trace that reads both reads one buffer), and where the same array is passed again,
 * which argument it is (fn sees one array: disposing it disposes both). The array is computed
 * first: a trace starts from data.
 */
function arrayKey(a: NDArray, k: number, seen: Map<unknown, number>, same: Map<NDArray, number>): string {
  const r = a.node.realized!;
  const shared = seen.get(r.storage);
  if (shared === undefined) seen.set(r.storage, seen.size);
  const again = same.get(a);
  if (again === undefined) same.set(a, k);
  return `A${a.runner.deviceName}:${a.dtype.name}[${a.node.shape.join(',')}]/${r.strides.join(',')}+${r.offset}${isReadOnly(a.node) ? 'ro' : ''}${shared === undefined ? '' : `=${shared}`}${again === undefined ? '' : `@${again}`}`;
}

/** The arrays of `args` and their signature key; arrays that are lazy are computed first (one evaluation). */
export function flattenArgs(op: string, args: readonly unknown[]): FlatArgs {
  const arrays: NDArray[] = [];
  const parts: string[] = [];
  const walk = (x: unknown, seen: Set<object>): void => {
    if (x instanceof NDArray) {
      if (x.disposed) throw new CupytsError('ERR_DISPOSED', `${op}: expected arrays that are not disposed, got a disposed array argument`);
      arrays.push(x);
      parts.push('@');
      return;
    }
    if (x === null || typeof x !== 'object' || !isPlain(x)) { parts.push(scalarKey(x)); return; }
    if (seen.has(x)) throw new CupytsError('ERR_ARG', `${op}: expected arguments without cycles, got an argument that contains itself`);
    seen.add(x);
    if (Array.isArray(x)) { parts.push(`[${x.length}`); x.forEach((v) => walk(v, seen)); parts.push(']'); }
    else { parts.push('{'); for (const [k, v] of Object.entries(x)) { parts.push(JSON.stringify(k)); walk(v, seen); } parts.push('}'); }
    seen.delete(x);
  };
  args.forEach((a) => walk(a, new Set()));
  return { arrays, key: parts.join(',') };
}

/** The key of the arrays' layouts, once they are computed. */
export function arraysKey(arrays: readonly NDArray[]): string {
  const seen = new Map<unknown, number>();
  const same = new Map<NDArray, number>();
  return arrays.map((a, k) => arrayKey(a, k, seen, same)).join(';');
}

/** A result structure: arrays, and arrays and plain objects of them (leaves numbered in order). */
export type OutputShape = number | OutputShape[] | { [key: string]: OutputShape };

/** The arrays of a traced function's result and its structure; anything else is an error naming `op`. */
export function flattenResult(op: string, value: unknown): { arrays: NDArray[]; shape: OutputShape } {
  const arrays: NDArray[] = [];
  const index = new Map<NDArray, number>();
  const walk = (x: unknown, path: string): OutputShape => {
    if (x instanceof NDArray) {
      if (x.disposed) throw new CupytsError('ERR_DISPOSED', `${op}: expected fn to return arrays that are not disposed, got a disposed array at result${path}`);
      if (!index.has(x)) index.set(x, arrays.push(x) - 1);
      return index.get(x)!;
    }
    if (Array.isArray(x)) return x.map((v, k) => walk(v, `${path}[${k}]`));
    if (x !== null && typeof x === 'object' && isOptionsObject(x)) {
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v, `${path}.${k}`)]));
    }
    throw new CupytsError('ERR_ARG', `${op}: expected fn to return an array, or arrays and plain objects of arrays, got ${describe(x)} at result${path}`);
  };
  const shape = walk(value, '');
  return { arrays, shape };
}

/** The result structure `shape` with its leaves taken from `arrays`. */
export function buildResult(shape: OutputShape, arrays: readonly NDArray[]): unknown {
  if (typeof shape === 'number') return arrays[shape];
  if (Array.isArray(shape)) return shape.map((s) => buildResult(s, arrays));
  return Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, buildResult(s, arrays)]));
}
