// Reduce plans run on the host under test/helpers/cuda-emulator.h, launched as
// src/api/cuda-runner.ts launches them: one kernel (row, column and cross plans), or pass 1 over
// segments of each row into partial buffers and pass 2 combining them (split plans), with the
// same grid sizes, segments, partial buffers and vector-path test. The kernels see the CUDA
// prelude's helpers compiled for the host (its float16 conversions through _Float16). Shared by
// test/ops/reduce-online-emulated.test.ts and test/ops/reduce-emulated-fuzz.test.ts.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CUDA_PRELUDE } from '../../src/codegen/cuda-prelude.js';
import { cLiteral } from '../../src/codegen/cuda-reduce.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { storageType } from '../../src/codegen/cuda-types.js';
import type { ReduceParam } from '../../src/codegen/reduce-common.js';
import { reduceGrid, splitSegments, type SplitSegments } from '../../src/ir/reduce-geometry.js';
import { crossGrid, type ReducePlan } from '../../src/ir/reduce-plan.js';
import { programHead } from './emulator.js';

/**
 * The prelude's part a reduce kernel may call (up to the index and atomic helpers, which need
 * device intrinsics), with its PTX float16 conversions replaced by host ones.
 */
function hostPrelude(): string {
  const end = CUDA_PRELUDE.indexOf('// n / d for 0 <= n');
  return CUDA_PRELUDE.slice(0, end)
    .replace(/CP_D float cp_h2f\(unsigned short h\) \{[^\n]*\n/, 'CP_D float cp_h2f(unsigned short h) { _Float16 x; std::memcpy(&x, &h, 2); return (float)x; }\n')
    .replace(/CP_D unsigned short cp_f2h\(float f\) \{[^\n]*\n/, 'CP_D unsigned short cp_f2h(float f) { _Float16 x = (_Float16)f; unsigned short h; std::memcpy(&h, &x, 2); return h; }\n')
    .replace(/CP_D unsigned short cp_d2h\(double d\) \{[^\n]*\n/, 'CP_D unsigned short cp_d2h(double d) { _Float16 x = (_Float16)d; unsigned short h; std::memcpy(&h, &x, 2); return h; }\n')
    .replace(/^#define CP_D .*$/m, '#define CP_D static inline')
    .replace(/template <typename T, int N> struct __align__\(sizeof\(T\) \* N\) cp_vec \{ T v\[N\]; \};\n/, ''); // the emulator's
}

/** What the emulator lacks for the reduce kernels: device spellings, bit casts, min and max, the grid, then the host prelude. */
export const REDUCE_EXTRAS = String.raw`
#include <cmath>
#include <algorithm>
#define __device__
#define __forceinline__ inline
#define __constant__ static
#define __align__(n) alignas(n)
using std::min; using std::max; using std::isfinite; using std::isnan; using std::isinf;
static Dim gridDim;
inline float __int_as_float(int u) { float f; std::memcpy(&f, &u, 4); return f; }
inline double __longlong_as_double(long long u) { double d; std::memcpy(&d, &u, 8); return d; }
inline long long __double_as_longlong(double d) { long long u; std::memcpy(&u, &d, 8); return u; }
inline int __float_as_int(float f) { int u; std::memcpy(&u, &f, 4); return u; }
${hostPrelude()}
`;

/**
 * A reduce plan's launch as cuda-runner.ts makes it for a device of `multiprocessors` SMs: the
 * segments of a split plan (one whole-row segment otherwise).
 */
export function reduceSegments(plan: ReducePlan, multiprocessors: number): SplitSegments {
  return plan.split && !plan.cross ? splitSegments(plan.geometry, plan.outSize, plan.walkSize, multiprocessors) : { segments: 1, segmentLength: plan.reduceSize };
}

/** cuda-runner.ts #reduceVectorOk, for inputs at page-aligned addresses (as device allocations are) plus their offsets. */
function vectorOk(plan: ReducePlan): boolean {
  const W = plan.vectorWidth;
  const nk = plan.keptDims.length;
  const rowStartsAligned = (strides: number[]) => strides.slice(0, nk).every((st) => st % W === 0);
  const inputsOk = plan.rowInputs.every((input, k) => !plan.unitRow[k] || (input.offset % W === 0 && rowStartsAligned(input.strides)));
  return inputsOk && (!plan.vectorItems || plan.rowOutputs.every((o) => rowStartsAligned(o.strides)));
}

function argument(plan: ReducePlan, p: ReduceParam, seg: SplitSegments): string {
  switch (p.kind) {
    case 'rowInput': return `(const ${storageType(plan.rowInputs[p.index].dtype)}*)in${p.index} + ${plan.rowInputs[p.index].offset}`;
    case 'outInput': return `(const ${storageType(plan.outInputs[p.index].dtype)}*)oin${p.index} + ${plan.outInputs[p.index].offset}`;
    case 'outOutput': return `out${p.index}`;
    case 'rowOutput': return `rout${p.index}`;
    case 'scalar': { const s = plan.scalars[p.index]; return cLiteral(s.dtype, s.value as number | bigint | boolean); }
    case 'outSize': return String(plan.outSize);
    case 'reduceSize': return String(plan.reduceSize);
    case 'keptDim': return String(plan.keptDims[p.index]);
    case 'reducedDim': return String(plan.reducedDims[p.index]);
    case 'rowStride': return String(plan.rowInputs[p.input].strides[p.dim]);
    case 'rowOutStride': return String(plan.rowOutputs[p.output].strides[p.dim]);
    case 'outStride': return String(plan.outInputs[p.input].strides[p.dim]);
    case 'partial': return `part${p.index}`;
    case 'partialIndex': return `parti${p.index}`;
    case 'segments': return String(seg.segments);
    case 'segmentLength': return String(seg.segmentLength);
    case 'vectorOk': return vectorOk(plan) ? '1' : '0';
  }
}

/**
 * The C++ program that runs `plan` on its inputs (the files argv[2], argv[3], ...: row inputs,
 * then out inputs) and writes every output (out outputs, then row outputs) to argv[1], one after
 * another. At most `maxBlocks` blocks run at once (0: all, as the other emulated tests run them).
 */
export function reduceProgram(plan: ReducePlan, seg: SplitSegments, maxBlocks = 0): string {
  const generated = generateCudaPlan(plan);
  if (generated.kind !== 'reduce') throw new Error('reduceProgram: not a reduce plan');
  const g = generated.gen;
  const args = (params: readonly ReduceParam[]) => params.map((p) => argument(plan, p, seg)).join(', ');
  const read = (prefix: string, n: number, first: number) => Array.from({ length: n }, (_, k) => `  char* ${prefix}${k} = aligned(argv[${first + k}]);`);
  const outputs = [
    ...plan.outOutputs.map((o, k) => ({ name: `out${k}`, dtype: o.dtype, count: plan.outSize })),
    ...plan.rowOutputs.map((o, k) => ({ name: `rout${k}`, dtype: o.dtype, count: plan.outSize * plan.reduceSize })),
  ];
  const allocs = outputs.map((o) => `  ${storageType(o.dtype)}* ${o.name} = shared_alloc<${storageType(o.dtype)}>(${o.count});`);
  // cuda-runner.ts: partials of at least 4 bytes an element (float16's are float), indices of 8
  const partialBytes = (r: ReducePlan['reductions'][number]) => Math.max(4, r.dtype.name === 'float16' ? 4 : r.dtype.itemsize);
  const partials = plan.split && !plan.cross ? plan.reductions.flatMap((r, k) => [
    `  AnyPtr part${k}{ shared_alloc<char>(${plan.outSize * seg.segments * partialBytes(r)}) };`,
    ...(r.op.kind === 'arg' ? [`  long long* parti${k} = shared_alloc<long long>(${plan.outSize * seg.segments});`] : []),
  ]) : [];
  const writes = outputs.map((o) => `  fwrite(${o.name}, ${o.dtype.itemsize}, ${o.count}, f);`);
  let launches: string;
  if (plan.cross) {
    launches = `  gridDim = { ${crossGrid(plan)}, 1, 1 };
  launch2(${crossGrid(plan)}, 1, ${g.block[0]}, ${g.block[1]}, [&] { ${g.name}(${args(g.params)}); });`;
  } else if (plan.split) {
    const blocks = Math.ceil(plan.outSize / plan.geometry.outputsPerBlock);
    launches = `  gridDim = { ${seg.segments}, ${blocks}, 1 };
  launch2(${seg.segments}, ${blocks}, ${g.partialBlock![0]}, ${g.partialBlock![1]}, [&] { ${g.partialName}(${args(g.partialParams!)}); });
  gridDim = { ${plan.outSize}, 1, 1 };
  launch2(${plan.outSize}, 1, ${g.block[0]}, ${g.block[1]}, [&] { ${g.name}(${args(g.params)}); });`;
  } else {
    const grid = reduceGrid(plan.geometry, plan.outSize);
    launches = `  gridDim = { ${grid}, 1, 1 };
  launch2(${grid}, 1, ${g.block[0]}, ${g.block[1]}, [&] { ${g.name}(${args(g.params)}); });`;
  }
  const source = generated.source.slice(CUDA_PRELUDE.length).replaceAll('extern "C"', '');
  return `${programHead(REDUCE_EXTRAS)}
// A file's bytes at a page-aligned address, as device allocations are.
static char* aligned(const char* f) { const std::vector<char> b = readAll(f); char* p = shared_alloc<char>(b.size() + 16); std::memcpy(p, b.data(), b.size()); return p; }
// A partial buffer, passed as whatever pointer its kernel parameter is (the compute type's).
struct AnyPtr { void* p; template <class T> operator T*() const { return (T*)p; } };
${source}
int main(int, char** argv) {
  g_max_blocks = ${maxBlocks};
${[...read('in', plan.rowInputs.length, 2), ...read('oin', plan.outInputs.length, 2 + plan.rowInputs.length)].join('\n')}
${allocs.join('\n')}
${partials.join('\n')}
${launches}
  FILE* f = fopen(argv[1], "wb");
${writes.join('\n')}
  fclose(f);
  return 0;
}
`;
}

/** Executables built, by the hash of their source: programs that differ only in their data compile once. */
const built = new Map<string, string>();

/**
 * Each output's bytes (out outputs, then row outputs) of `plan` run under the emulator, its
 * program compiled in `dir` (once per source), its inputs written there as `<name>.in<k>`.
 */
export function runReducePlan(dir: string, name: string, plan: ReducePlan, options: { multiprocessors: number; maxBlocks?: number }): Buffer[] {
  const seg = reduceSegments(plan, options.multiprocessors);
  const source = reduceProgram(plan, seg, options.maxBlocks ?? 0);
  const hash = createHash('sha1').update(source).digest('hex').slice(0, 16);
  let exe = built.get(hash);
  if (!exe || !existsSync(exe)) {
    exe = join(dir, `p${hash}`);
    writeFileSync(`${exe}.cpp`, source);
    const cc = spawnSync('g++', ['-std=c++20', '-O1', '-pthread', '-w', '-o', exe, `${exe}.cpp`], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`${name}: g++ failed on ${exe}.cpp\n${cc.stderr.slice(0, 4000)}`);
    built.set(hash, exe);
  }
  const files = [...plan.rowInputs, ...plan.outInputs].map((input, k) => {
    const file = join(dir, `${name}.in${k}`);
    writeFileSync(file, Buffer.from((input.node.realized!.storage as { view(): Uint8Array }).view()));
    return file;
  });
  const outFile = join(dir, `${name}.out`);
  const run = spawnSync(exe, [outFile, ...files], { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`${name}: the emulated program ${exe} exited with ${run.status ?? run.signal}\n${run.stderr.slice(0, 2000)}`);
  const bytes = readFileSync(outFile);
  const out: Buffer[] = [];
  let at = 0;
  for (const [dtype, count] of [
    ...plan.outOutputs.map((o) => [o.dtype, plan.outSize] as const),
    ...plan.rowOutputs.map((o) => [o.dtype, plan.outSize * plan.reduceSize] as const),
  ]) {
    out.push(bytes.subarray(at, at + count * dtype.itemsize));
    at += count * dtype.itemsize;
  }
  return out;
}
