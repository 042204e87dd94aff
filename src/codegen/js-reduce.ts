// JavaScript for a reduce plan (the CPU backend): for each row, each phase accumulates over the
// row in order, then the epilogue and the row outputs, the same steps as the CUDA kernel.
import type { DType } from '../ir/dtype.js';
import type { PlanReduction, ReducePlan } from '../ir/reduce-plan.js';
import { startValue } from '../ir/reductions.js';
import { jsLoad, jsScalarValue, jsStore, jsWrap, randomSetup, stepLine } from './js.js';
import { JS_PRELUDE } from './js-prelude.js';
import { closure, rowAccesses } from './reduce-common.js';

function jsLiteral(d: DType, v: number | bigint | boolean): string {
  const x = jsScalarValue(d, v);
  if (typeof x === 'object') return `$cx(${numberLiteral(x.re)}, ${numberLiteral(x.im)})`;
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'boolean') return String(x);
  return numberLiteral(x);
}

function numberLiteral(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return String(x);
}

function combine(r: PlanReduction, a: string, ai: string, b: string, bi: string): string {
  if (r.op.kind === 'fold') return `${a} = ${jsWrap(r.dtype, r.op.combine.js([a, b], r.dtype))};`;
  const better = r.op.combine.js([b, a], r.dtype);
  const bNan = `(${b} !== ${b})`;
  const aNan = `(${a} !== ${a})`;
  const tie = `(${b} === ${a} && ${bi} < ${ai})`;
  const take = r.op.nanWins
    ? `(${bNan} ? !(${aNan} && ${ai} < ${bi}) : (!${aNan} && (${better} || ${tie})))`
    : `(!${bNan} && (${better} || ${tie}))`;
  return `if (${take}) { ${a} = ${b}; ${ai} = ${bi}; }`;
}

/**
 * The source of `kernel(ins, oins, outs, routs, offsets, ooffsets, scalars, nOut, nRed, kd, rd,
 * strides, ostrides)`: strides[k] per row access (inputs, then row outputs) over all dimensions,
 * ostrides[k] per out input over the kept dimensions.
 */
export function generateJsReduce(plan: ReducePlan): { name: string; source: string } {
  const nk = plan.keptDims.length;
  const nr = plan.reducedDims.length;
  const accesses = rowAccesses(plan);
  const body: string[] = [];
  plan.rowInputs.forEach((_, k) => body.push(`const in${k} = ins[${k}];`));
  plan.outInputs.forEach((_, k) => body.push(`const oin${k} = oins[${k}];`));
  plan.outOutputs.forEach((_, k) => body.push(`const out${k} = outs[${k}];`));
  plan.rowOutputs.forEach((_, k) => body.push(`const rout${k} = routs[${k}];`));
  plan.scalars.forEach((_, k) => body.push(`const s${k} = scalars[${k}];`));
  accesses.forEach((a, k) => a.strides.forEach((_, j) => body.push(`const st_${a.name}_${j} = strides[${k}][${j}];`)));
  plan.outInputs.forEach((input, k) => input.strides.forEach((_, j) => body.push(`const ost${k}_${j} = ostrides[${k}][${j}];`)));
  plan.keptDims.forEach((_, j) => body.push(`const kd${j} = kd[${j}];`));
  plan.reducedDims.forEach((_, j) => body.push(`const rd${j} = rd[${j}];`));

  // Random draws reach a reduce plan only over trailing reduced axes: the C-order index is o * R + r.
  const randomSteps = plan.rowSteps.filter((s) => s.kind === 'random');
  for (const s of randomSteps) if (s.kind === 'random') body.push(...randomSetup(s));
  const linearIndex = randomSteps.length ? ['    const i = o * nRed + r;'] : [];
  const names = accesses.map((a) => a.name);
  const inputNames = plan.rowInputs.map((_, k) => `in${k}`);
  body.push('for (let o = 0; o < nOut; o++) {');
  names.forEach((n, k) => body.push(`  let base_${n} = ${k < plan.rowInputs.length ? `offsets[${k}]` : '0'};`));
  plan.outInputs.forEach((_, k) => body.push(`  let obase${k} = ooffsets[${k}];`));
  if (nk > 0) {
    body.push('  { let rem = o;');
    for (let j = nk - 1; j >= 0; j--) {
      const adds = [...names.map((n) => ` base_${n} += c * st_${n}_${j};`), ...plan.outInputs.map((_, k) => ` obase${k} += c * ost${k}_${j};`)].join('');
      body.push(`    { const c = rem % kd${j}; rem = (rem - c) / kd${j};${adds} }`);
    }
    body.push('  }');
  }
  const offsets = (list: string[], pad: string): string[] => {
    if (nr === 1) return list.map((n) => `${pad}const off_${n} = base_${n} + r * st_${n}_${nk};`);
    const lines = list.map((n) => `${pad}let off_${n} = base_${n};`);
    lines.push(`${pad}{ let rem = r;`);
    for (let j = nr - 1; j >= 0; j--) {
      lines.push(`${pad}  { const c = rem % rd${j}; rem = (rem - c) / rd${j};${list.map((n) => ` off_${n} += c * st_${n}_${nk + j};`).join('')} }`);
    }
    lines.push(`${pad}}`);
    return lines;
  };
  const rowLoad = (k: number) => jsLoad(plan.rowInputs[k].dtype, `in${k}`, `off_in${k}`);

  plan.reductions.forEach((r, p) => {
    body.push(`  let a${p} = ${jsLiteral(r.dtype, startValue(r.op, r.dtype))};`);
    if (r.op.kind === 'arg') body.push(`  let ai${p} = -1;`);
    body.push('  for (let r = 0; r < nRed; r++) {');
    body.push(...linearIndex, ...offsets(inputNames, '    '));
    for (const s of closure(plan.rowSteps, [r.value])) body.push(`    ${stepLine(s, rowLoad)}`);
    // Sequential order: the first winner is kept, so -1 ("none yet") only needs a first taker.
    body.push(`    ${r.op.kind === 'arg' ? `if (ai${p} < 0 && !${r.op.nanWins ? 'false' : `(v${r.value} !== v${r.value})`}) { a${p} = v${r.value}; ai${p} = r; } else ` : ''}${combine(r, `a${p}`, `ai${p}`, `v${r.value}`, 'r')}`);
    body.push('  }');
    body.push(r.op.kind === 'arg' ? `  const red${p} = BigInt(ai${p});` : `  const red${p} = a${p};`);
  });
  if (plan.outOutputs.length) {
    const oload = (k: number) => jsLoad(plan.outInputs[k].dtype, `oin${k}`, `obase${k}`);
    for (const s of plan.outSteps) body.push(`  ${stepLine(s, oload)}`);
    plan.outOutputs.forEach((o, k) => body.push(`  ${jsStore(o.dtype, `out${k}`, 'o', `v${o.step}`)}`));
  }
  if (plan.rowOutputs.length) {
    body.push('  for (let r = 0; r < nRed; r++) {');
    body.push(...linearIndex, ...offsets(names, '    '));
    for (const s of closure(plan.rowSteps, plan.rowOutputs.map((o) => o.step))) body.push(`    ${stepLine(s, rowLoad)}`);
    plan.rowOutputs.forEach((o, k) => body.push(`    ${jsStore(o.dtype, `rout${k}`, `off_rout${k}`, `v${o.step}`)}`));
    body.push('  }');
  }
  body.push('}');
  const source = `(function () {
${JS_PRELUDE}
// ${plan.key}
return function ${plan.name}(ins, oins, outs, routs, offsets, ooffsets, scalars, nOut, nRed, kd, rd, strides, ostrides) {
  ${body.join('\n  ')}
};
})()`;
  return { name: plan.name, source };
}
