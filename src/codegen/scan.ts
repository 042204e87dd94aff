// CUDA C and JavaScript for a scan plan. The JavaScript (the CPU backend, the oracle) scans each
// line in order; on CUDA the plan's geometry picks a kernel (./cuda-scan.ts, or one thread per line here).
import { SCAN_BLOCK, WALK_ITEMS } from '../ir/scan-geometry.js';
import type { ScanPlan } from '../ir/scan-plan.js';
import { generateColumnsScan, generateRowsScan, generateWarpScan, type GeneratedScan } from './cuda-scan.js';
import { combine, identity, identityIsNegativeZero, indexType, kernelSource, seedsFirst, lineBases, loadAt, scalarLocals, scanParams, storeAt, type ScanParam } from './cuda-scan-parts.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { loadValue, storeValue, wrapValue } from './cuda-types.js';
import { jsLineKernel, jsLoad, jsStore, jsWrap, numberScalars, stepLine } from './js.js';
import { heapTwin, wasmModuleLines } from './wasm-elementwise.js';
import { heapRunLocal, scanLoads, wasmScanModule } from './wasm-reduce.js';

export { SCAN_BLOCK };
export type { ScanParam };

/** Lines from this length are scanned in WebAssembly where they can be (wasm-reduce.ts, wasmScanModule). */
const WASM_SCAN_MIN = 16;

/** The scan's identity as a JavaScript number literal: -0 for a float sum (cuda-scan-parts.ts identity). */
const jsIdentity = (plan: ScanPlan) => (plan.op.name !== 'sum' ? '1' : identityIsNegativeZero(plan) ? '-0' : '0');
/** The JS combine of the running value and the next: a complex product starts from the line's first element (seedsFirst). */
const jsCombine = (plan: ScanPlan, a: string, b: string) =>
  (seedsFirst(plan) ? `(r === 0 ? ${b} : ${plan.op.combine.js([a, b], plan.dtype)})` : plan.op.combine.js([a, b], plan.dtype));

/** The CUDA kernel of a scan plan, of the geometry the plan chose (ir/scan-geometry.ts). */
export function generateCudaScan(plan: ScanPlan): GeneratedScan {
  const g = plan.geometry;
  switch (g.kind) {
    case 'rows': return generateRowsScan(plan, g.items, g.group, g.shared);
    case 'columns': return generateColumnsScan(plan, g.lanes, g.segments, g.items, g.group);
    case 'warp': return generateWarpScan(plan, g.group, g.items);
    case 'thread': return generateThreadScan(plan);
  }
}

/**
 * One thread per line, scanning it in order (the CPU backend's order): short lines, and scans down
 * an outer axis with lines enough to fill the device (adjacent threads read adjacent lines, so each
 * load of a warp is coalesced). WALK_ITEMS positions are loaded before they are combined, so a
 * thread keeps that many loads in flight.
 */
function generateThreadScan(plan: ScanPlan): GeneratedScan {
  const idx = indexType(plan);
  const { params, decl } = scanParams(plan, false);
  const C = (a: string, b: string) => combine(plan, a, b);
  // (a complex product starts from the line's first element: cuda-scan-parts.ts identity)
  const first = (pos: string, v: string, combined: string) => (seedsFirst(plan) ? `(${pos} == 0 ? ${v} : ${combined})` : combined);
  const n = WALK_ITEMS;
  const body = [
    ...scalarLocals(plan),
    `const ${idx} o = (${idx})blockIdx.x * ${SCAN_BLOCK} + threadIdx.x;`,
    'if (o >= n_lines) return;',
    ...lineBases(plan, 'o', 'true'),
    `T acc = ${identity(plan)};`,
    `${idx} r0 = 0;`,
    `for (; r0 + ${n} <= n_len; r0 += ${n}) {`,
    `  T x[${n}];`,
    '  #pragma unroll',
    `  for (int r = 0; r < ${n}; ++r) {`,
    `    const ${idx} pos = r0 + r;`,
    ...loadAt(plan, 'pos', 'x[r]').map((l) => `    ${l}`),
    '  }',
    '  #pragma unroll',
    `  for (int r = 0; r < ${n}; ++r) { const ${idx} pos = r0 + r; acc = ${first('pos', 'x[r]', C('acc', 'x[r]'))}; ${storeAt(plan, 'pos', 'acc')} }`,
    '}',
    'for (; r0 < n_len; ++r0) {',
    `  T v = ${identity(plan)};`,
    ...loadAt(plan, 'r0', 'v').map((l) => `  ${l}`),
    `  acc = ${first('r0', 'v', C('acc', 'v'))};`,
    `  ${storeAt(plan, 'r0', 'acc')}`,
    '}',
  ];
  return { name: plan.name, source: kernelSource(CUDA_PRELUDE, plan, decl, body), params, block: SCAN_BLOCK };
}

/** `kernel(ins, out, offsets, scalars, nLines, nLen, ld, strides, ostrides)`. */
export function generateJsScan(plan: ScanPlan): { name: string; source: string } {
  const nd = plan.lineDims.length;
  const big = plan.dtype.name === 'int64' || plan.dtype.name === 'uint64';
  // A float32 line in the CPU heap, contiguous along the axis, is scanned by WebAssembly in whole
  // quads (wasm-reduce.ts, wasmScanModule); the loop below scans the rest from its running value.
  const wasm = wasmScanModule(plan);
  const loads = scanLoads(plan);
  const inWasm = [...loads.map((k) => `ha_in${k} >= 0 && st${k}_${nd} === 1`), 'ha_out >= 0', `ost_${nd} === 1`, `nLen >= ${WASM_SCAN_MIN}`].join(' && ');
  const wasmLines = wasm ? [
    `  if (${inWasm}) {`,
    `    acc = ${heapRunLocal('$wscan')}(${['nLen - nLen % 4', 'ha_out + bo * 4', ...loads.map((k) => `ha_in${k} + b${k} * 4`), ...plan.scalars.map((_, k) => `ns${k}`)].join(', ')});`,
    '    r0 = nLen - nLen % 4;',
    '  }',
  ] : [];
  const body = [
    ...(wasm ? [...loads.map((k) => `const ha_in${k} = $heapAddress(ins[${k}]);`), 'const ha_out = $heapAddress(out);', `const ${heapRunLocal('$wscan')} = $heapRunNow(${heapTwin('$wscan')});`] : []),
    ...plan.inputs.map((_, k) => `const in${k} = ins[${k}];`),
    ...plan.scalars.map((_, k) => `const s${k} = scalars[${k}];`),
    ...numberScalars(plan.scalars.length),
    // The strides as locals, so that the line loop reads no arrays but the data.
    ...plan.inputs.flatMap((_, k) => Array.from({ length: nd + 1 }, (_, j) => `const st${k}_${j} = strides[${k}][${j}];`)),
    ...Array.from({ length: nd + 1 }, (_, j) => `const ost_${j} = ostrides[${j}];`),
    'for (let o = 0; o < nLines; o++) {',
    ...plan.inputs.map((_, k) => `  let b${k} = offsets[${k}];`),
    '  let bo = 0;',
    '  { let rem = o;',
    ...Array.from({ length: nd }, (_, i) => nd - 1 - i).map((j) =>
      `    { const c = rem % ld[${j}]; rem = (rem - c) / ld[${j}];${plan.inputs.map((_, k) => ` b${k} += c * st${k}_${j};`).join('')} bo += c * ost_${j}; }`),
    '  }',
    `  let acc = ${big ? `${jsIdentity(plan)}n` : plan.dtype.name === 'bool' ? (plan.op.name === 'sum' ? 'false' : 'true') : plan.dtype.kind === 'c' ? `$cx(${jsIdentity(plan)}, ${identityIsNegativeZero(plan) ? '-0' : '0'})` : jsIdentity(plan)};`,
    '  let r0 = 0;',
    ...wasmLines,
    '  for (let r = r0; r < nLen; r++) {',
    // (complex values are pairs of slots: jsLoad and jsStore)
    ...plan.steps.map((s) => `    ${stepLine(s, (k) => jsLoad(plan.inputs[k].dtype, `in${k}`, `b${k} + r * st${k}_${nd}`))}`),
    `    acc = ${jsWrap(plan.dtype, jsCombine(plan, 'acc', `v${plan.value}`))};`,
    `    ${jsStore(plan.dtype, 'out', `bo + r * ost_${nd}`, 'acc')}`,
    '  }',
    '}',
  ];
  return { name: plan.name, source: jsLineKernel(plan.name, plan.key, body, [], wasm ? wasmModuleLines('$wscan', undefined, wasm) : []) };
}
