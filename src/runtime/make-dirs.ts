// Creating a folder and the parents it lacks. Node's own `fs.mkdirSync(dir, { recursive: true })`
// never returns where the kernel answers ENOENT to a mkdir whose parent exists (under /proc or
// /sys: `CUPYTS_CACHE_DIR=/proc/x` hung the cache warmup): it makes the parent again and retries,
// forever. This walks up to the first folder that exists, then creates each missing one once.
import * as fs from 'node:fs';
import * as path from 'node:path';

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Creates `dir` and its missing parents (with `mode`); throws the first error, as `fs.mkdirSync` does. */
export function makeDirs(dir: string, mode?: number): void {
  const target = path.resolve(dir);
  const missing: string[] = [];
  for (let d = target; !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break; // the root
  }
  for (const d of missing) {
    try {
      fs.mkdirSync(d, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // else made meanwhile by another process
    }
  }
  if (!isDirectory(target)) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${target}'`), { code: 'ENOTDIR', path: target });
  }
}
