// How each dtype is stored and computed in generated CUDA C.
import type { DType } from '../ir/dtype.js';

/** The C type of an element in memory (float16 as its raw bits). */
export function storageType(d: DType): string {
  return d.name === 'float16' ? 'unsigned short' : d.cType;
}

/** The C type values are computed in (float16 is computed in float). */
export function computeType(d: DType): string {
  return d.name === 'float16' ? 'float' : d.cType;
}

/** A loaded element converted to its compute type. */
export function loadValue(d: DType, expr: string): string {
  return d.name === 'float16' ? `cp_h2f(${expr})` : expr;
}

/** A compute value converted for storing. */
export function storeValue(d: DType, expr: string): string {
  return d.name === 'float16' ? `cp_f2h(${expr})` : expr;
}

/** An op's result rounded or wrapped to its dtype (C arithmetic widens narrow ints to int). */
export function wrapValue(d: DType, expr: string): string {
  if (d.name === 'float16') return `cp_rh(${expr})`;
  if (d.name === 'bool') return `(bool)(${expr})`;
  return `(${d.cType})(${expr})`;
}

/** A compute value of dtype `from` converted to dtype `to`. */
export function castValue(from: DType, to: DType, expr: string): string {
  if (to.name === 'bool') return `(${expr} != 0)`;
  if (to.name === 'float16') return from.name === 'float64' ? `cp_h2f(cp_d2h(${expr}))` : `cp_rh((float)(${expr}))`;
  // A float out of an unsigned type's range (NumPy's unsafe cast) wraps as on the CPU (and NumPy
  // on x86), through a 64-bit integer; a direct conversion would clamp on the GPU.
  if (from.kind === 'f' && to.kind === 'u' && to.itemsize < 8) return `(${computeType(to)})(long long)(${expr})`;
  return `(${computeType(to)})(${expr})`;
}

/** The parameter type a scalar of this dtype is passed as, and its launch type letter. */
export function scalarParam(d: DType): { cType: string; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' } {
  switch (d.name) {
    case 'bool': case 'int8': case 'int16': case 'int32': return { cType: 'int', code: 'i' };
    case 'uint8': case 'uint16': case 'uint32': return { cType: 'unsigned int', code: 'I' };
    case 'int64': return { cType: 'long long', code: 'l' };
    case 'uint64': return { cType: 'unsigned long long', code: 'L' };
    case 'float16': case 'float32': return { cType: 'float', code: 'f' };
    case 'float64': return { cType: 'double', code: 'd' };
  }
}

/** The kernel-local value `s<k>` of scalar parameter `p<k>`, in its compute type. */
export function scalarLocal(d: DType, k: number): string {
  const value = d.name === 'bool' ? `(p${k} != 0)` : `(${computeType(d)})p${k}`;
  return `const ${computeType(d)} s${k} = ${value};`;
}
