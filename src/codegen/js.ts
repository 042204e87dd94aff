// JavaScript for a kernel plan (the CPU backend): the same steps as the CUDA kernel, one loop
// over the iteration space. Values live in JS's representation of each dtype: boolean, number,
// or bigint for 64-bit integers, { re, im } for complex (js-complex.ts; its two slots are loaded and
// stored apart); each op's result is wrapped or rounded to its dtype.
import { realPartDType, truthOf, type DType } from '../ir/dtype.js';
import { stepArgs, type IndexAccess, type KernelPlan, type PlanStep } from '../ir/kernel-plan.js';
import { JS_PRELUDE } from './js-prelude.js';
import { jsSearchLine } from './search-step.js';
import { chunkSlotLoop, chunkSlotViews, heapTwin, perPass, rowModulePlan, TRANSCENDENTAL, wasmCallLines, wasmElementwiseSetup, wasmLanes, wasmModuleLines } from './wasm-elementwise.js';
import { wasmGather } from './wasm-gather.js';

const isBig = (d: DType) => d.name === 'int64' || d.name === 'uint64';

/** An op result wrapped or rounded to dtype `d`. */
export function jsWrap(d: DType, x: string): string {
  switch (d.name) {
    case 'bool': return x;
    case 'int8': return `((${x}) << 24 >> 24)`;
    case 'int16': return `((${x}) << 16 >> 16)`;
    case 'int32': return `((${x}) | 0)`;
    case 'uint8': return `((${x}) & 255)`;
    case 'uint16': return `((${x}) & 65535)`;
    case 'uint32': return `((${x}) >>> 0)`;
    case 'int64': return `BigInt.asIntN(64, ${x})`;
    case 'uint64': return `BigInt.asUintN(64, ${x})`;
    case 'float16': return `$f16(${x})`;
    case 'float32': return `Math.fround(${x})`;
    case 'float64': return x;
    case 'complex64': return `$c64(${x})`;
    case 'complex128': return x;
  }
}

const isComplex = (d: DType) => d.kind === 'c';

/** A bigint (int64, uint64) as a number that float dtype `to` rounds exactly: rounded once to its precision. */
const bigToFloat = (x: string, to: DType) => (to.itemsize === 8 ? `Number(${x})` : `$bigToF(${x}, ${to.itemsize === 4 ? 24 : 11})`);

/** A complex value of dtype `to` from a value of dtype `from` (real: (x, 0)). */
function jsToComplex(from: DType, to: DType, x: string): string {
  if (isComplex(from)) return jsWrap(to, x);
  const re = from.name === 'bool' ? `(${x} ? 1 : 0)` : isBig(from) ? bigToFloat(x, realPartDType(to)) : x;
  return jsWrap(to, `$cx(${re}, 0)`);
}

/** A value of dtype `from` converted to dtype `to`. */
export function jsCast(from: DType, to: DType, x: string): string {
  if (isComplex(to)) return jsToComplex(from, to, x);
  if (isComplex(from)) return to.name === 'bool' ? `(${x}.re !== 0 || ${x}.im !== 0)` : jsCast(realPartDType(from), to, `${x}.re`);
  if (to.name === 'bool') return isBig(from) ? `(${x} !== 0n)` : from.name === 'bool' ? x : `(${x} !== 0)`;
  if (from.name === 'bool') return isBig(to) ? `(${x} ? 1n : 0n)` : `(${x} ? 1 : 0)`;
  if (isBig(to)) {
    if (isBig(from)) return jsWrap(to, x);
    if (from.kind === 'f') return jsWrap(to, `(Number.isFinite(${x}) ? BigInt(Math.trunc(${x})) : 0n)`);
    return `BigInt(${x})`;
  }
  if (isBig(from)) {
    if (to.kind === 'f') return jsWrap(to, bigToFloat(x, to));
    return `Number(BigInt.as${to.kind === 'u' ? 'Uint' : 'Int'}N(${to.itemsize * 8}, ${x}))`;
  }
  if (to.kind === 'f') return jsWrap(to, x);
  if (from.kind === 'f') return jsWrap(to, `Math.trunc(${x})`);
  return jsWrap(to, x);
}

export function loadExpr(d: DType, x: string): string {
  if (d.name === 'bool') return `(${x} !== 0)`;
  if (d.name === 'float16') return `$h2f(${x})`;
  return x;
}

export function storeExpr(d: DType, x: string): string {
  if (d.name === 'bool') return `(${x} ? 1 : 0)`;
  if (d.name === 'float16') return `$f2h(${x})`;
  return x;
}

/**
 * Element `index` of typed array `array` as a JS value of dtype d: a complex element is the pair of
 * slots 2·index and 2·index + 1.
 */
export function jsLoad(d: DType, array: string, index: string): string {
  if (isComplex(d)) return `$cx(${array}[2 * (${index})], ${array}[2 * (${index}) + 1])`;
  return loadExpr(d, `${array}[${index}]`);
}

/** The statement that stores JS value `value` of dtype d as element `index` of `array`. */
export function jsStore(d: DType, array: string, index: string, value: string): string {
  if (isComplex(d)) return `{ const z = ${value}, p = 2 * (${index}); ${array}[p] = z.re; ${array}[p + 1] = z.im; }`;
  return `${array}[${index}] = ${storeExpr(d, value)};`;
}

/** A scalar parameter's JS value for its dtype (complex: an object { re, im }). */
export function jsScalarValue(d: DType, value: number | bigint | boolean | { re: number; im: number }): number | bigint | boolean | { re: number; im: number } {
  if (isComplex(d)) return typeof value === 'object' ? value : { re: Number(value), im: 0 };
  if (typeof value === 'object') return jsScalarValue(d, value.re);
  if (d.name === 'bool') return truthOf(value);
  if (isBig(d)) return BigInt(value as number | bigint);
  return Number(value);
}

/** A random step's value at index `i`, with its Philox block cache `rc<id>` (see js-random.ts). */
function randomValue(s: Extract<PlanStep, { kind: 'random' }>): string {
  const [k0, k1, c0, c1, low] = s.scalars.map((k) => `s${k}`);
  const args = `i, ${k0}, ${k1}, ${c0}, ${c1}`;
  if (s.distribution !== 'integers') {
    const name = `$rand${s.distribution === 'uniform' ? 'Uniform' : 'Normal'}${s.dtype.name === 'float64' ? 'F64' : 'F32'}`;
    return `${name}(${args}, rc${s.id})`;
  }
  if (s.wide) return jsWrap(s.dtype, `${low} + $randOffsetWide(${args}, range${s.id}, rc${s.id})`);
  const off = `$randOffsetSmall(${args}, range${s.id}, rc${s.id})`;
  if (isBig(s.dtype)) return jsWrap(s.dtype, `${low} + BigInt(${off})`);
  return s.dtype.name === 'bool' ? `(${low} + ${off} !== 0)` : jsWrap(s.dtype, `${low} + ${off}`);
}

/** What a random step needs before the loop: its block cache, and the range of integer draws. */
export function randomSetup(s: Extract<PlanStep, { kind: 'random' }>): string[] {
  const lines = [`const rc${s.id} = $randCache();`];
  if (s.distribution === 'integers') {
    const [lo, hi] = s.scalars.slice(5).map((k) => `s${k}`);
    lines.push(s.wide ? `const range${s.id} = (BigInt(${hi}) << 32n) + BigInt(${lo}) + 1n;` : `const range${s.id} = ${lo} + 1;`);
  }
  return lines;
}

/** JS's zero of a dtype (a gather's value where its index is out of range). */
const jsZero = (d: DType) => (d.name === 'bool' ? 'false' : isBig(d) ? '0n' : isComplex(d) ? '$cx(0, 0)' : '0');

/** As indexTerms in cuda.ts: each index wrapped and checked ($index), the all-in-range test, the added offset. */
function indexTerms(prefix: string, a: IndexAccess, arg: (id: number) => string = (id) => `v${id}`): { checks: string; ok: string; offset: string } {
  const g = a.args.map((_, j) => `${prefix}_${j}`);
  const checks = a.args.map((id, j) => `const ${g[j]} = $index(${arg(id)}, ns${a.dims[j]}, s${a.sites[j]}, err, ${a.flag});`).join(' ');
  const ok = g.length ? `(${g.map((x) => `${x} >= 0`).join(' && ')})` : 'true';
  const offset = g.map((x, j) => ` + ${x} * ns${a.strides[j]}`).join('');
  return { checks, ok, offset };
}

/** Each scalar as a number too (`ns<k>`), once per call: index sizes and strides come as int64. */
export function numberScalars(count: number): string[] {
  return Array.from({ length: count }, (_, k) => `const ns${k} = typeof s${k} === 'bigint' ? Number(s${k}) : s${k};`);
}

/**
 * Casts of a 32-bit-or-narrower integer to int64 that only index gathers (or a scatter): the
 * index reads the narrow value as it is (the same number), and no bigint is made per element.
 * Returns the id of each such cast's argument by the cast's id.
 */
export function indexOnlyCasts(steps: readonly PlanStep[], others: readonly number[]): Map<number, number> {
  const narrowToBig = new Map<number, number>();
  for (const s of steps) {
    if (s.kind === 'cast' && isBig(s.dtype) && !isBig(s.from) && (s.from.kind === 'i' || s.from.kind === 'u')) narrowToBig.set(s.id, s.arg);
  }
  for (const s of steps) if (s.kind !== 'gather') for (const id of stepArgs(s)) narrowToBig.delete(id);
  for (const id of others) narrowToBig.delete(id);
  return narrowToBig;
}

/** Ops whose result from floats of a dtype is a float of that dtype already (no rounding to add). */
const EXACT_FLOAT_OPS = new Set(['negative', 'positive', 'absolute', 'maximum', 'minimum', 'fmax', 'fmin', 'floor', 'ceil', 'trunc', 'rint', 'copysign']);

function exactOnFloats(s: Extract<PlanStep, { kind: 'op' }>): boolean {
  return EXACT_FLOAT_OPS.has(s.op.name) && s.dtype.kind === 'f' && s.inputDtype.name === s.dtype.name && !s.op.user;
}

export function stepLine(s: PlanStep, load: (input: number) => string, narrow?: ReadonlyMap<number, number>): string {
  const v = (id: number) => `v${id}`;
  const indexArg = (id: number) => `v${narrow?.get(id) ?? id}`;
  switch (s.kind) {
    case 'load': return `const v${s.id} = ${load(s.input)};`;
    case 'scalar': return `const v${s.id} = s${s.scalar};`;
    case 'cast': return narrow?.has(s.id) ? '' : `const v${s.id} = ${jsCast(s.from, s.dtype, v(s.arg))};`;
    case 'op': {
      const x = s.op.js(s.args.map(v), s.inputDtype);
      return `const v${s.id} = ${exactOnFloats(s) ? x : jsWrap(s.dtype, x)};`;
    }
    case 'select': return `const v${s.id} = ${v(s.args[0])} ? ${v(s.args[1])} : ${v(s.args[2])};`;
    case 'reduced': return `const v${s.id} = red${s.reduction};`;
    case 'rindex': return `const v${s.id} = BigInt(r);`;
    case 'random': return `const v${s.id} = ${randomValue(s)};`;
    case 'gather': {
      const { checks, ok, offset } = indexTerms(`g${s.id}`, s, indexArg);
      return `${checks} const v${s.id} = ${ok} ? ${jsLoad(s.dtype, `in${s.input}`, `off${s.input}${offset}`)} : ${jsZero(s.dtype)};`;
    }
    case 'search': return jsSearchLine(s, (at) => jsLoad(s.keyDtype, `in${s.input}`, `off${s.input} + ${at} * ns${s.stride}`));
  }
}

/** The store of a scatter's value (sequential, so add.at's duplicates simply accumulate). */
function scatterStore(plan: KernelPlan, value: string, narrow: ReadonlyMap<number, number>): string {
  const sc = plan.store!.scatter!;
  const d = plan.outputs[0].dtype;
  const { checks, ok, offset } = indexTerms('w', sc, (id) => `v${narrow.get(id) ?? id}`);
  const at = `out0[offo${offset}]`;
  let write: string;
  if (!sc.accumulate) write = jsStore(d, 'out0', `offo${offset}`, value);
  else if (isComplex(d)) write = `{ const p = offo${offset}; ${jsStore(d, 'out0', 'p', `$cadd(${jsLoad(d, 'out0', 'p')}, ${value})`)} }`;
  else if (d.name === 'bool') write = `if (${value}) ${at} = 1;`;
  else write = `{ const p = offo${offset}; out0[p] = ${storeExpr(d, jsWrap(d, `${loadExpr(d, 'out0[p]')} + ${value}`))}; }`;
  return `${checks} if (${ok}) ${write}`;
}

/** Whether the loop walks rows of the last dim (strided inputs or store), or runs flat. */
export function walksRows(plan: KernelPlan): boolean {
  return (plan.inputs.some((i) => i.access === 'strided') || plan.store?.access === 'strided' || plan.frame !== undefined) && plan.dims.length > 0;
}

/** The shortest rows a walk hands to WebAssembly (a call per row costs more than shorter rows save). */
const ROW_WASM_MIN = 64;

/**
 * The shortest rows whose exp, sin or cos a walk computes in WebAssembly, through the module's
 * slots past its in-place part: exp(x - row vector) over 2^20 float32 against Math.exp in JS,
 * rows of 8 9.6 against 6.0 ms, 16 5.5 against 5.8, 32 3.3 against 5.7, 64 0.86 against 5.6.
 * One rule for every row of a call (the heap or not), so the bits depend on the shape only.
 */
const ROW_SLOT_MIN = 32;

/** Copies of the element body per pass of the flat loop (measured 6.1 -> 4.3 ms for `2*x + y` at 2^22). */
const UNROLL = 4;

/**
 * The loop over elements lo .. hi - 1 with no strided walk: `element` runs with `i` the element
 * index, UNROLL copies per pass and the rest one at a time; `fixed` are lines each copy needs first.
 */
function flatLoop(element: readonly string[], fixed: readonly string[]): string[] {
  const copy = (i: string, pad: string) => [`${pad}{ const i = ${i};`, ...[...fixed, ...element].map((l) => `${pad}  ${l}`), `${pad}}`];
  return [
    'let i0 = lo;',
    `for (; i0 + ${UNROLL} <= hi; i0 += ${UNROLL}) {`,
    ...Array.from({ length: UNROLL }, (_, k) => copy(k ? `i0 + ${k}` : 'i0', '  ')).flat(),
    '}',
    'for (; i0 < hi; i0++) {',
    ...copy('i0', '  '),
    '}',
  ];
}

/**
 * The source of a function expression `kernel(ins, outs, offsets, scalars, n, dims, strides, store, err, lo, hi)`:
 * ins/outs are typed arrays over the buffers, offsets the element offset of each input,
 * strides[k][j] the stride of strided input k along merged dimension j; for an assignment,
 * store = { offset, strides } places the output in existing data; err is the launch's Int32Array of
 * error flags, where each index access of a kernel that checks indices records its first failing site.
 * lo .. hi is the part of the n elements to compute (default all; a strided walk's bounds are whole
 * rows of the last dim), so that threads can each take a block.
 */
export function generateJs(plan: KernelPlan): { name: string; source: string } {
  // Flat float plans of the ops WebAssembly computes run there, in SIMD lanes (./wasm-elementwise.ts);
  // so do the rows of a walk whose strided inputs run contiguously along the last dim (a row
  // vector, a slice of wider rows), one module call per row (the rest of the row below).
  const walk = walksRows(plan);
  const lanes = walk ? undefined : wasmLanes(plan);
  // With exact ops only, the rest of each row (its last partial pass, a short row, arrays outside
  // the CPU heap) runs the JS loop, which gives the same bits. With exp, sin or cos (polynomials in
  // WebAssembly) the rest of a row of ROW_SLOT_MIN or more goes through the module's own memory
  // instead (chunkSlotLoop), so that every element of such a row is the module's: an exp(x - column
  // max) epilogue had run Math.exp per element.
  const exactOps = plan.steps.every((st) => st.kind !== 'random' && !(st.kind === 'op' && TRANSCENDENTAL.has(st.op.name)));
  const rowLanes = walk && !plan.store ? wasmLanes(plan, true) : undefined;
  const rowSlots = rowLanes !== undefined && !exactOps;
  // the module's plan for a row walk (rowModulePlan): a column vector is a scalar per row
  const rowPlan = rowLanes ? rowModulePlan(plan) : undefined;
  // A flat gather of a 1-D float source runs there too, copies included (./wasm-gather.ts).
  const gather = wasmGather(plan);
  const body: string[] = [];
  plan.inputs.forEach((_, k) => body.push(`const in${k} = ins[${k}], o${k} = offsets[${k}];`));
  plan.outputs.forEach((_, k) => body.push(`const out${k} = outs[${k}];`));
  plan.scalars.forEach((_, k) => body.push(`const s${k} = scalars[${k}];`));
  body.push(...numberScalars(plan.scalars.length));
  const strided = plan.inputs.map((i, k) => (i.access === 'strided' ? k : -1)).filter((k) => k >= 0);
  const stridedStore = plan.store?.access === 'strided';
  for (const k of strided) plan.dims.forEach((_, j) => body.push(`const st${k}_${j} = strides[${k}][${j}];`));
  body.push(`const oo = store ? store.offset : 0;`);
  if (stridedStore) plan.dims.forEach((_, j) => body.push(`const ost_${j} = store.strides[${j}];`));
  plan.dims.forEach((_, j) => body.push(`const dim${j} = dims[${j}];`));
  plan.inputs.forEach((input, k) => {
    if (input.access === 'scalar') body.push(`const b${k} = ${jsLoad(input.dtype, `in${k}`, `o${k}`)};`);
  });
  for (const s of plan.steps) if (s.kind === 'random') body.push(...randomSetup(s));
  if (gather) body.push(...gather.lines);
  const nd = plan.dims.length;
  // A framed plan's test of coordinate `c` along dim j against its box.
  const frame = plan.frame;
  const inBox = (c: string, j: number) => (frame ? `${c} >= ns${frame.starts[j]} && ${c} < ns${frame.starts[j]} + ns${frame.extents[j]}` : '');
  if (walk) {
    // Rows along the last (merged) dim: each row's start offsets from its index over the other
    // dims, then offsets that step by the last dim's stride (no division per element).
    const L = nd - 1;
    const names = [...strided.map((k) => ({ off: `off${k}`, start: `o${k}`, st: (j: number) => `st${k}_${j}` })),
      ...(stridedStore ? [{ off: 'offo', start: 'oo', st: (j: number) => `ost_${j}` }] : [])];
    // (a framed plan also finds whether the row is inside the box along the outer dims: r_in)
    body.push(`for (let row = lo; row < hi; row += dim${L}) {`);
    body.push(`  let rem = row / dim${L};`);
    for (const x of names) body.push(`  let r_${x.off} = ${x.start};`);
    if (frame) body.push('  let r_in = true;');
    for (let j = L - 1; j >= 0; j--) {
      body.push(`  { const c = rem % dim${j}; rem = (rem - c) / dim${j};${names.map((x) => ` r_${x.off} += c * ${x.st(j)};`).join('')}${frame ? ` r_in = r_in && ${inBox('c', j)};` : ''} }`);
    }
    if (rowPlan) {
      // a column vector's per-row scalar is its value at the row's offset
      const arrays = rowPlan.inputs.map((input, k) => (input.access === 'scalar' ? -1 : k)).filter((k) => k >= 0);
      const scalarValue = (k: number) => (plan.inputs[k].access === 'scalar' ? `in${k}[o${k}]` : `in${k}[r_off${k}]`);
      const tail = [...plan.scalars.map((_, k) => `s${k}`), ...rowPlan.inputs.flatMap((input, k) => (input.access === 'scalar' ? [scalarValue(k)] : []))].map((p) => `, ${p}`).join('');
      const pointer = (k: number) => `a${k} + ${plan.inputs[k].access === 'contiguous' ? `(o${k} + row)` : `r_off${k}`} * ${plan.inputs[k].dtype.itemsize}`;
      body.splice(body.indexOf(`for (let row = lo; row < hi; row += dim${L}) {`), 0,
        `const ${[...arrays.map((k) => `a${k} = $heapAddress(in${k})`), ...plan.outputs.map((_, k) => `ao${k} = $heapAddress(out${k})`)].join(', ')};`,
        `// rows of ${ROW_WASM_MIN} elements and more, with every array in the CPU heap: whole passes of the module per row`,
        `const rowMain = dim${L} >= ${ROW_WASM_MIN} && ${[...arrays.map((k) => `a${k} >= 0`), ...plan.outputs.map((_, k) => `ao${k} >= 0`)].join(' && ')} ? dim${L} - dim${L} % ${perPass(plan, rowLanes)} : 0;`,
        `const rowRun = rowMain > 0 ? $heapRun(${heapTwin('$wasm')}) : undefined;`);
      body.push(`  if (rowMain > 0) rowRun(rowMain${arrays.map((k) => `, ${pointer(k)}`).join('')}${plan.outputs.map((o, k) => `, ao${k} + (oo + row) * ${o.dtype.itemsize}`).join('')}${tail});`);
      if (rowSlots) {
        const start = (k: number) => (plan.inputs[k].access === 'contiguous' ? `o${k} + row` : `r_off${k}`);
        body.splice(body.indexOf(`for (let row = lo; row < hi; row += dim${L}) {`), 0,
          'const slotRun = $wasm.exports.run, slotMem = $wasm.exports.mem.buffer;', ...chunkSlotViews(rowPlan, 'slotMem'),
          `// rows of ${ROW_SLOT_MIN} and more: every element through the module (past rowMain: through its slots); shorter ones (a copy per row costs more) in JS`,
          `const rowWasm = dim${L} >= ${ROW_SLOT_MIN};`);
        body.push('  if (rowWasm) {', ...chunkSlotLoop(rowPlan, 'rowMain', `dim${L}`, start, 'oo + row', 'slotRun', tail).map((l) => `    ${l}`), '  } else');
      }
    }
    body.push(`  for (let i = row + ${rowLanes ? 'rowMain' : '0'}, j = ${rowLanes ? 'rowMain' : '0'}; j < dim${L}; i++, j++) {`);
    for (const x of names) body.push(`  const ${x.off} = r_${x.off} + j * ${x.st(L)};`);
  }
  const load = (k: number) => {
    const input = plan.inputs[k];
    if (input.access === 'scalar') return `b${k}`;
    return jsLoad(input.dtype, `in${k}`, input.access === 'contiguous' ? `o${k} + i` : `off${k}`);
  };
  const narrow = indexOnlyCasts(plan.steps, plan.outputs.map((o) => o.step));
  const element: string[] = [];
  for (const s of plan.steps) {
    const line = stepLine(s, load, narrow);
    if (line) element.push(line);
  }
  if (plan.store?.scatter) element.push(scatterStore(plan, `v${plan.outputs[0].step}`, narrow));
  else plan.outputs.forEach((o, k) => element.push(jsStore(o.dtype, `out${k}`, stridedStore ? 'offo' : 'oo + i', `v${o.step}`)));
  if (walk && frame) {
    // a framed plan: its steps inside the box, its fallback input copied elsewhere (both contiguous over the frame)
    const fb = frame.fallback;
    body.push(`  if (r_in && ${inBox('j', nd - 1)}) {`,
      ...element.map((l) => `    ${l}`), '  } else {', `    ${jsStore(plan.outputs[0].dtype, 'out0', 'oo + i', jsLoad(plan.inputs[fb].dtype, `in${fb}`, `o${fb} + i`))}`, '  }', '  }', '}');
  } else if (walk) body.push(...element.map((l) => `  ${l}`), '  }', '}');
  else body.push(...(lanes ? wasmCallLines(plan) : []), ...flatLoop(element, [...strided.map((k) => `const off${k} = o${k};`), ...(stridedStore ? ['const offo = oo;'] : [])]));
  const source = `(function () {
${JS_PRELUDE}
${lanes || rowLanes ? wasmElementwiseSetup(rowPlan ?? plan, (lanes ?? rowLanes)!).join('\n') + '\n' : ''}${gather ? wasmModuleLines('$wgather', gather.instanceBytes, gather.heapBytes).join('\n') : ''}
// ${plan.key}
return function ${plan.name}(ins, outs, offsets, scalars, n, dims, strides, store, err, lo = 0, hi = n) {
  ${body.join('\n  ')}
};
})()`;
  return { name: plan.name, source };
}

/**
 * The CPU source of a kernel over lines along one axis (scans, sorts): `body` runs once per call
 * with the line-kernel arguments, the JS prelude in scope.
 */
export function jsLineKernel(name: string, key: string, body: readonly string[], extraParams: readonly string[] = [], before: readonly string[] = []): string {
  return `(function () {
${JS_PRELUDE}
${before.map((l) => `${l}\n`).join('')}// ${key}
return function ${name}(${['ins', 'out', 'offsets', 'scalars', 'nLines', 'nLen', 'ld', 'strides', 'ostrides', ...extraParams].join(', ')}) {
  ${body.join('\n  ')}
};
})()`;
}
