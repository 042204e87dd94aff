// The plan of one complex transform length and direction (mixed radix, or Bluestein for lengths
// with a prime factor above MAX_DIRECT_PRIME), cached by (n, direction) in a bounded LRU map.
// Every transform runs in float64 whatever the data's precision, so precision is no part of the
// key: a float32 line is widened on load and rounded once on store.
import { makeBluesteinPlan, runBluestein, type BluesteinPlan } from './bluestein.js';
import { makeMixedRadixPlan, runMixedRadix, type MixedRadixPlan } from './mixed-radix.js';

export type FftSign = 1 | -1;

/** A complex transform of one length and direction, with the scratch it needs. */
export interface ComplexPlan {
  n: number;
  sign: FftSign;
  kind: 'mixed-radix' | 'bluestein';
  mixed?: MixedRadixPlan;
  bluestein?: BluesteinPlan;
}

/** The cache holds at most this many plans, and plans of at most this many float64 values in all. */
export const PLAN_CACHE_MAX_PLANS = 64;
export const PLAN_CACHE_MAX_FLOATS = 1 << 25;

const cache = new Map<string, { plan: ComplexPlan; floats: number }>();
let cachedFloats = 0;
const stats = { hits: 0, misses: 0 };

function planFloats(plan: ComplexPlan): number {
  const passes = (p: MixedRadixPlan | undefined): number =>
    (p?.passes ?? []).reduce((sum, pass) => sum + pass.twiddles.length + pass.roots.length, 0);
  if (plan.bluestein) {
    const b = plan.bluestein;
    return b.chirp.length + b.kernelSpectrum.length + passes(b.forward) + passes(b.inverse);
  }
  return passes(plan.mixed);
}

function makePlan(n: number, sign: FftSign): ComplexPlan {
  const mixed = makeMixedRadixPlan(n, sign);
  if (mixed) return { n, sign, kind: 'mixed-radix', mixed };
  return { n, sign, kind: 'bluestein', bluestein: makeBluesteinPlan(n, sign) };
}

/** The cached plan for (n, sign), made on a miss; the least recently used plans are dropped past the bounds. */
export function complexPlan(n: number, sign: FftSign): ComplexPlan {
  const key = `${n}:${sign}`;
  const found = cache.get(key);
  if (found) {
    stats.hits++;
    cache.delete(key);
    cache.set(key, found);
    return found.plan;
  }
  stats.misses++;
  const plan = makePlan(n, sign);
  const floats = planFloats(plan);
  cache.set(key, { plan, floats });
  cachedFloats += floats;
  for (const [oldKey, old] of cache) {
    if (cache.size <= 1 || (cache.size <= PLAN_CACHE_MAX_PLANS && cachedFloats <= PLAN_CACHE_MAX_FLOATS)) break;
    cache.delete(oldKey);
    cachedFloats -= old.floats;
  }
  return plan;
}

/** Hits, misses, plans alive and the float64 values they hold. */
export function cpuFftPlanStats(): { hits: number; misses: number; plans: number; floats: number } {
  return { ...stats, plans: cache.size, floats: cachedFloats };
}

/** Empties the plan cache and its counters (tests). */
export function clearCpuFftPlans(): void {
  cache.clear();
  cachedFloats = 0;
  stats.hits = 0;
  stats.misses = 0;
}

/** Scratch for one line of a plan: `line` holds the input and, after runComplexPlan, the result it returns. */
export interface LineScratch {
  line: Float64Array;
  a: Float64Array;
  b: Float64Array;
}

export function lineScratch(plan: ComplexPlan): LineScratch {
  const m = plan.bluestein ? plan.bluestein.m : plan.n;
  return { line: new Float64Array(2 * plan.n), a: new Float64Array(2 * m), b: new Float64Array(2 * m) };
}

/** Transforms scratch.line (unnormalized); returns the buffer that holds the n result pairs. */
export function runComplexPlan(plan: ComplexPlan, scratch: LineScratch): Float64Array {
  if (plan.bluestein) {
    runBluestein(plan.bluestein, scratch.line, scratch.a, scratch.b);
    return scratch.line;
  }
  return runMixedRadix(plan.mixed!, scratch.line, scratch.a);
}
