// JavaScript for a sort plan (the CPU backend): each line's values computed into a typed array, its
// positions sorted by (value, position) with NumPy's order (NaN last and equal to each other,
// -0 equal to +0), which is the CUDA kernels' order: the results are the same bit for bit
// (./js-sort-order.ts: a radix sort for lines of 256 keys or more).
// A partition (kth >= 0) then takes the keys below the kth key, those equal, and the greater
// ones, each in line order: the CUDA radix select's order (./select-cuda.ts). A window (a few
// positions at one end) keeps the line's smallest or largest positions while it reads the line,
// without sorting it, as the CUDA kernels do (./topk-cuda.ts).
import type { SortPlan } from '../ir/sort-plan.js';
import { JS_SORT_ORDER } from './js-sort-order.js';
import { jsLineKernel, jsLoad, numberScalars, stepLine, storeExpr } from './js.js';

/** `kernel(ins, out, offsets, scalars, nLines, nLen, ld, strides, ostrides, kth)` (kth -1: a sort). */
export function generateJsSort(plan: SortPlan): { name: string; source: string } {
  const nd = plan.lineDims.length;
  const asKey = plan.keyDtype.name === 'bool' ? (v: string) => `(${v} ? 1 : 0)` : (v: string) => v;
  // A line's keys are its values (bool's as 0 or 1), in a typed array of the dtype (./js-sort-order.ts).
  const emit = (source: string) => (plan.output === 'indices' ? `BigInt(${source})` : storeExpr(plan.keyDtype, `keys[${source}]`));
  const keyKind = plan.keyDtype.name === 'int64' ? 'i8' : plan.keyDtype.name === 'uint64' ? 'u8' : plan.keyDtype.name === 'bool' ? 'b' : 'f';
  // `first`: the position of the line the first one written goes to (an end window's are the last).
  const write = (source: string, count: string, first = '0') => [
    `  for (let r = 0; r < ${count}; r++) {`,
    `    out[bo + (${first} + r) * ostrides[${nd}]] = ${emit(source)};`,
    '  }',
  ];
  const whole = [
    '  const order = $sortOrder(keys, nLen, before, scratch);',
    '  if (kth >= 0 && nLen > 0) {',
    '    const kk = keys[order[kth]];',
    '    let p = 0;',
    '    for (let group = -1; group <= 1; group++) for (let r = 0; r < nLen; r++) if (compareKeys(keys[r], kk) === group) order[p++] = r;',
    '  }',
    ...write('order[r]', 'nLen'),
  ];
  const body = [
    ...plan.inputs.map((_, k) => `const in${k} = ins[${k}];`),
    ...plan.scalars.map((_, k) => `const s${k} = scalars[${k}];`),
    ...numberScalars(plan.scalars.length),
    `const keys = $sortKeys('${keyKind}', nLen);`,
    ...(plan.window ? [] : ['const scratch = $sortScratch(nLen);']),
    'const compareKeys = (x, y) => {',
    '  if (x < y) return -1;',
    '  if (x > y) return 1;',
    '  const xNaN = x !== x, yNaN = y !== y;',
    '  if (xNaN !== yNaN) return xNaN ? 1 : -1;',
    '  return 0;',
    '};',
    'const before = (a, b) => compareKeys(keys[a], keys[b]) || a - b;',
    'for (let o = 0; o < nLines; o++) {',
    ...plan.inputs.map((_, k) => `  let b${k} = offsets[${k}];`),
    '  let bo = 0;',
    '  { let rem = o;',
    ...Array.from({ length: nd }, (_, i) => nd - 1 - i).map((j) =>
      `    { const c = rem % ld[${j}]; rem = (rem - c) / ld[${j}];${plan.inputs.map((_, k) => ` b${k} += c * strides[${k}][${j}];`).join('')} bo += c * ostrides[${j}]; }`),
    '  }',
    '  for (let r = 0; r < nLen; r++) {',
    ...plan.steps.map((s) => `    ${stepLine(s, (k) => jsLoad(plan.inputs[k].dtype, `in${k}`, `b${k} + r * strides[${k}][${nd}]`))}`),
    `    keys[r] = ${asKey(`v${plan.value}`)};`,
    '  }',
    ...(plan.window ? windowLines(plan.window, write) : whole),
    '}',
  ];
  return { name: plan.name, source: jsLineKernel(plan.name, plan.key, body, ['kth'], [JS_SORT_ORDER]) };
}

/**
 * A window (src/ir/sort-window.ts): the `count` smallest positions by `before` (from the start) or
 * largest (to the end), kept sorted while the line is read, then ordered as the whole line's
 * result orders them: a sort's ascending; a partition's (its kth the window's last from the
 * start, its first to the end) keys below the kth key then equal ones, or equal then greater,
 * each group in line order.
 */
function windowLines(window: { from: 'start' | 'end'; count: number }, write: (source: string, count: string, first?: string) => string[]): string[] {
  const c = window.count;
  const end = window.from === 'end';
  return [
    `  const best = [];`,
    `  const rank = ${end ? '(a, b) => before(b, a)' : 'before'};`,
    '  for (let r = 0; r < nLen; r++) {',
    `    if (best.length === ${c} && rank(r, best[${c - 1}]) >= 0) continue;`,
    `    let i = best.length === ${c} ? ${c - 1} : best.length;`,
    '    while (i > 0 && rank(r, best[i - 1]) < 0) { best[i] = best[i - 1]; i--; }',
    '    best[i] = r;',
    '  }',
    '  let win = best;',
    ...(end ? ['  if (kth < 0) win = best.slice().reverse();'] : []),
    '  if (kth >= 0) {',
    `    const kk = keys[best[${c - 1}]];`,
    `    const group = (r) => (compareKeys(keys[r], kk) === 0) === ${end} ? 0 : 1;`,
    '    win = best.slice().sort((a, b) => group(a) - group(b) || a - b);',
    '  }',
    ...write('win[r]', String(c), end ? `nLen - ${c}` : '0'),
  ];
}
