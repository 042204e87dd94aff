// Shapes, sizes and NumPy broadcasting. Pure functions; errors name the op.
import { CupytsError } from './errors.js';

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
  return out;
}

/** Checks a user-supplied shape: non-negative safe integers. */
export function checkShape(op: string, shape: unknown): number[] {
  const dims = typeof shape === 'number' ? [shape] : shape;
  if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new CupytsError('ERR_SHAPE', `${op}: expected a shape of non-negative integers, got ${JSON.stringify(shape)}`);
  }
  return dims as number[];
}
