// The sampler loops of cp.random's rejection and counting samplers, in CUDA C and in JS (the CPU
// backend), written side by side so that they compute the same thing step for step. Each output
// element has a stream of its own: Philox4x32-10 under the key of the element's 64-bit seed (a
// uint64 draw, so a pure function of the generator's key, the call's counter and the element's
// index), counter (block, 0, SAMPLER_TAG, 0) for block = 0, 1, 2, …. Each attempt of a rejection
// or inversion loop takes the next whole block (its four words: a 53-bit uniform from words x, y
// and another from z, w, or two 32-bit ones from z and w), so an attempt costs one Philox and the
// loop keeps no position in a block; hypergeometric's draws take two words each. A sampler loops
// at most a fixed number of attempts (an element whose every attempt failed, or whose parameter is
// invalid, is NaN). So the result does not depend on the launch geometry, and the generated
// kernel is one short loop instead of a graph of every attempt (random-sampler-ops.ts makes the
// ops that call these functions).
//
// Methods: gamma by Marsaglia and Tsang (ACM TOMS 26, 2000) with the k < 1 boost and their
// squeeze; Poisson by inversion from the mode below λ = 10 and PTRS (Hörmann 1993) above;
// binomial by inversion from the mode below n·p·(1-p) = BINOMIAL_MODAL_LIMIT and BTRS (Hörmann
// 1993) above; zipf by Devroye's rejection (NumPy's random_zipf); hypergeometric by sequential
// draws without replacement; negative_binomial as Poisson(gamma).
// Inversion from the mode: the mode m, its probability and P(X <= m) are the parameter's
// constants; a uniform u above P(X <= m) walks up from m, one at or below walks down, one step per
// count away from the mode (for Poisson(5) at most ~6 steps in a warp of 32, against ~12 from 0).
// The constants of each method come first (prep); for scalar parameters the host computes them
// (PREPARED_FIELDS), for array parameters each element does.
// Both languages round every operation to float64 (NVRTC runs with --fmad=false), so discrete
// results agree bit for bit, except where CUDA's and JS's log/exp/pow/cos differ in a last ulp at
// an acceptance bound (rare; see test/gpu/random-backends.test.ts).

/** Philox counter word c2 of every sampler block (tells these streams from the plain draws'). */
export const SAMPLER_TAG = 0x534d504c;
/** Attempts per element: all fail with probability below 1e-30 for every valid parameter. */
export const SAMPLER_ATTEMPTS = { gamma: 64, ptrs: 128, btrs: 128, inversion: 64, zipf: 4096 } as const;
/** Below this mean Poisson counts come from inversion from the mode, at or above from PTRS. */
export const INVERSION_LIMIT = 10;
/**
 * Below this variance n·p·(1-p) binomial counts come from inversion from the mode (about 2.6
 * standard deviations of steps for the slowest of a warp's 32 lanes, one division each), at or
 * above from BTRS (a Philox block, and for ~half the lanes two log-gammas and a log, per attempt).
 * A tunable: CUPYTS_RANDOM_BINOMIAL_MODAL overrides it (read once, at load; it changes the streams
 * of the binomials between the two limits, on both backends alike).
 */
export const BINOMIAL_MODAL_LIMIT = modalLimit(process.env.CUPYTS_RANDOM_BINOMIAL_MODAL);

function modalLimit(text: string | undefined): number {
  const v = Number(text);
  return text && Number.isInteger(v) && v >= 10 && v <= 200 ? v : 30;
}


const A = SAMPLER_ATTEMPTS;

// NumPy's random_loggam coefficients (Stirling's series).
const LOGGAM = [
  '8.333333333333333e-02', '-2.777777777777778e-03', '7.936507936507937e-04', '-5.952380952380952e-04', '8.417508417508418e-04',
  '-1.917526917526918e-03', '6.410256410256410e-03', '-2.955065359477124e-02', '1.796443723688307e-01', '-1.39243221690590e+00',
];

/**
 * The constants of gamma's, Poisson's and binomial's samplers (their prep functions' fields, in
 * order; flags as 0 or 1). Where the parameters are scalars the host computes them once, with the
 * JS prep functions below, and the kernel reads them as scalar parameters (cp_sample_<name>_c):
 * no per-thread prep, no registers held for it, and the same constants on both backends.
 */
export const PREPARED_FIELDS = {
  gamma: ['k', 'd', 'c', 'invk'],
  poisson: ['lam', 'm', 'pm', 'fm', 'bound', 'loglam', 'b', 'a', 'invalpha', 'vr', 'modal'],
  binomial: ['n', 'pp', 'q', 'm', 'pm', 'fm', 'b', 'a', 'c', 'vr', 'alpha', 'lpq', 'h', 'valid', 'flip', 'modal'],
} as const;
export type PreparedSampler = keyof typeof PREPARED_FIELDS;
const FLAGS: ReadonlySet<string> = new Set(['valid', 'flip', 'modal']);
const PREPARED = Object.keys(PREPARED_FIELDS) as PreparedSampler[];
const camel = (name: string) => name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());

/**
 * The prepared entry points of `name`: cp_sample_<name>_c(fields..., seed), and where the sampler
 * has two methods (a `modal` field) one for each, cp_sample_<name>_modal_c and
 * cp_sample_<name>_rejection_c, without the `modal` argument: the host knows the method of scalar
 * parameters, so the kernel holds that method's loop alone (Poisson's: 46 or 58 registers, not
 * 64 and a spill, for both).
 */
export function preparedEntries(name: PreparedSampler): Array<{ suffix: string; args: readonly string[]; fixed: string }> {
  const fields = PREPARED_FIELDS[name] as readonly string[];
  if (!fields.includes('modal')) return [{ suffix: '_c', args: fields, fixed: '' }];
  const args = fields.filter((f) => f !== 'modal');
  return [{ suffix: '_modal_c', args, fixed: 'true' }, { suffix: '_rejection_c', args, fixed: 'false' }];
}

function cudaPrepared(name: PreparedSampler): string {
  return preparedEntries(name).map(({ suffix, args, fixed }) => {
    const set = args.map((f) => `cs.${f} = ${FLAGS.has(f) ? `${f} != 0.0` : f};`).join(' ') + (fixed ? ` cs.modal = ${fixed};` : '');
    return `static __device__ __forceinline__ double cp_sample_${name}${suffix}(${args.map((f) => `double ${f}`).join(', ')}, unsigned long long seed) {\n` +
      `  cp_smp_${name}_c cs; ${set}\n  cp_smp s = cp_smp_start(seed); return cp_smp_${name}_run(s, cs);\n}`;
  }).join('\n');
}

/** The same in JS: $sample<Name><Suffix>(fields..., seed). */
function jsPrepared(name: PreparedSampler): string {
  return preparedEntries(name).map(({ suffix, args, fixed }) => {
    const set = args.map((f) => `cs.${f} = ${FLAGS.has(f) ? `${f} !== 0` : f};`).join(' ') + (fixed ? ` cs.modal = ${fixed};` : '');
    return `function $sample${camel(name + suffix)}(${args.join(', ')}, seed) {\n  const cs = $smp${camel(name)}C; ${set}\n  return $smp${camel(name)}Run($smpStart(seed), cs);\n}`;
  }).join('\n');
}

export const CUDA_SAMPLERS = String.raw`
#ifndef CP_SAMPLERS_DEFINED
#define CP_SAMPLERS_DEFINED
// cp.random's sampler loops (src/api/random-sampler-source.ts).
#define CP_SMP_NAN __longlong_as_double(0x7ff8000000000000LL)
struct cp_smp { unsigned int k0, k1, block, pos; cp_u4 w; };
static __device__ __forceinline__ cp_smp cp_smp_start(unsigned long long seed) {
  cp_smp s; s.k0 = (unsigned int)seed; s.k1 = (unsigned int)(seed >> 32); s.block = 0u; s.pos = 4u;
  s.w.x = s.w.y = s.w.z = s.w.w = 0u;
  return s;
}
// The stream's next block, all four words (a later cp_smp_u starts the block after it).
static __device__ __forceinline__ cp_u4 cp_smp_next(cp_smp& s) {
  const cp_u4 w = cp_philox((unsigned long long)s.block, ${SAMPLER_TAG}u, 0u, s.k0, s.k1);
  s.block += 1u; s.pos = 4u;
  return w;
}
// A float64 uniform in [0, 1) from two words (53 bits; one conversion of the 53-bit integer, the
// same value as JS's (h >>> 5) * 2^26 + (l >>> 6)); one in (0, 1) from one word (32 bits).
static __device__ __forceinline__ double cp_smp_u53(unsigned int h, unsigned int l) {
  return (double)(((unsigned long long)(h >> 5) << 26) | (unsigned long long)(l >> 6)) * 1.1102230246251565e-16;
}
static __device__ __forceinline__ double cp_smp_u32(unsigned int w) { return ((double)w + 0.5) * 2.3283064365386963e-10; }
// The next float64 uniform in [0, 1), two words at a time (hypergeometric's draws).
static __device__ __forceinline__ double cp_smp_u(cp_smp& s) {
  if (s.pos == 4u) { s.w = cp_philox((unsigned long long)s.block, ${SAMPLER_TAG}u, 0u, s.k0, s.k1); s.block += 1u; s.pos = 0u; }
  const unsigned int h = s.pos ? s.w.z : s.w.x, l = s.pos ? s.w.w : s.w.y;
  s.pos += 2u;
  return cp_smp_u53(h, l);
}
// log Γ(x) for x >= 7 by Stirling's series (NumPy's random_loggam without its recurrence; no loop;
// one division).
static __device__ __forceinline__ double cp_smp_loggam7(double x0) {
  const double r = 1.0 / x0, x2 = r * r;
  double gl0 = ${LOGGAM[9]};
${LOGGAM.slice(0, 9).map((c, k) => `  gl0 = gl0 * x2; gl0 = gl0 + ${LOGGAM[8 - k]};`).join('\n')}
  return gl0 * r + 0.9189385332046727 + (x0 - 0.5) * log(x0) - x0;
}
// log Γ(x) for x >= 1 (NumPy's random_loggam).
static __device__ double cp_smp_loggam(double x) {
  if (x == 1.0 || x == 2.0) return 0.0;
  const int n = x < 7.0 ? (int)(7.0 - x) : 0;
  double x0 = x + n;
  double gl = cp_smp_loggam7(x0);
  for (int k = 1; k <= n; ++k) { gl = gl - log(x0 - 1.0); x0 = x0 - 1.0; }
  return gl;
}
// Gamma(k, 1): Marsaglia-Tsang on k (or k + 1, times u^(1/k), for k < 1), with its squeeze
// u < 1 - 0.0331 x^4 (NumPy's too) before the logarithms. An attempt takes one block: the normal
// x by Box-Muller from a 53-bit uniform (words x, y) and a 32-bit angle (z), the acceptance
// uniform from w; the boost's uniform is the block after the accepted one (x, y). cospi (no
// Payne-Hanek slow path, nor its registers) against JS's cos(2 pi u): the same within an ulp or two.
struct cp_smp_gamma_c { double k, d, c, invk; };
static __device__ __forceinline__ cp_smp_gamma_c cp_smp_gamma_prep(double k) {
  cp_smp_gamma_c g; g.k = k;
  const double alpha = k < 1.0 ? k + 1.0 : k;
  g.d = alpha - 1.0 / 3.0; g.c = 1.0 / sqrt(9.0 * g.d); g.invk = 1.0 / k;
  return g;
}
static __device__ __forceinline__ double cp_smp_gamma_run(cp_smp& s, const cp_smp_gamma_c& gc) {
  if (!(gc.k >= 0.0)) return CP_SMP_NAN;
  if (gc.k == 0.0) return 0.0;
  const double d = gc.d, c = gc.c;
  double g = CP_SMP_NAN;
  for (int t = 0; t < ${A.gamma}; ++t) {
    const cp_u4 w = cp_smp_next(s);
    const double x = sqrt(-2.0 * log(1.0 - cp_smp_u53(w.x, w.y))) * cospi(2.0 * cp_smp_u32(w.z));
    const double u = cp_smp_u32(w.w);
    const double v0 = 1.0 + c * x, v = v0 * v0 * v0, x2 = x * x;
    if (v > 0.0 && (u < 1.0 - 0.0331 * x2 * x2 || log(u) < 0.5 * x2 + d - d * v + d * log(v))) { g = d * v; break; }
  }
  if (gc.k < 1.0) { const cp_u4 w = cp_smp_next(s); g = g * exp(log(1.0 - cp_smp_u53(w.x, w.y)) * gc.invk); }
  return g;
}
static __device__ __forceinline__ double cp_smp_gamma(cp_smp& s, double k) { return cp_smp_gamma_run(s, cp_smp_gamma_prep(k)); }
// Poisson(lam)'s constants: inversion's (the mode m = floor(lam), its probability pm and
// fm = P(X <= m), summed up from exp(-lam); used below ${INVERSION_LIMIT}) and PTRS's (at or above).
struct cp_smp_poisson_c { double lam, m, pm, fm, bound, loglam, b, a, invalpha, vr; bool modal; };
static __device__ __forceinline__ cp_smp_poisson_c cp_smp_poisson_prep(double lam) {
  cp_smp_poisson_c c; c.lam = lam;
  const double r = sqrt(lam < ${INVERSION_LIMIT}.0 ? lam + 1.0 : lam);
  c.bound = lam + 10.0 * r + 10.0;
  c.m = floor(lam); c.modal = lam < ${INVERSION_LIMIT}.0;
  double p = exp(-lam), f = p;
  const double kmax = c.modal ? c.m : 0.0;
  for (double k = 1.0; k <= kmax; k = k + 1.0) { p = p * lam / k; f = f + p; }
  c.pm = p; c.fm = f;
  c.loglam = log(lam); c.b = 0.931 + 2.53 * r; c.a = -0.059 + 0.02483 * c.b;
  c.invalpha = 1.1239 + 1.1328 / (c.b - 3.4); c.vr = 0.9277 - 3.6224 / (c.b - 2.0);
  return c;
}
// Poisson(lam) by inversion from the mode (lam < ${INVERSION_LIMIT}): k, p = P(X = k) and f = P(X <= k) walk
// up while u > f or down while u <= P(X <= k - 1), in one loop (a warp runs its longest walk once).
static __device__ __forceinline__ double cp_smp_poisson_modal(cp_smp& s, const cp_smp_poisson_c& pc) {
  const double lam = pc.lam, bound = pc.bound;
  for (int t = 0; t < ${A.inversion}; ++t) {
    const cp_u4 w = cp_smp_next(s);
    const double u = cp_smp_u53(w.x, w.y);
    double k = pc.m, p = pc.pm, f = pc.fm;
    const bool up = u > f;
    bool go = up || (k > 0.0 && u <= f - p);
    while (go) {
      const double kn = up ? k + 1.0 : k - 1.0;
      const double pn = p * (up ? lam : k) / (up ? kn : lam);
      f = up ? f + pn : f - p;
      p = pn; k = kn;
      go = up ? u > f && k <= bound : k > 0.0 && u <= f - p;
    }
    if (!up || u <= f) return k;
  }
  return CP_SMP_NAN;
}
// Poisson(lam) by PTRS (lam >= ${INVERSION_LIMIT}); its test log(v / (alpha (a / us^2 + b))) as one log and one division.
static __device__ __forceinline__ double cp_smp_poisson_ptrs(cp_smp& s, const cp_smp_poisson_c& pc) {
  const double lam = pc.lam, loglam = pc.loglam, b = pc.b, a = pc.a, invalpha = pc.invalpha, vr = pc.vr;
  for (int t = 0; t < ${A.ptrs}; ++t) {
    const cp_u4 w = cp_smp_next(s);
    const double u = cp_smp_u53(w.x, w.y) - 0.5, v = cp_smp_u53(w.z, w.w);
    const double us = 0.5 - fabs(u);
    const double k = floor((2.0 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    const double us2 = us * us;
    if (log(v * invalpha * us2 / (a + b * us2)) <= -lam + k * loglam - cp_smp_loggam(k + 1.0)) return k;
  }
  return CP_SMP_NAN;
}
static __device__ __forceinline__ double cp_smp_poisson_run(cp_smp& s, const cp_smp_poisson_c& pc) {
  if (!(pc.lam >= 0.0)) return CP_SMP_NAN;
  if (pc.lam == 0.0) return 0.0;
  return pc.modal ? cp_smp_poisson_modal(s, pc) : cp_smp_poisson_ptrs(s, pc);
}
static __device__ __forceinline__ double cp_smp_poisson(cp_smp& s, double lam) { return cp_smp_poisson_run(s, cp_smp_poisson_prep(lam)); }
// Binomial(n, p)'s constants, for pp = min(p, 1 - p) and q = 1 - pp: the mode m = floor((n + 1) pp)
// (both methods'), inversion's (its probability pm and fm = P(X <= m), summed up from q^n = exp(n log1p(-pp)); used
// below n pp q = ${BINOMIAL_MODAL_LIMIT}, where m < 2 ${BINOMIAL_MODAL_LIMIT} + 1) and BTRS's (at or above; its log-gamma arguments
// are >= 7 there, so the loop-free series gives them).
struct cp_smp_binomial_c { double n, pp, q, m, pm, fm, b, a, c, vr, alpha, lpq, h; bool valid, flip, modal; };
static __device__ __forceinline__ cp_smp_binomial_c cp_smp_binomial_prep(double n, double p) {
  cp_smp_binomial_c bc; bc.n = n;
  bc.valid = n >= 0.0 && p >= 0.0 && p <= 1.0 && floor(n) == n;
  bc.flip = p > 0.5;
  const double pp = bc.flip ? 1.0 - p : p, q = 1.0 - pp, np = n * pp, r = sqrt(np * q);
  bc.pp = pp; bc.q = q; bc.modal = np * q < ${BINOMIAL_MODAL_LIMIT}.0;
  bc.m = floor((n + 1.0) * pp);
  double px = exp(n * log1p(-pp)), f = px;
  const double kmax = bc.modal ? bc.m : 0.0;
  for (double k = 1.0; k <= kmax; k = k + 1.0) { px = px * ((n - k + 1.0) * pp) / (k * q); f = f + px; }
  bc.pm = px; bc.fm = f;
  bc.b = 1.15 + 2.53 * r; bc.a = -0.0873 + 0.0248 * bc.b + 0.01 * pp; bc.c = np + 0.5; bc.vr = 0.92 - 4.2 / bc.b;
  bc.alpha = (2.83 + 5.1 / bc.b) * r; bc.lpq = log(pp / q);
  bc.h = cp_smp_loggam7(fmax(bc.m + 1.0, 7.0)) + cp_smp_loggam7(fmax(n - bc.m + 1.0, 7.0));
  return bc;
}
// Binomial(n, p) for p <= 1/2 by inversion from the mode (n p q < ${BINOMIAL_MODAL_LIMIT}), as Poisson's.
static __device__ __forceinline__ double cp_smp_binomial_modal(cp_smp& s, const cp_smp_binomial_c& bc) {
  const double n = bc.n, pp = bc.pp, q = bc.q;
  for (int t = 0; t < ${A.inversion}; ++t) {
    const cp_u4 w = cp_smp_next(s);
    const double u = cp_smp_u53(w.x, w.y);
    double k = bc.m, p = bc.pm, f = bc.fm;
    const bool up = u > f;
    bool go = up ? k < n : k > 0.0 && u <= f - p;
    while (go) {
      const double kn = up ? k + 1.0 : k - 1.0;
      const double pn = p * (up ? (n - k) * pp : k * q) / (up ? kn * q : (n - k + 1.0) * pp);
      f = up ? f + pn : f - p;
      p = pn; k = kn;
      go = up ? u > f && k < n : k > 0.0 && u <= f - p;
    }
    if (!up || u <= f) return k;
  }
  return CP_SMP_NAN;
}
// Binomial(n, p) for p <= 1/2 by BTRS (n p q >= ${BINOMIAL_MODAL_LIMIT}).
static __device__ __forceinline__ double cp_smp_binomial_btrs(cp_smp& s, const cp_smp_binomial_c& bc) {
  const double n = bc.n, b = bc.b, a = bc.a, c = bc.c, vr = bc.vr, alpha = bc.alpha, lpq = bc.lpq, m = bc.m, h = bc.h;
  for (int t = 0; t < ${A.btrs}; ++t) {
    const cp_u4 w = cp_smp_next(s);
    const double u = cp_smp_u53(w.x, w.y) - 0.5, v = cp_smp_u53(w.z, w.w);
    const double us = 0.5 - fabs(u);
    const double k = floor((2.0 * a / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || k > n) continue;
    const double us2 = us * us;
    if (log(v * alpha * us2 / (a + b * us2)) <= h - cp_smp_loggam(k + 1.0) - cp_smp_loggam(n - k + 1.0) + (k - m) * lpq) return k;
  }
  return CP_SMP_NAN;
}
static __device__ __forceinline__ double cp_smp_binomial_run(cp_smp& s, const cp_smp_binomial_c& bc) {
  if (!bc.valid) return CP_SMP_NAN;
  const double n = bc.n;
  if (n == 0.0 || bc.pp == 0.0) return bc.flip ? n : 0.0;
  const double x = bc.modal ? cp_smp_binomial_modal(s, bc) : cp_smp_binomial_btrs(s, bc);
  return bc.flip ? n - x : x;
}
// Zipf(a), a > 1: Devroye's rejection (NumPy's random_zipf); an attempt takes one block.
static __device__ __forceinline__ double cp_smp_zipf(cp_smp& s, double a) {
  if (!(a > 1.0)) return CP_SMP_NAN;
  const double am1 = a - 1.0, b = pow(2.0, am1);
  for (int t = 0; t < ${A.zipf}; ++t) {
    const cp_u4 w = cp_smp_next(s);
    const double u = 1.0 - cp_smp_u53(w.x, w.y), v = cp_smp_u53(w.z, w.w);
    const double x = floor(pow(u, -1.0 / am1));
    if (!(x >= 1.0 && x < 9.223372036854775807e18)) continue;
    const double tt = pow(1.0 + 1.0 / x, am1);
    if (v * x * (tt - 1.0) / (b - 1.0) <= tt / b) return x;
  }
  return CP_SMP_NAN;
}
// Hypergeometric(good, bad, n): n draws without replacement (or the complement's, if fewer).
static __device__ __forceinline__ double cp_smp_hypergeometric(cp_smp& s, double good, double bad, double n) {
  const double total = good + bad;
  if (!(good >= 0.0 && bad >= 0.0 && n >= 0.0 && n <= total)) return CP_SMP_NAN;
  const bool complement = n > total - n;
  const double steps = complement ? total - n : n;
  double goodLeft = good, totalLeft = total, count = 0.0;
  for (double j = 0.0; j < steps; j = j + 1.0) {
    if (cp_smp_u(s) * totalLeft < goodLeft) { count = count + 1.0; goodLeft = goodLeft - 1.0; }
    totalLeft = totalLeft - 1.0;
  }
  return complement ? good - count : count;
}
// Negative binomial(n, p): Poisson(gamma(n) (1 - p) / p).
static __device__ __forceinline__ double cp_smp_negative_binomial(cp_smp& s, double n, double p) {
  if (!(n > 0.0 && p > 0.0 && p <= 1.0)) return CP_SMP_NAN;
  return cp_smp_poisson(s, cp_smp_gamma(s, n) * ((1.0 - p) / p));
}
// One element's sample: its stream started from its seed (the ops' entry points). Inlined: a
// sampler's kernel takes one vector of elements per thread (cuda.ts), so few copies. The _c forms
// take the constants computed on the host (scalar parameters).
static __device__ __forceinline__ double cp_sample_gamma(double k, unsigned long long seed) { cp_smp s = cp_smp_start(seed); return cp_smp_gamma(s, k); }
static __device__ __forceinline__ double cp_sample_poisson(double lam, unsigned long long seed) { cp_smp s = cp_smp_start(seed); return cp_smp_poisson(s, lam); }
static __device__ __forceinline__ double cp_sample_binomial(double n, double p, unsigned long long seed) { cp_smp s = cp_smp_start(seed); return cp_smp_binomial_run(s, cp_smp_binomial_prep(n, p)); }
static __device__ __forceinline__ double cp_sample_negative_binomial(double n, double p, unsigned long long seed) { cp_smp s = cp_smp_start(seed); return cp_smp_negative_binomial(s, n, p); }
static __device__ __forceinline__ double cp_sample_zipf(double a, unsigned long long seed) { cp_smp s = cp_smp_start(seed); return cp_smp_zipf(s, a); }
static __device__ __forceinline__ double cp_sample_hypergeometric(double good, double bad, double n, unsigned long long seed) { cp_smp s = cp_smp_start(seed); return cp_smp_hypergeometric(s, good, bad, n); }
${PREPARED.map((name) => cudaPrepared(name)).join('\n')}
#endif
`;

export const JS_SAMPLERS = String.raw`
// cp.random's sampler loops (src/api/random-sampler-source.ts).
const $smp = { k0: 0, k1: 0, block: 0, pos: 4, cache: $randCache() };
function $smpStart(seed) {
  const x = BigInt.asUintN(64, BigInt(seed));
  $smp.k0 = Number(x & 0xffffffffn); $smp.k1 = Number(x >> 32n); $smp.block = 0; $smp.pos = 4;
  return $smp;
}
function $smpNext(s) {
  s.cache.block = -1; $philoxBlock(s.cache, s.block, s.k0, s.k1, ${SAMPLER_TAG}, 0); s.block++; s.pos = 4;
  return s.cache.w;
}
function $smpU53(h, l) { return ((h >>> 5) * 67108864 + (l >>> 6)) * 1.1102230246251565e-16; }
function $smpU32(w) { return (w + 0.5) * 2.3283064365386963e-10; }
function $smpU(s) {
  if (s.pos === 4) { s.cache.block = -1; $philoxBlock(s.cache, s.block, s.k0, s.k1, ${SAMPLER_TAG}, 0); s.block++; s.pos = 0; }
  const w = s.cache.w, h = w[s.pos], l = w[s.pos + 1];
  s.pos += 2;
  return $smpU53(h, l);
}
function $smpLoggam7(x0) {
  const r = 1 / x0, x2 = r * r;
  let gl0 = ${LOGGAM[9]};
${LOGGAM.slice(0, 9).map((c, k) => `  gl0 = gl0 * x2; gl0 = gl0 + ${LOGGAM[8 - k]};`).join('\n')}
  return gl0 * r + 0.9189385332046727 + (x0 - 0.5) * Math.log(x0) - x0;
}
function $smpLoggam(x) {
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.trunc(7 - x) : 0;
  let x0 = x + n;
  let gl = $smpLoggam7(x0);
  for (let k = 1; k <= n; ++k) { gl = gl - Math.log(x0 - 1); x0 = x0 - 1; }
  return gl;
}
const $smpGammaC = { k: 0, d: 0, c: 0, invk: 0 };
function $smpGammaPrep(k) {
  const g = $smpGammaC;
  g.k = k;
  const alpha = k < 1 ? k + 1 : k;
  g.d = alpha - 1 / 3; g.c = 1 / Math.sqrt(9 * g.d); g.invk = 1 / k;
  return g;
}
function $smpGammaRun(s, gc) {
  if (!(gc.k >= 0)) return NaN;
  if (gc.k === 0) return 0;
  const d = gc.d, c = gc.c;
  let g = NaN;
  for (let t = 0; t < ${A.gamma}; ++t) {
    const w = $smpNext(s);
    const x = Math.sqrt(-2 * Math.log(1 - $smpU53(w[0], w[1]))) * Math.cos(6.283185307179586 * $smpU32(w[2]));
    const u = $smpU32(w[3]);
    const v0 = 1 + c * x, v = v0 * v0 * v0, x2 = x * x;
    if (v > 0 && (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d - d * v + d * Math.log(v))) { g = d * v; break; }
  }
  if (gc.k < 1) { const w = $smpNext(s); g = g * Math.exp(Math.log(1 - $smpU53(w[0], w[1])) * gc.invk); }
  return g;
}
function $smpGamma(s, k) { return $smpGammaRun(s, $smpGammaPrep(k)); }
const $smpPoissonC = { lam: 0, m: 0, pm: 0, fm: 0, bound: 0, loglam: 0, b: 0, a: 0, invalpha: 0, vr: 0, modal: false };
function $smpPoissonPrep(lam) {
  const c = $smpPoissonC;
  c.lam = lam;
  const r = Math.sqrt(lam < ${INVERSION_LIMIT} ? lam + 1 : lam);
  c.bound = lam + 10 * r + 10;
  c.m = Math.floor(lam); c.modal = lam < ${INVERSION_LIMIT};
  let p = Math.exp(-lam), f = p;
  const kmax = c.modal ? c.m : 0;
  for (let k = 1; k <= kmax; k = k + 1) { p = p * lam / k; f = f + p; }
  c.pm = p; c.fm = f;
  c.loglam = Math.log(lam); c.b = 0.931 + 2.53 * r; c.a = -0.059 + 0.02483 * c.b;
  c.invalpha = 1.1239 + 1.1328 / (c.b - 3.4); c.vr = 0.9277 - 3.6224 / (c.b - 2);
  return c;
}
function $smpPoissonModal(s, pc) {
  const lam = pc.lam, bound = pc.bound;
  for (let t = 0; t < ${A.inversion}; ++t) {
    const w = $smpNext(s);
    const u = $smpU53(w[0], w[1]);
    let k = pc.m, p = pc.pm, f = pc.fm;
    const up = u > f;
    let go = up || (k > 0 && u <= f - p);
    while (go) {
      const kn = up ? k + 1 : k - 1;
      const pn = p * (up ? lam : k) / (up ? kn : lam);
      f = up ? f + pn : f - p;
      p = pn; k = kn;
      go = up ? u > f && k <= bound : k > 0 && u <= f - p;
    }
    if (!up || u <= f) return k;
  }
  return NaN;
}
function $smpPoissonPtrs(s, pc) {
  const lam = pc.lam, loglam = pc.loglam, b = pc.b, a = pc.a, invalpha = pc.invalpha, vr = pc.vr;
  for (let t = 0; t < ${A.ptrs}; ++t) {
    const w = $smpNext(s);
    const u = $smpU53(w[0], w[1]) - 0.5, v = $smpU53(w[2], w[3]);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const us2 = us * us;
    if (Math.log(v * invalpha * us2 / (a + b * us2)) <= -lam + k * loglam - $smpLoggam(k + 1)) return k;
  }
  return NaN;
}
function $smpPoissonRun(s, pc) {
  if (!(pc.lam >= 0)) return NaN;
  if (pc.lam === 0) return 0;
  return pc.modal ? $smpPoissonModal(s, pc) : $smpPoissonPtrs(s, pc);
}
function $smpPoisson(s, lam) { return $smpPoissonRun(s, $smpPoissonPrep(lam)); }
const $smpBinomialC = { n: 0, pp: 0, q: 0, m: 0, pm: 0, fm: 0, b: 0, a: 0, c: 0, vr: 0, alpha: 0, lpq: 0, h: 0, valid: false, flip: false, modal: false };
function $smpBinomialPrep(n, p) {
  const bc = $smpBinomialC;
  bc.n = n;
  bc.valid = n >= 0 && p >= 0 && p <= 1 && Math.floor(n) === n;
  bc.flip = p > 0.5;
  const pp = bc.flip ? 1 - p : p, q = 1 - pp, np = n * pp, r = Math.sqrt(np * q);
  bc.pp = pp; bc.q = q; bc.modal = np * q < ${BINOMIAL_MODAL_LIMIT};
  bc.m = Math.floor((n + 1) * pp);
  let px = Math.exp(n * Math.log1p(-pp)), f = px;
  const kmax = bc.modal ? bc.m : 0;
  for (let k = 1; k <= kmax; k = k + 1) { px = px * ((n - k + 1) * pp) / (k * q); f = f + px; }
  bc.pm = px; bc.fm = f;
  bc.b = 1.15 + 2.53 * r; bc.a = -0.0873 + 0.0248 * bc.b + 0.01 * pp; bc.c = np + 0.5; bc.vr = 0.92 - 4.2 / bc.b;
  bc.alpha = (2.83 + 5.1 / bc.b) * r; bc.lpq = Math.log(pp / q);
  bc.h = $smpLoggam7(Math.max(bc.m + 1, 7)) + $smpLoggam7(Math.max(n - bc.m + 1, 7));
  return bc;
}
function $smpBinomialModal(s, bc) {
  const n = bc.n, pp = bc.pp, q = bc.q;
  for (let t = 0; t < ${A.inversion}; ++t) {
    const w = $smpNext(s);
    const u = $smpU53(w[0], w[1]);
    let k = bc.m, p = bc.pm, f = bc.fm;
    const up = u > f;
    let go = up ? k < n : k > 0 && u <= f - p;
    while (go) {
      const kn = up ? k + 1 : k - 1;
      const pn = p * (up ? (n - k) * pp : k * q) / (up ? kn * q : (n - k + 1) * pp);
      f = up ? f + pn : f - p;
      p = pn; k = kn;
      go = up ? u > f && k < n : k > 0 && u <= f - p;
    }
    if (!up || u <= f) return k;
  }
  return NaN;
}
function $smpBinomialBtrs(s, bc) {
  const n = bc.n, b = bc.b, a = bc.a, c = bc.c, vr = bc.vr, alpha = bc.alpha, lpq = bc.lpq, m = bc.m, h = bc.h;
  for (let t = 0; t < ${A.btrs}; ++t) {
    const w = $smpNext(s);
    const u = $smpU53(w[0], w[1]) - 0.5, v = $smpU53(w[2], w[3]);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor((2 * a / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > n) continue;
    const us2 = us * us;
    if (Math.log(v * alpha * us2 / (a + b * us2)) <= h - $smpLoggam(k + 1) - $smpLoggam(n - k + 1) + (k - m) * lpq) return k;
  }
  return NaN;
}
function $smpBinomialRun(s, bc) {
  if (!bc.valid) return NaN;
  const n = bc.n;
  if (n === 0 || bc.pp === 0) return bc.flip ? n : 0;
  const x = bc.modal ? $smpBinomialModal(s, bc) : $smpBinomialBtrs(s, bc);
  return bc.flip ? n - x : x;
}
function $smpBinomial(s, n, p) { return $smpBinomialRun(s, $smpBinomialPrep(n, p)); }
function $smpZipf(s, a) {
  if (!(a > 1)) return NaN;
  const am1 = a - 1, b = Math.pow(2, am1);
  for (let t = 0; t < ${A.zipf}; ++t) {
    const w = $smpNext(s);
    const u = 1 - $smpU53(w[0], w[1]), v = $smpU53(w[2], w[3]);
    const x = Math.floor(Math.pow(u, -1 / am1));
    if (!(x >= 1 && x < 9.223372036854775807e18)) continue;
    const tt = Math.pow(1 + 1 / x, am1);
    if (v * x * (tt - 1) / (b - 1) <= tt / b) return x;
  }
  return NaN;
}
function $smpHypergeometric(s, good, bad, n) {
  const total = good + bad;
  if (!(good >= 0 && bad >= 0 && n >= 0 && n <= total)) return NaN;
  const complement = n > total - n;
  const steps = complement ? total - n : n;
  let goodLeft = good, totalLeft = total, count = 0;
  for (let j = 0; j < steps; j = j + 1) {
    if ($smpU(s) * totalLeft < goodLeft) { count = count + 1; goodLeft = goodLeft - 1; }
    totalLeft = totalLeft - 1;
  }
  return complement ? good - count : count;
}
function $smpNegativeBinomial(s, n, p) {
  if (!(n > 0 && p > 0 && p <= 1)) return NaN;
  return $smpPoisson(s, $smpGamma(s, n) * ((1 - p) / p));
}
function $sampleGamma(k, seed) { return $smpGamma($smpStart(seed), k); }
function $samplePoisson(lam, seed) { return $smpPoisson($smpStart(seed), lam); }
function $sampleBinomial(n, p, seed) { return $smpBinomial($smpStart(seed), n, p); }
function $sampleNegativeBinomial(n, p, seed) { return $smpNegativeBinomial($smpStart(seed), n, p); }
function $sampleZipf(a, seed) { return $smpZipf($smpStart(seed), a); }
function $sampleHypergeometric(good, bad, n, seed) { return $smpHypergeometric($smpStart(seed), good, bad, n); }
${PREPARED.map((name) => jsPrepared(name)).join('\n')}
`;
