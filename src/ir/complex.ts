/**
 * The JS form of a complex scalar: a frozen object { re, im } of two numbers, made by
 * `cp.complex(re, im)`. It goes wherever a scalar goes (as a weak complex scalar in promotion, like
 * Python's complex in NumPy 2: float32 array + cp.complex(0, 1) is complex64, an int array plus it
 * complex128), and readbacks of complex arrays (item, tolist, toArray) return these objects.
 */
import { CupytsError, describe } from './errors.js';

/** A complex number: real part `re`, imaginary part `im` (JS numbers, so float64 precision). */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

const COMPLEX_TAG = Symbol.for('cupyts.complex');

/**
 * A complex scalar re + im·j, as Python's complex(re, im). Both parts are converted with Number
 * (bigints too); anything else is an error naming the argument.
 */
export function complex(re: number | bigint = 0, im: number | bigint = 0): Complex {
  if (!isPart(re)) throw new CupytsError('ERR_ARGUMENT', `complex: expected re to be a number, got ${describe(re)}`);
  if (!isPart(im)) throw new CupytsError('ERR_ARGUMENT', `complex: expected im to be a number, got ${describe(im)}`);
  return makeComplex(Number(re), Number(im));
}

function isPart(x: unknown): x is number | bigint {
  return typeof x === 'number' || typeof x === 'bigint';
}

/** A frozen complex scalar of two numbers (no argument checks: for library code). */
export function makeComplex(re: number, im: number): Complex {
  const value = { re, im };
  Object.defineProperty(value, COMPLEX_TAG, { value: true });
  return Object.freeze(value);
}

/** Whether x is a complex scalar: one made by complex(), or any plain object with numeric re and im. */
export function isComplex(x: unknown): x is Complex {
  if (typeof x !== 'object' || x === null) return false;
  if ((x as Record<symbol, unknown>)[COMPLEX_TAG] === true) return true;
  const { re, im } = x as { re?: unknown; im?: unknown };
  return typeof re === 'number' && typeof im === 'number' && Object.keys(x).length === 2;
}
