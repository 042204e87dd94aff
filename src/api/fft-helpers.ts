// numpy.fft's helper routines, which need no complex dtype: fftfreq and rfftfreq (the sample
// frequencies, computed on the host as NumPy computes them: k · (1 / (n·d)), so bit for bit) and
// fftshift / ifftshift (a roll by half of each axis, zero frequency to the centre and back).
import { DTYPES } from '../ir/dtype.js';
import { checkArraySize } from '../ir/shape.js';
import { arrayLike, checkAxis } from './array-params.js';
import { upload } from './creation.js';
import { deviceParam } from './creation-params.js';
import { allocStored } from './host-data.js';
import type { NDArray } from './ndarray.js';
import * as t from './param-types.js';
import { roll } from './rearrange.js';
import { declare, positional, REJECT, required, type ParamType } from './signature.js';

const positiveInt: ParamType<number> = { expected: 'a positive integer', parse: (x) => (t.isInteger(x) && x > 0 ? x : REJECT) };
const spacing: ParamType<number> = { expected: 'a nonzero number', parse: (x) => (typeof x === 'number' && x !== 0 ? x : REJECT) };

/** A float64 vector of the frequencies k · (1 / (n·d)) for the integers k given. */
function frequencies(op: string, ks: number[], n: number, d: number): NDArray {
  checkArraySize(op, [ks.length], 8);
  const step = 1.0 / (n * d);
  const stored = allocStored(DTYPES.float64, ks.length, op) as Float64Array;
  ks.forEach((k, i) => {
    stored[i] = k * step;
  });
  return upload(DTYPES.float64, [ks.length], stored);
}

/** The DFT's frequency order: 0, 1, …, ⌈n/2⌉ − 1, then −⌊n/2⌋, …, −1. */
function fftOrder(n: number): number[] {
  const positive = Math.floor((n - 1) / 2) + 1;
  return Array.from({ length: n }, (_, i) => (i < positive ? i : i - n));
}

/** fft.fftfreq(n, d=1.0, device=None): the sample frequencies of an n-point DFT with sample spacing d (float64). */
export const fftfreq = declare(
  'fft.fftfreq',
  [required('n', positiveInt), positional('d', spacing, 1.0), deviceParam],
  (v) => frequencies('fft.fftfreq', fftOrder(v.n), v.n, v.d),
);

/** fft.rfftfreq(n, d=1.0, device=None): the non-negative sample frequencies rfft returns (n/2 + 1 of them, float64). */
export const rfftfreq = declare(
  'fft.rfftfreq',
  [required('n', positiveInt), positional('d', spacing, 1.0), deviceParam],
  (v) => frequencies('fft.rfftfreq', Array.from({ length: Math.floor(v.n / 2) + 1 }, (_, k) => k), v.n, v.d),
);

/**
 * x rolled along `axes` (all by default) by ⌊len/2⌋ (fftshift) or −⌊len/2⌋ (ifftshift). No axes
 * to roll (a 0-d array, axes=[]) gives a copy, where NumPy's roll fails on an empty unpack.
 */
function halfRoll(op: string, x: NDArray, axes: number | number[] | null, inverse: boolean): NDArray {
  const list = axes === null ? x.shape.map((_, j) => j) : typeof axes === 'number' ? [axes] : axes;
  const normalized = list.map((ax) => checkAxis(op, ax, x.ndim, 'axes'));
  const shifts = normalized.map((ax) => (inverse ? -1 : 1) * Math.floor(x.shape[ax] / 2));
  return roll(x, shifts, normalized);
}

/** fft.fftshift(x, axes=None): the zero-frequency term moved to the centre of each axis in `axes`. */
export const fftshift = declare(
  'fft.fftshift',
  [required('x', arrayLike), positional('axes', t.nullable(t.axes), null)],
  (v) => halfRoll('fft.fftshift', v.x, v.axes, false),
);

/** fft.ifftshift(x, axes=None): the inverse of fftshift (they differ for odd lengths). */
export const ifftshift = declare(
  'fft.ifftshift',
  [required('x', arrayLike), positional('axes', t.nullable(t.axes), null)],
  (v) => halfRoll('fft.ifftshift', v.x, v.axes, true),
);
