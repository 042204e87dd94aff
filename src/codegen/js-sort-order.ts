// The CPU backend's sort order of one line (./sort-js.ts): positions 0..n-1 ordered by (key,
// position), NaN last and equal to each other, -0 equal to +0: the CUDA kernels' order. Lines of
// at least RADIX_MIN keys take a stable least-significant-digit radix sort of 8-bit digits of an
// order-preserving 64-bit word (as the CUDA radix passes: digits the whole line shares are
// skipped), linear in n and on typed arrays only: a comparison sort of a plain Array took 25 s for
// 2^26 keys, and V8 refuses (or aborts on) Arrays past 2^27 elements and comparators on typed
// arrays past 2^25. Shorter lines keep the comparison sort.
export const JS_SORT_ORDER = String.raw`
// The typed array that holds a line's keys of a dtype: BigInt64Array (int64), BigUint64Array
// (uint64), Uint8Array (bool: 0 or 1), Float64Array (every other dtype, exactly).
function $sortKeys(kind, n) {
  return kind === 'i8' ? new BigInt64Array(n) : kind === 'u8' ? new BigUint64Array(n) : kind === 'b' ? new Uint8Array(n) : new Float64Array(n);
}
const $RADIX_MIN = 256;
// The buffers of a kernel call's lines, all of n keys (allocated once a call, not once a line).
function $sortScratch(n) {
  const radix = n >= $RADIX_MIN;
  // A short line sorts a plain Array (V8 sorts one faster than a typed array with a comparator).
  return { small: radix ? null : new Array(n), order: new Uint32Array(radix ? n : 0), dst: new Uint32Array(radix ? n : 0), hi: new Uint32Array(radix ? n : 0), lo: new Uint32Array(radix ? n : 0), counts: new Uint32Array(8 * 256), next: new Uint32Array(256) };
}
// Positions of keys[0..n) in (key, position) order (one of the scratch's buffers, valid until its
// next line); before(a, b) compares two positions.
function $sortOrder(keys, n, before, scratch) {
  if (n < $RADIX_MIN) {
    const small = scratch.small;
    for (let r = 0; r < n; r++) small[r] = r;
    return small.sort(before);
  }
  const { order, hi, lo, counts, next } = scratch;
  for (let r = 0; r < n; r++) order[r] = r;
  // The order-preserving word of each key, as its high and low halves.
  if (keys instanceof Float64Array) {
    const f = new Float64Array(1), u = new Uint32Array(f.buffer);
    for (let r = 0; r < n; r++) {
      const x = keys[r];
      if (x !== x) { hi[r] = 0xffffffff; lo[r] = 0xffffffff; continue; }
      f[0] = x === 0 ? 0 : x;
      const h = u[1], l = u[0];
      if (h >= 0x80000000) { hi[r] = ~h >>> 0; lo[r] = ~l >>> 0; } else { hi[r] = (h | 0x80000000) >>> 0; lo[r] = l; }
    }
  } else if (keys instanceof Uint8Array) {
    lo.set(keys);
    hi.fill(0);
  } else {
    const u = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
    const flip = keys instanceof BigInt64Array ? 0x80000000 : 0;
    for (let r = 0; r < n; r++) { lo[r] = u[2 * r]; hi[r] = (u[2 * r + 1] ^ flip) >>> 0; }
  }
  // Every digit position's counts in one read.
  counts.fill(0);
  for (let r = 0; r < n; r++) {
    const a = lo[r], b = hi[r];
    counts[a & 255]++; counts[256 + ((a >>> 8) & 255)]++; counts[512 + ((a >>> 16) & 255)]++; counts[768 + (a >>> 24)]++;
    counts[1024 + (b & 255)]++; counts[1280 + ((b >>> 8) & 255)]++; counts[1536 + ((b >>> 16) & 255)]++; counts[1792 + (b >>> 24)]++;
  }
  let src = order, dst = scratch.dst;
  for (let pass = 0; pass < 8; pass++) {
    const base = pass * 256;
    let moves = true;
    for (let d = 0; d < 256; d++) if (counts[base + d] === n) moves = false;
    if (!moves) continue;
    for (let d = 0, s = 0; d < 256; d++) { next[d] = s; s += counts[base + d]; }
    const w = pass < 4 ? lo : hi, shift = (pass & 3) * 8;
    for (let i = 0; i < n; i++) { const r = src[i]; dst[next[(w[r] >>> shift) & 255]++] = r; }
    const t = src; src = dst; dst = t;
  }
  return src;
}
`;
