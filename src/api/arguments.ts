// Checks shared by every function's arguments, so that their errors read alike ("op: expected …,
// got …") and no bad value goes on to fail deeper down as a TypeError: options objects, integer and boolean arguments, and axes. Arrays are converted in ./operands.ts, shapes checked in src/ir/shape.ts.
import { CupytsError, argError, describe } from '../ir/errors.js';

/** Whether `x` is a plain object ({ … }), as options are written. */
function isPlainObject(x: unknown): x is object {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * An options argument: undefined (none given) or a plain object. A number where options go is
 * most likely NumPy's positional axis (`sum(x, 1)`), so the error says how to write it.
 */
export function optionsArg<T extends object>(op: string, options: T | undefined): T {
  if (options === undefined) return {} as T;
  if (isPlainObject(options)) return options;
  throw argError(op, 'an options object such as { axis: 1 }', options);
}

/** An integer argument (a JS number with no fraction). */
export function integerArg(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw argError(op, `an integer ${name}`, value);
  return value;
}

/** A boolean argument or option; `fallback` where it is undefined. */
export function booleanArg(op: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw argError(op, `${name} to be a boolean`, value);
  return value;
}

/** One axis of an `ndim`-d array (negative counts from the end), as 0 … ndim - 1. */
export function normalizeAxis(op: string, axis: unknown, ndim: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) throw new CupytsError('ERR_AXIS', `${op}: expected an integer axis, got ${describe(axis)}`);
  if (axis < -ndim || axis >= ndim) throw new CupytsError('ERR_AXIS', `${op}: axis ${axis} is out of bounds for array of dimension ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}

/** Axes given as one integer or a list of them, normalized, in the order given, without repeats. */
export function normalizeAxes(op: string, axis: unknown, ndim: number): number[] {
  if (typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new CupytsError('ERR_AXIS', `${op}: expected an integer axis or a list of them, got ${describe(axis)}`);
  }
  const list = (typeof axis === 'number' ? [axis] : Array.from(axis as unknown[])).map((a) => normalizeAxis(op, a, ndim)); // a hole reads as undefined
  if (new Set(list).size !== list.length) {
    throw new CupytsError('ERR_AXIS', `${op}: expected distinct axes, got a repeated axis in (${Array.from(axis as unknown[], describe).join(', ')})`);
  }
  return list;
}
