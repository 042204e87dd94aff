// Compiles variants.cu with NVRTC as bench.py's CuPy does (--fmad=false -std=c++14, sm_90 unless
// argv[2]) and prints each kernel's registers, shared memory and spills (ptxas -v), no GPU needed.
// Usage, from the repository root with dist/ built:
//   CUPYTS_NVRTC_PATH=/opt/nvrtc/usr/lib/x86_64-linux-gnu node bench/studies/scan-1d/nvrtc-check.mjs [arch] [kernel regex]
import { readFileSync } from 'node:fs';
const { NvrtcCompiler } = await import(new URL('../../../dist/runtime/compiler.js', import.meta.url).href);
const source = readFileSync(new URL('./variants.cu', import.meta.url), 'utf8');
const compiler = new NvrtcCompiler({ disk: null });
const arch = process.argv[2] ?? 'sm_90';
const pick = new RegExp(process.argv[3] ?? '');
// The addon directly: NvrtcCompiler.compile refuses --fmad=false (not an option cupyts passes).
const options = [`--gpu-architecture=${arch}`, '--fmad=false', '-std=c++14', '--ptxas-options=-v'];
const result = compiler.addon.nvrtcCompile(source, 'variants.cu', options, 'cubin');
const log = result.log.replace(/\0/g, '');
console.log(`NVRTC ${compiler.nvrtc.version}, ${arch}: ${result.ok ? 'compiled' : 'FAILED'}`);
if (!result.ok) { console.log(log); process.exit(1); }
for (const m of log.matchAll(/Compiling entry function '(\w+)'[^]*?(\d+) bytes spill stores, (\d+) bytes spill loads[^]*?Used (\d+) registers(?:, (\d+) bytes smem)?/g)) {
  if (pick.test(m[1])) console.log(`${m[1].padEnd(24)} ${m[4].padStart(3)} registers  ${(m[5] ?? '0').padStart(6)} bytes static shared  spills ${m[2]}/${m[3]}`);
}
const warnings = log.split('\n').filter((l) => /warning/i.test(l));
if (warnings.length) console.log(warnings.join('\n'));
