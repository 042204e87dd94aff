// How a scan's lines map onto CUDA threads: a pure function of the scan's shape (lines × length)
// and of which dimension its arrays walk with unit stride. Four kernels (src/codegen/cuda-scan*.ts):
//  - 'rows':    long lines; a tile is one line × (BLOCK × items) elements, loaded coalesced along
//               the line, scanned in a fixed order, chained to the line's earlier tiles by a
//               deterministic two-level look-back: groups of SCAN_GROUP tiles chain their prefixes,
//               a tile adds the aggregates of its group's earlier tiles (codegen/cuda-scan.ts).
//  - 'columns': lines adjacent in memory (a scan along an outer axis); a tile is `lanes` adjacent
//               lines × (segments × items) positions of the axis; each thread walks its line, a warp
//               reads 32 adjacent lines at once; a two-level look-back per line chains the tiles
//               along the axis.
//  - 'warp':    many short contiguous lines; `group` lanes of a warp per line, warp shuffles.
//  - 'thread':  one thread per line in order, loading WALK_ITEMS positions at a time: lines of a few
//               elements, empty scans, and scans down an outer axis with enough adjacent lines to fill
//               the device on their own (WALK_LINES): no tiles to chain, the whole line in one thread.
// The CPU backend ignores the geometry: it scans each line in order (the oracle).

/** Threads per block of every scan kernel. */
export const SCAN_BLOCK = 256;
/** Lines at least this long are scanned in tiles ('rows'). */
export const LONG_LINE = 2048;
/**
 * 'rows' scans of fewer lines than this keep each thread's items in shared memory, not registers
 * (`shared`): with few lines, a line's tiles run at once and each waits on chip for its look-back,
 * so tiles in flight bound the throughput, and a kernel of few registers holds twice as many. With
 * many lines the look-back finds its prefixes ready, and the extra shared-memory passes cost more.
 * Measured on the H200 over 2^26 float32 (bench/studies/scan-1d/lines.mjs; bench/RESULTS.md, session
 * 26): 1 line 0.260 -> 0.242 ms, 16 lines 0.233 -> 0.229, 32 lines 0.223 -> 0.227, 256 lines
 * 0.168 -> 0.186.
 */
export const ROW_SHARED_SCAN_LINES = 32;
/** Tiles of a 'rows' line per look-back group (codegen/cuda-scan-lookback.ts); at most 32 (a warp reads a group). */
export const SCAN_GROUP = 32;
/** Tiles of a 'columns' line group per look-back group (each lane holds a group's aggregates in registers). */
export const COLUMN_GROUP = 8;
/** From this many adjacent lines on, 'columns' tiles are 64 lines wide (256 contiguous bytes of float32 per row). */
export const WIDE_COLUMNS = 4096;
/** From this many adjacent lines on, a scan down an outer axis walks each line in one thread ('thread'). */
export const WALK_LINES = 2 ** 17;
/** Positions a 'thread' scan loads before it combines them (loads in flight per thread). */
export const WALK_ITEMS = 16;
/** Elements each lane of a 'warp' group holds per step. */
export const WARP_ITEMS = 4;

export type ScanGeometry =
  | { kind: 'thread' }
  | { kind: 'warp'; group: number; items: number }
  | { kind: 'rows'; items: number; group: number; shared: boolean }
  | { kind: 'columns'; lanes: number; segments: number; items: number; group: number };

/** What the chooser reads of a scan plan. */
export interface ScanShape {
  lines: number;
  length: number;
  /** Elements per item of the compute type (float16 computes in float: 4). */
  computeBytes: number;
  /** Bytes of all arrays (inputs and output) per element that walk the axis with unit stride. */
  axisUnitBytes: number;
  /** Bytes per element of the arrays whose adjacent lines are adjacent in memory (unit stride on the innermost line dimension). */
  lineUnitBytes: number;
}

const pow2AtLeast = (n: number) => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * Items per thread of a tile: 32 of a 4-byte compute type, 16 of an 8-byte one, 8 of a 16-byte
 * complex128 (32 KiB per tile).
 * A tile's data waits on chip through its look-back, so the bytes a device holds in tiles bound
 * its throughput (held bytes / tile lifetime): 4 resident tiles of 32 KiB per SM.
 */
export const tileItems = (computeBytes: number) => (computeBytes >= 16 ? 8 : computeBytes >= 8 ? 16 : 32);
/**
 * Items per thread of a 'rows' tile: 16 of a 4-byte compute type, 8 of an 8-byte one, 4 of a
 * 16-byte one (16 KiB).
 * The 32 KiB tiles that helped 'columns' measured slower along rows on the H200 (session 9:
 * cumsum 2^28 1.05 -> 1.29 ms, 256x2^20 axis 1 0.66 -> 0.92 ms), so rows keep the smaller tile.
 */
export const rowTileItems = (computeBytes: number) => (computeBytes >= 16 ? 4 : computeBytes >= 8 ? 8 : 16);

export function chooseScanGeometry(s: ScanShape): ScanGeometry {
  if (s.lines === 0 || s.length === 0 || s.length === 1) return { kind: 'thread' };
  const items = tileItems(s.computeBytes);
  const alongLines = s.lineUnitBytes > s.axisUnitBytes;
  if (alongLines && s.lines >= WALK_LINES) return { kind: 'thread' };
  if (alongLines && s.lines >= 32) {
    // As many segments along the axis as it needs (up to 8: tiles of 32 lines × 256 positions,
    // few tiles to chain per line); many lines take wider tiles (fewer rows, fewer pages per byte).
    const most = s.lines >= WIDE_COLUMNS ? 4 : 8;
    const segments = Math.min(most, pow2AtLeast(Math.ceil(s.length / items)));
    return { kind: 'columns', lanes: SCAN_BLOCK / segments, segments, items, group: COLUMN_GROUP };
  }
  if (s.length >= LONG_LINE) return { kind: 'rows', items: rowTileItems(s.computeBytes), group: SCAN_GROUP, shared: s.lines < ROW_SHARED_SCAN_LINES };
  if (alongLines || s.length <= WARP_ITEMS) return { kind: 'thread' };
  const group = Math.min(32, pow2AtLeast(Math.ceil(s.length / WARP_ITEMS)));
  return { kind: 'warp', group, items: WARP_ITEMS };
}


/** Where a launch's look-back state lives and how big it is (bytes; 0 where the tiles are independent). */
export interface ScanLaunch {
  grid: number;
  block: number;
  /** Tiles along each line (1: no look-back). */
  chunks: number;
  /** Status words the look-back publishes (one per tile, or per tile and lane for 'columns'). */
  statuses: number;
  statusBytes: number;
}

/**
 * The status buffer: an 8-byte tile counter, then per status either one 8-byte word packing a
 * flag and a 32-bit value, or (compute types of 8 or 16 bytes) a 4-byte flag, an aggregate and an
 * inclusive prefix in three arrays; the value arrays start on a 16-byte boundary (complex128).
 */
export function statusBytes(statuses: number, computeBytes: number): number {
  if (statuses === 0) return 0;
  if (computeBytes < 8) return 8 + statuses * 8;
  const headerWords = 2 * Math.ceil((1 + Math.ceil(statuses / 2)) / 2); // counter and flags, rounded to 16 bytes
  return headerWords * 8 + statuses * 2 * computeBytes;
}

export function scanLaunch(g: ScanGeometry, lines: number, length: number, computeBytes: number): ScanLaunch {
  const block = SCAN_BLOCK;
  const launch = (grid: number, chunks: number, statuses: number): ScanLaunch =>
    ({ grid: Math.max(1, grid), block, chunks, statuses, statusBytes: statusBytes(statuses, computeBytes) });
  switch (g.kind) {
    case 'thread': return launch(Math.ceil(lines / block), 1, 0);
    case 'warp': return launch(Math.ceil((lines * g.group) / block), 1, 0);
    case 'rows': {
      // A status per tile (its aggregate) and per group of tiles (aggregate, then prefix).
      const chunks = Math.ceil(length / (block * g.items));
      const groups = Math.ceil(chunks / g.group);
      return launch(lines * chunks, chunks, chunks > 1 ? lines * (chunks + groups) : 0);
    }
    case 'columns': {
      // A status per tile and lane, and per group of tiles and lane.
      const chunks = Math.ceil(length / (g.segments * g.items));
      const groups = Math.ceil(lines / g.lanes);
      const bands = Math.ceil(chunks / g.group);
      return launch(groups * chunks, chunks, chunks > 1 ? groups * (chunks + bands) * g.lanes : 0);
    }
  }
}

/** The geometry in a plan key and kernel name. */
export function geometryKey(g: ScanGeometry): string {
  switch (g.kind) {
    case 'thread': return 't';
    case 'warp': return `w${g.group}x${g.items}`;
    case 'rows': return `r${g.items}g${g.group}${g.shared ? 's' : ''}`;
    case 'columns': return `c${g.lanes}x${g.segments}x${g.items}g${g.group}`;
  }
}
