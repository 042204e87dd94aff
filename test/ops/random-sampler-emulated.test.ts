// The CUDA sampler loops (src/api/random-sampler-source.ts) compiled for the host with g++
// (-ffp-contract=off, as NVRTC's --fmad=false) against their JS twins: the same seeds and
// parameters give the same samples. Counts agree exactly except where glibc's and V8's log, exp,
// pow or cos differ in a last ulp at an acceptance bound (rare: at most 1 in 10^4); continuous
// samples agree within 1e-12. So the CPU path and the GPU run the same algorithm on the same
// streams. Skipped where g++ is missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CUDA_RANDOM_PRELUDE } from '../../src/codegen/cuda-random.js';
import { JS_RANDOM_PRELUDE } from '../../src/codegen/js-random.js';
import { CUDA_SAMPLERS, JS_SAMPLERS, preparedEntries, type PreparedSampler } from '../../src/api/random-sampler-source.js';

const HAS_GXX = spawnSync('g++', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'cupyts-sampler-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BASE_CASES: Array<[string, number[]]> = [
  ['gamma', [0.3]], ['gamma', [1]], ['gamma', [7.5]],
  ['poisson', [0.5]], ['poisson', [5]], ['poisson', [9.9]], ['poisson', [10]], ['poisson', [1000]],
  ['binomial', [100, 0.3]], ['binomial', [20, 0.2]], ['binomial', [1000, 0.9]], ['binomial', [60, 0.7]], ['binomial', [5000, 0.004]],
  ['negative_binomial', [3, 0.4]], ['zipf', [1.5]], ['zipf', [3]], ['hypergeometric', [20, 30, 10]], ['hypergeometric', [200, 300, 400]],
];

const JS = new Function(`${JS_RANDOM_PRELUDE}\n${JS_SAMPLERS}\nreturn { $sampleGamma, $samplePoisson, $sampleBinomial, $sampleNegativeBinomial, $sampleZipf, $sampleHypergeometric, $sampleGammaC, $samplePoissonModalC, $samplePoissonRejectionC, $sampleBinomialModalC, $sampleBinomialRejectionC, prep: { gamma: $smpGammaPrep, poisson: $smpPoissonPrep, binomial: $smpBinomialPrep } };`)() as Record<string, (...a: unknown[]) => number> & { prep: Record<PreparedSampler, (...a: number[]) => Record<string, number | boolean>> };

/** The prepared call the host makes for scalar parameters (random-sampler-ops.ts): its entry point and the constants it takes. */
const prepared = (name: PreparedSampler, params: number[]): [string, number[]] => {
  const c = JS.prep[name](...params);
  const entries = preparedEntries(name);
  const entry = entries.length === 1 || c.modal ? entries[0] : entries[1];
  return [`${name}${entry.suffix}`, entry.args.map((f) => Number(c[f]))];
};
const CASES: Array<[string, number[]]> = [
  ...BASE_CASES,
  prepared('gamma', [0.5]), prepared('gamma', [5]), prepared('poisson', [5]), prepared('poisson', [1000]),
  prepared('binomial', [100, 0.3]), prepared('binomial', [1000, 0.3]), prepared('binomial', [40, 0.9]),
];
const PER_CASE = 4000;

function hostProgram(): string {
  const philox = CUDA_RANDOM_PRELUDE.slice(0, CUDA_RANDOM_PRELUDE.indexOf('// Element values'));
  const calls = CASES.map(([name, params], c) =>
    `for (unsigned long long k = 0; k < ${PER_CASE}; ++k) { double x = cp_sample_${name}(${params.map((p) => `${p}`).join(', ')}, seed(${c}, k)); std::printf("%a\\n", x); }`);
  return [
    '#include <cmath>', '#include <cstdio>', '#include <cstring>', 'using namespace std;',
    '#define CP_D static inline', '#define __device__', '#define __noinline__', '#define __forceinline__ inline',
    'static inline unsigned int __umulhi(unsigned int a, unsigned int b) { return (unsigned int)(((unsigned long long)a * b) >> 32); }',
    'static inline double __longlong_as_double(long long x) { double d; std::memcpy(&d, &x, 8); return d; }',
    'static inline double cospi(double x) { return cos(3.141592653589793 * x); }',
    philox, CUDA_SAMPLERS,
    'static unsigned long long seed(int c, unsigned long long k) { unsigned long long z = (unsigned long long)c * 0x9e3779b97f4a7c15ull + k * 0xbf58476d1ce4e5b9ull + 1; z ^= z >> 31; return z * 0x94d049bb133111ebull; }',
    'int main() {', ...calls, 'return 0; }',
  ].join('\n');
}

function jsSamples(): number[] {
  const fns = JS;
  const camel = (n: string) => `$sample${n.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
  const M = (1n << 64n) - 1n;
  const seed = (c: number, k: bigint) => {
    let z = (BigInt(c) * 0x9e3779b97f4a7c15n + k * 0xbf58476d1ce4e5b9n + 1n) & M;
    z ^= z >> 31n;
    return (z * 0x94d049bb133111ebn) & M;
  };
  const out: number[] = [];
  CASES.forEach(([name, params], c) => {
    for (let k = 0n; k < BigInt(PER_CASE); k++) out.push(fns[camel(name)](...params, seed(c, k)));
  });
  return out;
}

describe.skipIf(!HAS_GXX)('the CUDA sampler loops, compiled for the host, match the JS ones', () => {
  it('the same samples for the same seeds', () => {
    const src = join(dir, 'samplers.cpp');
    writeFileSync(src, hostProgram());
    const exe = join(dir, 'samplers');
    const cc = spawnSync('g++', ['-std=c++17', '-O2', '-ffp-contract=off', '-o', exe, src], { encoding: 'utf8' });
    expect(cc.stderr).toBe('');
    const run = spawnSync(exe, { encoding: 'utf8', maxBuffer: 1 << 26 });
    const host = run.stdout.trim().split('\n').map((l) => (l.includes('nan') ? NaN : Number.parseFloat(hexToNumber(l))));
    const js = jsSamples();
    expect(host.length).toBe(js.length);
    CASES.forEach(([name, params], c) => {
      const discrete = !name.startsWith('gamma');
      let differing = 0;
      for (let k = 0; k < PER_CASE; k++) {
        const a = host[c * PER_CASE + k], b = js[c * PER_CASE + k];
        expect(Number.isNaN(b), `${name}(${params}) element ${k} is NaN`).toBe(false);
        const same = discrete ? a === b : Math.abs(a - b) <= 1e-12 * (1 + Math.abs(b));
        if (!same) differing++;
      }
      expect(differing, `${name}(${params}): ${differing} of ${PER_CASE} differ`).toBeLessThanOrEqual(PER_CASE * 1e-4);
    });
  }, 120_000);
});

/** printf's %a (e.g. 0x1.8p+1) as a decimal string JS parses exactly. */
function hexToNumber(text: string): string {
  const m = /^(-?)0x([01])\.?([0-9a-f]*)p([+-]\d+)$/.exec(text.trim());
  if (!m) throw new Error(`unparsed ${text}`);
  const mant = BigInt(`0x${m[2]}${m[3] || ''}`);
  const exp = Number(m[4]) - 4 * (m[3] || '').length;
  const v = Number(mant) * 2 ** exp;
  return String(m[1] === '-' ? -v : v);
}
