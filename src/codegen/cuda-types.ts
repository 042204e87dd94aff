// How each dtype is stored and computed in generated CUDA C. Complex dtypes are the structs
// cp_c64 / cp_c128 of the prelude (cuda-complex.ts), in memory and in registers alike.
import { CupytsError } from '../ir/errors.js';
import { realPartDType, type DType } from '../ir/dtype.js';

/** The C type of an element in memory (float16 as its raw bits). */
export function storageType(d: DType): string {
  return d.name === 'float16' ? 'unsigned short' : d.cType;
}

/** The C type values are computed in (float16 is computed in float). */
export function computeType(d: DType): string {
  return d.name === 'float16' ? 'float' : d.cType;
}

/** A loaded element converted to its compute type. */
/** A zero of dtype d's compute type. */
export function zeroValue(d: DType): string {
  // cp_to_c64(0), not cp_c64{0, 0}: NVRTC 11.8 rejects that brace form inside an expression.
  return d.kind === 'c' ? `cp_to_c${d.name.slice(7)}(0)` : `(${computeType(d)})0`;
}

export function loadValue(d: DType, expr: string): string {
  return d.name === 'float16' ? `cp_h2f(${expr})` : expr;
}

/** A compute value converted for storing. */
export function storeValue(d: DType, expr: string): string {
  return d.name === 'float16' ? `cp_f2h(${expr})` : expr;
}

/** An op's result rounded or wrapped to its dtype (C arithmetic widens narrow ints to int). */
export function wrapValue(d: DType, expr: string): string {
  if (d.kind === 'c') return expr;
  if (d.name === 'float16') return `cp_rh(${expr})`;
  if (d.name === 'bool') return `(bool)(${expr})`;
  return `(${d.cType})(${expr})`;
}

/** A compute value of dtype `from` converted to dtype `to`. */
export function castValue(from: DType, to: DType, expr: string): string {
  if (to.kind === 'c') return `cp_to_c${to.name.slice(7)}(${expr})`;
  if (from.kind === 'c') return to.name === 'bool' ? `(${expr}.re != 0 || ${expr}.im != 0)` : castValue(realPartDType(from), to, `${expr}.re`);
  if (to.name === 'bool') return `(${expr} != 0)`;
  if (to.name === 'float16') return from.name === 'float64' ? `cp_h2f(cp_d2h(${expr}))` : `cp_rh((float)(${expr}))`;
  // A float out of an unsigned type's range (NumPy's unsafe cast) wraps as on the CPU (and NumPy
  // on x86), through a 64-bit integer; a direct conversion would clamp on the GPU.
  if (from.kind === 'f' && to.kind === 'u' && to.itemsize < 8) return `(${computeType(to)})(long long)(${expr})`;
  if (from.kind === 'f' && to.name === 'uint64') return `cp_f2u64((double)(${expr}))`;
  return `(${computeType(to)})(${expr})`;
}

/** The parameter type a scalar of this dtype is passed as, and its launch type letter. */
export function scalarParam(d: DType): { cType: string; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' } {
  if (d.kind === 'c') throw new CupytsError('ERR_NOT_SUPPORTED', `codegen: a ${d.name} scalar is not supported in this kernel kind yet (elementwise kernels take them)`);
  switch (d.name) {
    case 'bool': case 'int8': case 'int16': case 'int32': return { cType: 'int', code: 'i' };
    case 'uint8': case 'uint16': case 'uint32': return { cType: 'unsigned int', code: 'I' };
    case 'int64': return { cType: 'long long', code: 'l' };
    case 'uint64': return { cType: 'unsigned long long', code: 'L' };
    case 'float16': case 'float32': return { cType: 'float', code: 'f' };
    case 'float64': return { cType: 'double', code: 'd' };
    default: throw new CupytsError('ERR_NOT_SUPPORTED', `codegen: no scalar parameter type for ${d.name}`);
  }
}

/**
 * The launch type letters of a scalar parameter and its declaration `p<k>`: a complex scalar is
 * two parameters of its part type, p<k> (real) and p<k>i (imaginary).
 */
export function scalarDecl(d: DType, k: number): { codes: string; decl: string } {
  if (d.kind !== 'c') {
    const p = scalarParam(d);
    return { codes: p.code, decl: `${p.cType} p${k}` };
  }
  const part = scalarParam(realPartDType(d));
  return { codes: part.code + part.code, decl: `${part.cType} p${k}, ${part.cType} p${k}i` };
}

/** The kernel-local value `s<k>` of scalar parameter `p<k>`, in its compute type. */
export function scalarLocal(d: DType, k: number): string {
  if (d.kind === 'c') return `const ${d.cType} s${k} = {p${k}, p${k}i};`;
  const value = d.name === 'bool' ? `(p${k} != 0)` : `(${computeType(d)})p${k}`;
  return `const ${computeType(d)} s${k} = ${value};`;
}
