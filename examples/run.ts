// Run one gallery program and print what it computed and how long it took:
//   node dist/examples/run.js kmeans [--size test|bench] [--repeat 5]
// (or `npx tsx examples/run.ts kmeans`). The first run includes compiling the kernels.
import * as cp from 'cupyts';
import { gallery } from './index.js';

function parseArgs(argv: string[]): { name: string; size: 'test' | 'bench'; repeat: number } {
  const [name, ...rest] = argv;
  let size: 'test' | 'bench' = 'bench';
  let repeat = 5;
  for (let i = 0; i < rest.length; i += 2) {
    if (rest[i] === '--size' && (rest[i + 1] === 'test' || rest[i + 1] === 'bench')) size = rest[i + 1] as 'test' | 'bench';
    else if (rest[i] === '--repeat') repeat = Math.max(1, Number(rest[i + 1]));
    else throw new Error(`run: unknown option ${rest[i]} (expected --size test|bench or --repeat N)`);
  }
  if (!name || !gallery.some((e) => e.name === name)) {
    throw new Error(`run: expected one of ${gallery.map((e) => e.name).join(', ')}, got ${name ?? 'nothing'}`);
  }
  return { name, size, repeat };
}

/** Runs the program and waits for every result (evaluated together, then the device is synchronized). */
function timeOnce(run: () => Record<string, cp.NDArray>): { ms: number; out: Record<string, cp.NDArray> } {
  const start = performance.now();
  const out = run();
  cp.eval(...Object.values(out));
  cp.cuda.runtime.deviceSynchronize();
  return { ms: performance.now() - start, out };
}

function summary(a: cp.NDArray): string {
  const head = a.size <= 6 ? a.toString() : a.ravel().get(':6').toString().replace(/]$/, ' ...]');
  return `${a.dtype}[${a.shape.join(', ')}] ${head.replace(/\s+/g, ' ')}`;
}

function main(): void {
  const { name, size, repeat } = parseArgs(process.argv.slice(2));
  const entry = gallery.find((e) => e.name === name)!;
  const inputs = entry.module.makeInputs(size);
  cp.eval(...Object.values(inputs));
  console.log(`${entry.title} (${size} size, ${cp.currentBackend()} backend)`);
  for (const [key, a] of Object.entries(inputs)) console.log(`  input  ${key}: ${a.dtype}[${a.shape.join(', ')}]`);
  const first = timeOnce(() => entry.module.run(inputs));
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) times.push(timeOnce(() => entry.module.run(inputs)).ms);
  for (const [key, a] of Object.entries(first.out)) console.log(`  output ${key}: ${summary(a)}`);
  times.sort((a, b) => a - b);
  console.log(`  first run ${first.ms.toFixed(1)} ms (compiles), median of ${repeat} ${times[times.length >> 1].toFixed(2)} ms`);
}

main();
