// Kernel arguments packed for cuLaunchKernel: one 8-byte slot per argument, each value at the
// start of its slot, little-endian as the GPU reads it. The native launch points the driver at
// the slots, so it reads one buffer instead of converting a JS value per argument.
import { CupytsError } from '../ir/errors.js';
import type { ArgTypeCode } from './native.js';

/** The most arguments one launch takes (as native/driver.cc checks). */
export const MAX_LAUNCH_ARGS = 512;

const TWO_32 = 2 ** 32;
const buffer = new ArrayBuffer(MAX_LAUNCH_ARGS * 8);
const slots = new DataView(buffer);

function rangeError(what: string, v: number | bigint): never {
  throw new CupytsError('ERR_ARG', `launch: ${what} argument out of range: ${v}`);
}

function setUint64(offset: number, v: number | bigint, what: string): void {
  if (typeof v === 'bigint') {
    if (v < 0n || v >= 1n << 64n) rangeError(what, v);
    slots.setBigUint64(offset, v, true);
  } else {
    if (!Number.isInteger(v) || v < 0 || v > Number.MAX_SAFE_INTEGER) rangeError(what, v);
    slots.setUint32(offset, v % TWO_32, true);
    slots.setUint32(offset + 4, Math.floor(v / TWO_32), true);
  }
}

function setInt64(offset: number, v: number | bigint): void {
  if (typeof v === 'bigint') {
    if (v < -(1n << 63n) || v >= 1n << 63n) rangeError('int64', v);
    slots.setBigInt64(offset, v, true);
  } else {
    if (!Number.isSafeInteger(v)) rangeError('int64', v);
    const hi = Math.floor(v / TWO_32);
    slots.setUint32(offset, v - hi * TWO_32, true);
    slots.setInt32(offset + 4, hi, true);
  }
}

/**
 * Packs `args` by `types` (one letter each: p pointer, i int32, I uint32, l int64, L uint64,
 * f float32, d float64) into the shared slot buffer, valid until the next call.
 */
export function packLaunchArgs(types: string, args: ReadonlyArray<number | bigint>): ArrayBuffer {
  if (types.length !== args.length || types.length > MAX_LAUNCH_ARGS) {
    throw new CupytsError('ERR_ARG', `launch: expected one type letter per argument and at most ${MAX_LAUNCH_ARGS} arguments, got ${types.length} letters and ${args.length} arguments`);
  }
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    const o = i * 8;
    switch (types[i] as ArgTypeCode) {
      case 'p': setUint64(o, v, 'pointer'); break;
      case 'L': setUint64(o, v, 'uint64'); break;
      case 'l': setInt64(o, v); break;
      case 'i': slots.setInt32(o, Number(v), true); break;
      case 'I': slots.setUint32(o, Number(v), true); break;
      case 'f': slots.setFloat32(o, Number(v), true); break;
      case 'd': slots.setFloat64(o, Number(v), true); break;
      default: throw new CupytsError('ERR_ARG', `launch: unknown argument type '${types[i]}'`);
    }
  }
  return buffer;
}
