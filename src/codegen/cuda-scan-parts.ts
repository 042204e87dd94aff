// The pieces every CUDA scan kernel shares: its parameters, the line bases, the fused loads, the
// combine, warp shuffles of any compute type, and the look-back status words (publish and read).
// Kernels are written without helper functions (a test batch compiles many kernels in one unit),
// so these return lines of C to paste into a kernel body.
import { DTYPES, type DType } from '../ir/dtype.js';
import { SCAN_VECTOR, type ScanPlan } from '../ir/scan-plan.js';
import { stepLines } from './cuda.js';
import { castValue, computeType, loadValue, scalarDecl, scalarLocal, storageType, storeValue, wrapValue } from './cuda-types.js';

export type ScanParam =
  | { kind: 'input'; index: number }
  | { kind: 'output' }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'lines' }
  | { kind: 'length' }
  | { kind: 'lineDim'; index: number }
  | { kind: 'stride'; input: number; dim: number }
  | { kind: 'outStride'; dim: number }
  /** The look-back status buffer (null where the launch has one tile per line). */
  | { kind: 'status' }
  /** Tiles along each line (64-bit). */
  | { kind: 'chunks' }
  /** Status words in the buffer (64-bit). */
  | { kind: 'statuses' }
  /** 1 where the vector path's data is aligned (ScanPlan.vectorInputs), else 0. */
  | { kind: 'vectorOk' };

/** Status flags: nothing published, the tile's aggregate, its inclusive prefix. */
export const FLAG_AGGREGATE = 1;
export const FLAG_PREFIX = 2;

export const indexType = (plan: ScanPlan) => (plan.indexBits === 64 ? 'long long' : 'int');
export const scanComputeType = (plan: ScanPlan) => computeType(plan.dtype);
const isComplex = (plan: ScanPlan) => plan.dtype.kind === 'c';
/**
 * A scan's identity: 1 for a product; 0 for a sum, -0.0 for a float or complex one (IEEE's additive
 * identity: -0 + x is x for every x, where +0 + -0 is +0; NumPy's cumsum starts from the first
 * element, so cumsum([-0.0]) is -0.0). The JS kernel's is the same (scan.ts). A complex product's
 * 1+0j is no identity ((1+0j)(-0-1j) is 0-1j, (1+0j)(inf+0j) is inf+nanj): the kernels that start
 * a line from the identity (the one-thread kernel here, the JS loop) start it from its first
 * element instead (seedsFirst); the others combine a prefix only where there is one.
 */
export const identityIsNegativeZero = (plan: ScanPlan) => plan.op.name === 'sum' && (plan.dtype.kind === 'f' || isComplex(plan));
export const identity = (plan: ScanPlan) => {
  const negativeZero = identityIsNegativeZero(plan);
  if (isComplex(plan)) {
    if (!negativeZero) return castValue(DTYPES.int32, plan.dtype, '1');
    return plan.dtype.name === 'complex64' ? 'cp_cmake(-0.0f, -0.0f, cp_c64())' : 'cp_cmake(-0.0, -0.0, cp_c128())';
  }
  return `(${scanComputeType(plan)})${negativeZero ? '(-0.0)' : plan.op.name === 'sum' ? '0' : '1'}`;
};
/** Whether a line's running value starts from its first element rather than from the identity (a complex product). */
export const seedsFirst = (plan: ScanPlan) => isComplex(plan) && plan.op.name === 'prod';
/** Compute types of up to 4 bytes share a 64-bit status word with their flag. */
export const packedStatus = (plan: ScanPlan) => plan.dtype.name === 'float16' || plan.dtype.itemsize < 8;

export function combine(plan: ScanPlan, a: string, b: string): string {
  return wrapValue(plan.dtype, plan.op.combine.cuda([a, b], plan.dtype));
}

/** The kernel's parameter list: the data, the shape, and with `lookBack` the status buffer. */
export function scanParams(plan: ScanPlan, lookBack: boolean): { params: ScanParam[]; decl: string[] } {
  const idx = indexType(plan);
  const params: ScanParam[] = [];
  const decl: string[] = [];
  const add = (p: ScanParam, d: string) => { params.push(p); decl.push(d); };
  plan.inputs.forEach((input, k) => add({ kind: 'input', index: k }, `const ${storageType(input.dtype)}* __restrict__ in${k}`));
  add({ kind: 'output' }, `${storageType(plan.dtype)}* __restrict__ out`);
  // a complex scalar is two parameters (its parts); the launch passes both
  plan.scalars.forEach((s, k) => { const p = scalarDecl(s.dtype, k); add({ kind: 'scalar', index: k, code: p.codes as 'i' }, p.decl); });
  add({ kind: 'lines' }, `${idx} n_lines`);
  add({ kind: 'length' }, `${idx} n_len`);
  plan.lineDims.forEach((_, j) => add({ kind: 'lineDim', index: j }, `${idx} ld${j}`));
  plan.inputs.forEach((input, k) => input.strides.forEach((_, j) => add({ kind: 'stride', input: k, dim: j }, `${idx} st${k}_${j}`)));
  plan.outputStrides.forEach((_, j) => add({ kind: 'outStride', dim: j }, `${idx} ost_${j}`));
  if (lookBack) {
    add({ kind: 'status' }, 'unsigned long long* status');
    add({ kind: 'chunks' }, 'long long n_chunks');
    add({ kind: 'statuses' }, 'long long n_statuses');
  }
  if (plan.vectorInputs) add({ kind: 'vectorOk' }, 'int vector_ok');
  return { params, decl };
}

/** `const T s<k>` for each scalar parameter. */
export const scalarLocals = (plan: ScanPlan) => plan.scalars.map((s, k) => scalarLocal(s.dtype, k));

const baseNames = (plan: ScanPlan) => [...plan.inputs.map((_, k) => ({ base: `b${k}`, st: (j: number) => `st${k}_${j}` })), { base: 'bo', st: (j: number) => `ost_${j}` }];

/** The element offsets b<k> (inputs) and bo (output) of line `line`, left 0 where `valid` is false. */
export function lineBases(plan: ScanPlan, line: string, valid: string): string[] {
  const idx = indexType(plan);
  const nd = plan.lineDims.length;
  const names = baseNames(plan);
  const declare = `${idx} ${names.map((n) => `${n.base} = 0`).join(', ')};`;
  if (nd === 0) return [declare];
  return [
    declare,
    `if (${valid}) {`,
    `  ${idx} rem = ${line};`,
    ...Array.from({ length: nd }, (_, i) => nd - 1 - i).map((j) =>
      `  { const ${idx} c = rem % ld${j}; rem /= ld${j};${names.map((n) => ` ${n.base} += c * ${n.st(j)};`).join('')} }`),
    '}',
  ];
}

/**
 * Lines that compute the scanned value at axis position `pos` into `target` (producers fused). With
 * `vectorElement`, the inputs of ScanPlan.vectorInputs were loaded as vectors x<k> and `pos` is
 * their element `vectorElement`; the other inputs load at `pos`.
 */
export function loadAt(plan: ScanPlan, pos: string, target: string, vectorElement?: string): string[] {
  const nd = plan.lineDims.length;
  const load = (k: number) => loadValue(plan.inputs[k].dtype,
    vectorElement !== undefined && plan.vectorInputs![k] ? `x${k}.v[${vectorElement}]` : `in${k}[b${k} + (${pos}) * st${k}_${nd}]`);
  return ['{', ...stepLines(plan.steps, load).map((l) => `  ${l}`), `  ${target} = v${plan.value};`, '}'];
}

/** The C type of a vector of SCAN_VECTOR elements of dtype `d` as stored. */
export function vectorType(d: DType): string {
  return `cp_vec<${storageType(d)}, ${SCAN_VECTOR}>`;
}

/** The store of compute value `value` at axis position `pos` of the current line. */
export function storeAt(plan: ScanPlan, pos: string, value: string): string {
  return `out[bo + (${pos}) * ost_${plan.lineDims.length}] = ${storeValue(plan.dtype, value)};`;
}

/** The C type a value of the compute type travels through a warp shuffle as. */
function shuffleType(plan: ScanPlan): string {
  const t = scanComputeType(plan);
  if (['bool', 'signed char', 'short', 'int'].includes(t)) return 'int';
  if (['unsigned char', 'unsigned short', 'unsigned int'].includes(t)) return 'unsigned int';
  return t;
}

export function shuffleUp(plan: ScanPlan, v: string, delta: string, width: number): string {
  if (isComplex(plan)) return `cp_shfl_up(${v}, ${delta}, ${width})`; // part by part
  return `(${scanComputeType(plan)})__shfl_up_sync(0xffffffffu, (${shuffleType(plan)})(${v}), ${delta}, ${width})`;
}

export function shuffleFrom(plan: ScanPlan, v: string, lane: string, width: number): string {
  if (isComplex(plan)) return `cp_shfl_idx(${v}, ${lane}, ${width})`;
  return `(${scanComputeType(plan)})__shfl_sync(0xffffffffu, (${shuffleType(plan)})(${v}), ${lane}, ${width})`;
}

/**
 * Pointers into the status buffer: word 0 counts tiles (dynamic tile ids); then either one 64-bit
 * word per status (flag in the high half, the value's 32 bits in the low half) or, for 8-byte
 * compute types, a flag array, an aggregate array and an inclusive-prefix array
 * (ir/scan-geometry.ts statusBytes).
 */
export function statusPointers(plan: ScanPlan): string[] {
  const t = scanComputeType(plan);
  if (packedStatus(plan)) return ['volatile unsigned long long* const st_word = status + 1;'];
  return [
    'volatile unsigned int* const st_flag = (volatile unsigned int*)(status + 1);',
    // the value arrays start on a 16-byte boundary (ir/scan-geometry.ts statusBytes)
    `volatile ${t}* const st_agg = (volatile ${t}*)(status + ((n_statuses + 1) / 2 + 2) / 2 * 2);`,
    `volatile ${t}* const st_incl = st_agg + n_statuses;`,
  ];
}

const isFloat = (plan: ScanPlan) => scanComputeType(plan) === 'float';
const toBits = (plan: ScanPlan, v: string) => (isFloat(plan) ? `__float_as_uint(${v})` : `(unsigned int)(${v})`);
const fromBits = (plan: ScanPlan, b: string) => (isFloat(plan) ? `__uint_as_float(${b})` : `(${scanComputeType(plan)})(${b})`);

/** Publishes `value` with `flag` at status `i`: the value is visible before the flag. */
export function publish(plan: ScanPlan, i: string, flag: number, value: string): string {
  if (packedStatus(plan)) return `st_word[${i}] = ((unsigned long long)${flag} << 32) | (unsigned long long)${toBits(plan, value)};`;
  const array = flag === FLAG_PREFIX ? 'st_incl' : 'st_agg';
  // a volatile complex struct is written and read part by part (cp_vstore, cp_vload)
  const store = isComplex(plan) ? `cp_vstore(&${array}[${i}], ${value});` : `${array}[${i}] = ${value};`;
  return `{ ${store} __threadfence(); st_flag[${i}] = ${flag}u; }`;
}

/**
 * Reads status `i` into `flag` and `value`. With separate arrays the flag is read first, then
 * (after a fence) the array it names: a value is written before its flag and never changes.
 */
export function readStatus(plan: ScanPlan, i: string, flag: string, value: string): string {
  if (packedStatus(plan)) {
    return `{ const unsigned long long w = st_word[${i}]; ${flag} = (unsigned int)(w >> 32); ${value} = ${fromBits(plan, '(unsigned int)w')}; }`;
  }
  const load = (array: string) => (isComplex(plan) ? `cp_vload(&${array}[${i}])` : `${array}[${i}]`);
  return `{ ${flag} = st_flag[${i}]; __threadfence(); ${value} = ${flag} == ${FLAG_PREFIX}u ? ${load('st_incl')} : ${load('st_agg')}; }`;
}

/**
 * The kernel's source around its body. `minBlocks`: resident blocks per SM the registers must
 * allow (the tiled kernels: their tiles wait on chip through the look-back, see ir/scan-geometry.ts tileItems).
 */
export function kernelSource(prelude: string, plan: ScanPlan, decl: string[], body: string[], minBlocks?: number): string {
  return `${prelude}
// ${plan.key}
extern "C" __global__ void __launch_bounds__(256${minBlocks ? `, ${minBlocks}` : ''}) ${plan.name}(
    ${decl.join(',\n    ')}) {
  typedef ${scanComputeType(plan)} T;
${body.map((l) => (l ? `  ${l}` : '')).join('\n')}
}
`;
}
