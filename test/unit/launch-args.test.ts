// Kernel arguments packed into 8-byte slots for cuLaunchKernel (src/runtime/launch-args.ts).
import { describe, expect, it } from 'vitest';
import { MAX_LAUNCH_ARGS, packLaunchArgs } from '../../src/runtime/launch-args.js';

describe('packLaunchArgs', () => {
  it('puts each value at the start of its slot, little-endian', () => {
    const buf = packLaunchArgs('plLiIfd', [2 ** 40 + 12345, -(2 ** 40) - 7, 2n ** 63n + 5n, -3, 4_000_000_000, 0.1, Math.PI]);
    const v = new DataView(buf);
    expect(v.getBigUint64(0, true)).toBe(2n ** 40n + 12345n);
    expect(v.getBigInt64(8, true)).toBe(-(2n ** 40n) - 7n);
    expect(v.getBigUint64(16, true)).toBe(2n ** 63n + 5n);
    expect(v.getInt32(24, true)).toBe(-3);
    expect(v.getUint32(32, true)).toBe(4_000_000_000);
    expect(v.getFloat32(40, true)).toBe(Math.fround(0.1));
    expect(v.getFloat64(48, true)).toBe(Math.PI);
    const neg = new DataView(packLaunchArgs('ll', [-1, -(2n ** 63n)]));
    expect(neg.getBigInt64(0, true)).toBe(-1n);
    expect(neg.getBigInt64(8, true)).toBe(-(2n ** 63n));
  });

  it('rejects values out of range, unknown letters and mismatched counts, naming launch', () => {
    expect(() => packLaunchArgs('p', [-1])).toThrow(/launch: pointer argument out of range: -1/);
    expect(() => packLaunchArgs('p', [1.5])).toThrow(/launch: pointer argument out of range/);
    expect(() => packLaunchArgs('L', [2n ** 64n])).toThrow(/launch: uint64 argument out of range/);
    expect(() => packLaunchArgs('l', [2n ** 63n])).toThrow(/launch: int64 argument out of range/);
    expect(() => packLaunchArgs('l', [2 ** 60])).toThrow(/launch: int64 argument out of range/);
    expect(() => packLaunchArgs('x', [1])).toThrow(/launch: unknown argument type 'x'/);
    expect(() => packLaunchArgs('pp', [1])).toThrow(/one type letter per argument/);
    expect(() => packLaunchArgs('i'.repeat(MAX_LAUNCH_ARGS + 1), new Array(MAX_LAUNCH_ARGS + 1).fill(0))).toThrow(/at most 512 arguments/);
  });
});
