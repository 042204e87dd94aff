// CUDA C and JavaScript for a scan plan: one thread per line along the axis, in order.
import type { ScanPlan } from '../ir/scan-plan.js';
import { stepLines } from './cuda.js';
import { CUDA_PRELUDE } from './cuda-prelude.js';
import { computeType, loadValue, scalarLocal, scalarParam, storageType, storeValue, wrapValue } from './cuda-types.js';
import { jsWrap, loadExpr, stepLine, storeExpr } from './js.js';
import { JS_PRELUDE } from './js-prelude.js';

export const SCAN_BLOCK = 256;

export type ScanParam =
  | { kind: 'input'; index: number }
  | { kind: 'output' }
  | { kind: 'scalar'; index: number; code: 'i' | 'I' | 'l' | 'L' | 'f' | 'd' }
  | { kind: 'lines' }
  | { kind: 'length' }
  | { kind: 'lineDim'; index: number }
  | { kind: 'stride'; input: number; dim: number }
  | { kind: 'outStride'; dim: number };

const identity = (plan: ScanPlan) => (plan.op.name === 'sum' ? '0' : '1');

export function generateCudaScan(plan: ScanPlan): { name: string; source: string; params: ScanParam[]; block: number } {
  const idx = plan.indexBits === 64 ? 'long long' : 'int';
  const nd = plan.lineDims.length;
  const params: ScanParam[] = [];
  const decl: string[] = [];
  plan.inputs.forEach((input, k) => { params.push({ kind: 'input', index: k }); decl.push(`const ${storageType(input.dtype)}* __restrict__ in${k}`); });
  params.push({ kind: 'output' }); decl.push(`${storageType(plan.dtype)}* __restrict__ out`);
  plan.scalars.forEach((s, k) => { const p = scalarParam(s.dtype); params.push({ kind: 'scalar', index: k, code: p.code }); decl.push(`${p.cType} p${k}`); });
  params.push({ kind: 'lines' }); decl.push(`${idx} n_lines`);
  params.push({ kind: 'length' }); decl.push(`${idx} n_len`);
  plan.lineDims.forEach((_, j) => { params.push({ kind: 'lineDim', index: j }); decl.push(`${idx} ld${j}`); });
  plan.inputs.forEach((input, k) => input.strides.forEach((_, j) => { params.push({ kind: 'stride', input: k, dim: j }); decl.push(`${idx} st${k}_${j}`); }));
  plan.outputStrides.forEach((_, j) => { params.push({ kind: 'outStride', dim: j }); decl.push(`${idx} ost_${j}`); });
  const names = [...plan.inputs.map((_, k) => ({ base: `b${k}`, st: `st${k}` })), { base: 'bo', st: 'ost' }];
  const stride = (n: { st: string }, j: number) => (n.st === 'ost' ? `ost_${j}` : `${n.st}_${j}`);
  const body = [
    ...plan.scalars.map((s, k) => `  ${scalarLocal(s.dtype, k)}`),
    `  const ${idx} o = (${idx})blockIdx.x * ${SCAN_BLOCK} + threadIdx.x;`,
    '  if (o >= n_lines) return;',
    ...names.map((n) => `  ${idx} ${n.base} = 0;`),
    `  { ${idx} rem = o;`,
    ...Array.from({ length: nd }, (_, i) => nd - 1 - i).map((j) =>
      `    { const ${idx} c = rem % ld${j}; rem /= ld${j};${names.map((n) => ` ${n.base} += c * ${stride(n, j)};`).join('')} }`),
    '  }',
    `  ${computeType(plan.dtype)} acc = ${identity(plan)};`,
    `  for (${idx} r = 0; r < n_len; ++r) {`,
    ...stepLines(plan.steps, (k) => loadValue(plan.inputs[k].dtype, `in${k}[b${k} + r * ${stride(names[k], nd)}]`)).map((l) => `    ${l}`),
    `    acc = ${wrapValue(plan.dtype, plan.op.combine.cuda(['acc', `v${plan.value}`], plan.dtype))};`,
    `    out[bo + r * ost_${nd}] = ${storeValue(plan.dtype, 'acc')};`,
    '  }',
  ];
  const source = `${CUDA_PRELUDE}
// ${plan.key}
extern "C" __global__ void __launch_bounds__(${SCAN_BLOCK}) ${plan.name}(
    ${decl.join(',\n    ')}) {
${body.join('\n')}
}
`;
  return { name: plan.name, source, params, block: SCAN_BLOCK };
}

/** `kernel(ins, out, offsets, scalars, nLines, nLen, ld, strides, ostrides)`. */
export function generateJsScan(plan: ScanPlan): { name: string; source: string } {
  const nd = plan.lineDims.length;
  const big = plan.dtype.name === 'int64' || plan.dtype.name === 'uint64';
  const body = [
    ...plan.inputs.map((_, k) => `const in${k} = ins[${k}];`),
    ...plan.scalars.map((_, k) => `const s${k} = scalars[${k}];`),
    'for (let o = 0; o < nLines; o++) {',
    ...plan.inputs.map((_, k) => `  let b${k} = offsets[${k}];`),
    '  let bo = 0;',
    '  { let rem = o;',
    ...Array.from({ length: nd }, (_, i) => nd - 1 - i).map((j) =>
      `    { const c = rem % ld[${j}]; rem = (rem - c) / ld[${j}];${plan.inputs.map((_, k) => ` b${k} += c * strides[${k}][${j}];`).join('')} bo += c * ostrides[${j}]; }`),
    '  }',
    `  let acc = ${big ? `${identity(plan)}n` : plan.dtype.name === 'bool' ? (plan.op.name === 'sum' ? 'false' : 'true') : identity(plan)};`,
    '  for (let r = 0; r < nLen; r++) {',
    ...plan.steps.map((s) => `    ${stepLine(s, (k) => loadExpr(plan.inputs[k].dtype, `in${k}[b${k} + r * strides[${k}][${nd}]]`))}`),
    `    acc = ${jsWrap(plan.dtype, plan.op.combine.js(['acc', `v${plan.value}`], plan.dtype))};`,
    `    out[bo + r * ostrides[${nd}]] = ${storeExpr(plan.dtype, 'acc')};`,
    '  }',
    '}',
  ];
  const source = `(function () {
${JS_PRELUDE}
// ${plan.key}
return function ${plan.name}(ins, out, offsets, scalars, nLines, nLen, ld, strides, ostrides) {
  ${body.join('\n  ')}
};
})()`;
  return { name: plan.name, source };
}
