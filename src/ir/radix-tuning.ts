// The radix sort's tunables (src/ir/sort-plan.ts, src/codegen/sort-radix-cuda.ts), read once from
// the environment so that one device run can sweep them without a rebuild
// (bench/studies/radix-sweep.sh). The defaults follow CUB's onesweep tuning for sm_80 and later:
// 384 threads of 21 four-byte keys a tile (8-byte keys take half as many), 8 items a thread in the
// upfront histogram. A value out of range is ignored (the default stays).
//   CUPYTS_RADIX_THREADS          threads of a radix block: 256, 384 or 512
//   CUPYTS_RADIX_ITEMS            4-byte words a thread holds in a tile (1..32; shared memory caps it)
//   CUPYTS_RADIX_HISTOGRAM_ITEMS  keys a thread loads at once in the histogram (1..32)
//   CUPYTS_RADIX_HISTOGRAM_MATCH  1: the histogram adds a warp's equal digits at once (match_any), 0: an
//                                 atomic add a key (CUB's way on sm_80 and later)
//   CUPYTS_RADIX_PEERS_MATCH      1: a warp finds the lanes that share a digit with __match_any_sync (sm_70
//                                 and later), 0: with a ballot a digit bit (CUB's matcher). An H100 ncu
//                                 (session 42, bench/RESULTS.md): the ranking waited on match_any's result
//                                 for a third of its stall samples, so ballots are the default
//   CUPYTS_RADIX_DIGIT_CACHE      1: a tile's pass keeps each word's digit in a shared byte array when it
//                                 places the word, and the scatter reads it there; 0: the scatter finds
//                                 the digit from the word again (a float key's transform, once more a word).
//                                 An H100 (sessions 43 and 44, bench/RESULTS.md): sort float32 2^28 4-5%
//                                 faster with it, rows of 65536 5%, unique_counts int32 faster; 8-byte
//                                 keys and argsort (whose words are keys: no transform to save) level.
//                                 Off until its GPU tests pass (the host emulator runs it bit for bit;
//                                 no device call of sessions 43 and 44 finished them); the default then
//                                 becomes null: on for sorts of 4-byte keys alone (sort-plan.ts)
//   CUPYTS_RADIX_MIN_BLOCKS       blocks an SM must fit (__launch_bounds__'s second argument, 1..4;
//                                 default 768 threads an SM: 2 blocks of 384, at most 80 registers,
//                                 where one block of 384 takes 143 and leaves the SM idle at its barriers)
//   CUPYTS_RADIX_KEYS_ITEMS       the same two for sorts of keys alone (no payload: sort, unique; argsort
//   CUPYTS_RADIX_KEYS_MIN_BLOCKS  carries its positions): default 18 words and 3 blocks of 384 (1,152
//                                 threads an SM), CUB's onesweep geometry. An H100 sweep (session 41,
//                                 bench/RESULTS.md): keys alone 4-7% faster there than at 21 x 2 blocks;
//                                 pairs 15-25% slower, so they keep 21 x 2
//   CUPYTS_SORT_BITONIC_MAX       the longest line the bitonic network sorts (32..2048, a power of two;
//                                 default 512); longer lines up to a radix tile are radix sorted on
//                                 chip. 512 from an H100 (session 38): rows of 1024 took 14.7 ms with
//                                 the network, 9.6 radix sorted; rows of 2048 15.4 and 10.1

export interface RadixTuning {
  threads: number;
  items: number;
  histogramItems: number;
  histogramMatch: boolean;
  /** Whether digit peers are found with __match_any_sync (else with ballots). */
  peersMatch: boolean;
  /** Whether the onesweep scatter reads each word's digit from shared memory (else finds it again); null: for sorts of 4-byte keys alone. */
  digitCache: boolean | null;
  minBlocks: number;
  /** `items` and `minBlocks` of a sort of keys alone. */
  keysItems: number;
  keysMinBlocks: number;
  bitonicMax: number;
}

export const RADIX_TUNING_DEFAULTS: RadixTuning = { threads: 384, items: 21, histogramItems: 8, histogramMatch: false, peersMatch: false, digitCache: null, minBlocks: 2, keysItems: 18, keysMinBlocks: 3, bitonicMax: 512 };

/** The default blocks an SM must fit: 768 threads (1,152 for keys alone). */
const defaultMinBlocks = (threads: number, smThreads: number) => Math.max(1, Math.floor(smThreads / threads));

function envInt(env: Record<string, string | undefined>, name: string, fallback: number, ok: (n: number) => boolean): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  return Number.isInteger(n) && ok(n) ? n : fallback;
}

/** The tunables from `env` (each unset or invalid one at its default). */
export function readRadixTuning(env: Record<string, string | undefined>): RadixTuning {
  const d = RADIX_TUNING_DEFAULTS;
  const pow2 = (n: number) => (n & (n - 1)) === 0;
  const threads = envInt(env, 'CUPYTS_RADIX_THREADS', d.threads, (n) => n === 256 || n === 384 || n === 512);
  const digitCache = envInt(env, 'CUPYTS_RADIX_DIGIT_CACHE', -1, (n) => n === 0 || n === 1);
  return {
    threads,
    items: envInt(env, 'CUPYTS_RADIX_ITEMS', d.items, (n) => n >= 1 && n <= 32),
    histogramItems: envInt(env, 'CUPYTS_RADIX_HISTOGRAM_ITEMS', d.histogramItems, (n) => n >= 1 && n <= 32),
    histogramMatch: envInt(env, 'CUPYTS_RADIX_HISTOGRAM_MATCH', d.histogramMatch ? 1 : 0, (n) => n === 0 || n === 1) === 1,
    peersMatch: envInt(env, 'CUPYTS_RADIX_PEERS_MATCH', d.peersMatch ? 1 : 0, (n) => n === 0 || n === 1) === 1,
    digitCache: digitCache === -1 ? d.digitCache : digitCache === 1,
    minBlocks: envInt(env, 'CUPYTS_RADIX_MIN_BLOCKS', defaultMinBlocks(threads, 768), (n) => n >= 1 && n <= 4),
    keysItems: envInt(env, 'CUPYTS_RADIX_KEYS_ITEMS', d.keysItems, (n) => n >= 1 && n <= 32),
    keysMinBlocks: envInt(env, 'CUPYTS_RADIX_KEYS_MIN_BLOCKS', defaultMinBlocks(threads, 1152), (n) => n >= 1 && n <= 4),
    bitonicMax: envInt(env, 'CUPYTS_SORT_BITONIC_MAX', d.bitonicMax, (n) => n >= 32 && n <= 2048 && pow2(n)),
  };
}

const env: Record<string, string | undefined> = typeof process === 'undefined' ? {} : process.env;
/** The tunables of this process (read once, at load). */
export const RADIX_TUNING: RadixTuning = readRadixTuning(env);
