// Shapes, sizes and NumPy broadcasting. Pure functions; errors name the op.
import { CupytsError, describe } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

export function formatShape(shape: Shape): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}

/** Row-major (C order) element strides of a shape. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** NumPy's broadcast of several shapes; throws "op: shapes (2, 3) and (4,) cannot be broadcast together". */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  if (shapes.length === 1) return [...shapes[0]];
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const k = ndim - s.length + i;
      const d = s[i];
      if (d === out[k] || d === 1) continue;
      if (out[k] === 1) out[k] = d;
      else {
        throw new CupytsError('ERR_SHAPE', `${op}: shapes ${shapes.map(formatShape).join(' and ')} cannot be broadcast together`);
      }
    }
  }
  checkArraySize(op, out);
  return out;
}

/** NumPy's limit on the number of dimensions of an array. */
export const MAX_NDIM = 64;

/**
 * The most bytes one array may hold: 2^53 - 1, so that its size and every offset into it are
 * exact JS numbers (NumPy's limit is 2^63 - 1 bytes). What fits here may still not fit in the
 * memory at hand: that is an out-of-memory error when it is allocated.
 */
export const MAX_ARRAY_BYTES = Number.MAX_SAFE_INTEGER;

/** A shape argument as the user wrote it, for messages: [2,-1] for a list of numbers, else described. */
function shapeArgText(shape: unknown): string {
  if (Array.isArray(shape) && shape.every((d) => typeof d === 'number' || typeof d === 'bigint' || typeof d === 'boolean')) {
    return `[${shape.map((d) => (typeof d === 'bigint' ? `${d}n` : String(d))).join(',')}]`;
  }
  return describe(shape);
}

/**
 * Checks that an array of `shape` with elements of `itemsize` bytes can exist: at most MAX_NDIM
 * dimensions and MAX_ARRAY_BYTES bytes. Every function that makes a shape from its arguments
 * (a size, a count, repetitions, widths) passes it here, so a huge request is an error at the call.
 */
export function checkArraySize(op: string, shape: Shape, itemsize = 1): void {
  if (shape.length > MAX_NDIM) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected at most ${MAX_NDIM} dimensions (NumPy's limit), got ${shape.length}`);
  }
  const size = sizeOf(shape);
  if (!(size * itemsize <= MAX_ARRAY_BYTES)) {
    const count = Number.isFinite(size) ? `${size} elements of ${itemsize} byte${itemsize > 1 ? 's' : ''}` : 'an unbounded number of elements';
    throw new CupytsError('ERR_SIZE', `${op}: expected an array of at most 2^53 - 1 bytes, got ${count} (shape ${formatShape(shape)})`);
  }
}

/**
 * Checks a user-supplied shape (a number or a list): non-negative safe integers, and an array of
 * that shape and `itemsize`-byte elements that checkArraySize allows.
 */
export function checkShape(op: string, shape: unknown, itemsize = 1): number[] {
  const dims = typeof shape === 'number' ? [shape] : Array.isArray(shape) ? Array.from(shape) : undefined; // a hole reads as undefined
  if (!dims || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected a shape of non-negative integers, got ${shapeArgText(shape)}`);
  }
  checkArraySize(op, dims, itemsize);
  return [...dims];
}
