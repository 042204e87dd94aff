// JavaScript for a bincount plan (the CPU backend): each element's value computed from its
// producers and counted where it lies in [0, bins); the int64 counts written at the end.
import type { BincountPlan } from '../ir/bincount-plan.js';
import { jsLineKernel, jsLoad, stepLine } from './js.js';

/** `kernel(ins, out, offsets, scalars, bins, n, [], strides, [])` (the line kernel's parameters). */
export function generateJsBincount(plan: BincountPlan): { name: string; source: string } {
  const body = [
    ...plan.inputs.map((_, k) => `const in${k} = ins[${k}];`),
    ...plan.scalars.map((_, k) => `const s${k} = scalars[${k}];`),
    'const bins = nLines;',
    'const counts = new Float64Array(bins);',
    'for (let r = 0; r < nLen; r++) {',
    ...plan.steps.map((s) => `  ${stepLine(s, (k) => jsLoad(plan.inputs[k].dtype, `in${k}`, `offsets[${k}] + r * strides[${k}][0]`))}`),
    `  const bin = Number(v${plan.value});`,
    '  if (bin >= 0 && bin < bins) counts[bin] += 1;',
    '}',
    'for (let b = 0; b < bins; b++) out[b] = BigInt(counts[b]);',
  ];
  return { name: plan.name, source: jsLineKernel(plan.name, plan.key, body) };
}
