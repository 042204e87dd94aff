#!/usr/bin/env node
// The cupyts command line. Each command lives in its own module; this file only wires them up.
// Exit codes: 0 success, 1 failure, 2 usage (bad option, argument, variable or input file).
import { Command } from 'commander';
import { formatInfo, runtimeInfo } from '../runtime/info.js';
import { runDemo } from './demo.js';
import { cacheClear, cacheList, cachePath, cacheRecord, cacheStats, cacheVerify, cacheWarmup } from './cache.js';
import { runExplain } from './explain.js';
import { errorLine, exitCodeFor } from './usage.js';
import { CUPYTS_VERSION } from '../runtime/version.js';

const examples = (...lines: string[]) => `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}`;
const collect = (value: string, previous: string[] = []) => [...previous, value];
const setExit = (code: number) => {
  process.exitCode = code;
};

const program = new Command();
program
  .name('cupyts')
  .description('NumPy/CuPy-style GPU arrays for TypeScript: tools')
  .version(CUPYTS_VERSION)
  .exitOverride() // commander's own errors reach the catch below (exit 2), and are inherited by every command
  .showHelpAfterError('(run with --help for usage)');

program
  .command('info')
  .description('show the backend, the CUDA device and driver, NVRTC, and the kernel cache')
  .option('--json', 'print JSON instead of text')
  .addHelpText('after', examples('cupyts info', 'cupyts info --json'))
  .action((opts: { json?: boolean }) => {
    const info = runtimeInfo();
    process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : `${formatInfo(info)}\n`);
  });

program
  .command('demo')
  .description('run a fused 8-op computation on the GPU (or the CPU path) and show the kernel and its speed')
  .addHelpText('after', examples('npx cupyts demo', 'CUPYTS_BACKEND=cpu npx cupyts demo'))
  .action(async () => {
    await runDemo();
  });

program
  .command('explain')
  .description(
    'run a program (or one expression) and print, for every evaluation: the graph, the kernels and why each was cut, ' +
      'their source, launch geometry, cache hit or miss, and registers/spills/shared memory (cuFuncGetAttribute on a GPU; ' +
      'ptxas through NVRTC without one)',
  )
  .argument('[script]', 'a .js, .mjs or .cjs program that uses cupyts (.ts only where Node strips types itself)')
  .argument('[args...]', 'arguments for the script (after --)')
  .option('-e, --expr <expression>', "explain one expression instead of a script; it sees `cp` and the --var arrays")
  .option('--var <name=dtype[shape]>', 'declare an input for -e, e.g. x=float32[1024,1024] (repeatable)', collect)
  .option('--format <format>', 'text or json', 'text')
  .option('--cpu', 'run on the CPU backend and show the JavaScript kernels')
  .option('--arch <arch>', 'without a GPU: the arch NVRTC checks the CUDA kernels for (default: the newest it supports)')
  .option('--full-source', "print each kernel's whole source, the shared prelude included")
  .addHelpText('after', examples(
    'cupyts explain my-script.mjs',
    "cupyts explain -e 'cp.sin(x).mul(2).add(y)' --var x=float32[1024,1024] --var y=float32[1024]",
    "cupyts explain --format json -e 'cp.exp(x).sub(1)' --var x=float64[100] > plan.json",
    'cupyts explain --cpu my-script.mjs -- --size 1000',
  ))
  .action(async (script: string | undefined, args: string[], opts: Record<string, unknown>) => {
    await runExplain(script, args, opts);
  });

const cache = program
  .command('cache')
  .description('the disk kernel cache: record a manifest, warm it up ahead of time, list, check, clear')
  .addHelpText('after', examples('cupyts cache record train.mjs -o kernels.jsonl', 'cupyts cache warmup --manifest kernels.jsonl --arch sm_80,sm_90', 'cupyts cache stats'));

cache
  .command('record')
  .description('run a program and write a manifest (JSON Lines) of the kernels it compiles; CUPYTS_CACHE_RECORD=FILE does the same for any program, appending')
  .argument('<script>', 'a .js, .mjs or .cjs program that uses cupyts')
  .argument('[args...]', 'arguments for the script (after --)')
  .option('-o, --out <file>', 'the manifest to write (replaced)', 'cupyts-kernels.jsonl')
  .addHelpText('after', examples('cupyts cache record train.mjs -o kernels.jsonl', 'CUPYTS_CACHE_RECORD=kernels.jsonl npm test'))
  .action(async (script: string, args: string[], opts: Record<string, unknown>) => setExit(await cacheRecord(script, args, opts)));

cache
  .command('warmup')
  .description(
    "compile a manifest's kernels into the disk cache ahead of time, on worker threads; needs NVRTC, no GPU " +
      '(the entries serve runs with the same cupyts and NVRTC versions)',
  )
  .requiredOption('--manifest <file>', 'a manifest from `cupyts cache record` or CUPYTS_CACHE_RECORD')
  .option('--arch <arches>', "comma-separated arches, e.g. sm_80,sm_90 (default: the local device's)")
  .option('-j, --jobs <n>', 'worker threads (default: the number of CPUs)')
  .option('--dir <dir>', 'cache folder (default: CUPYTS_CACHE_DIR, else $XDG_CACHE_HOME/cupyts or ~/.cache/cupyts)')
  .option('--json', 'print the summary as JSON')
  .addHelpText('after', examples('cupyts cache warmup --manifest kernels.jsonl', 'cupyts cache warmup --manifest kernels.jsonl --arch sm_80,sm_90 --jobs 8'))
  .action(async (opts: Record<string, unknown>) => setExit(await cacheWarmup(opts)));

cache
  .command('ls')
  .description('list the cached kernels, most recently used first')
  .option('--dir <dir>', 'cache folder')
  .option('--json', 'print JSON')
  .addHelpText('after', examples('cupyts cache ls', 'cupyts cache ls --json | jq ".[].name"'))
  .action((opts: Record<string, unknown>) => setExit(cacheList(opts)));

cache
  .command('stats')
  .description('count the cached kernels and bytes per arch, against the size cap (CUPYTS_CACHE_MAX_BYTES)')
  .option('--dir <dir>', 'cache folder')
  .option('--json', 'print JSON')
  .addHelpText('after', examples('cupyts cache stats', 'cupyts cache stats --json'))
  .action((opts: Record<string, unknown>) => setExit(cacheStats(opts)));

cache
  .command('verify')
  .description('check every entry (header, length, checksum, metadata); exit 1 if any is bad, unless --fix removes them')
  .option('--dir <dir>', 'cache folder')
  .option('--fix', 'remove the bad entries (they compile again when next needed)')
  .option('--json', 'print JSON')
  .addHelpText('after', examples('cupyts cache verify', 'cupyts cache verify --fix'))
  .action((opts: Record<string, unknown>) => setExit(cacheVerify(opts)));

cache
  .command('clear')
  .description('remove every cached kernel')
  .option('--dir <dir>', 'cache folder')
  .addHelpText('after', examples('cupyts cache clear', 'CUPYTS_CACHE_DIR=/tmp/k cupyts cache clear'))
  .action((opts: Record<string, unknown>) => setExit(cacheClear(opts)));

cache
  .command('path')
  .description('print the cache folder')
  .option('--dir <dir>', 'cache folder')
  .addHelpText('after', examples('cupyts cache path', 'du -sh "$(cupyts cache path)"'))
  .action((opts: Record<string, unknown>) => setExit(cachePath(opts)));

// `cupyts cache ls | head`: a closed pipe ends the command quietly
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

program.parseAsync(process.argv).catch((err: Error) => {
  const code = exitCodeFor(err);
  // commander has already printed its own messages (and help); print ours
  if (!(err as { code?: string }).code?.startsWith('commander.')) process.stderr.write(`${errorLine(err.message)}\n`);
  process.exitCode = code;
});
