#!/usr/bin/env node
// The cupyts command line. Each command lives in its own module; this file only wires them up.
import { Command } from 'commander';
import { formatInfo, runtimeInfo } from '../runtime/info.js';
import { runDemo } from './demo.js';
import { CUPYTS_VERSION } from '../runtime/version.js';

const program = new Command();
program
  .name('cupyts')
  .description('NumPy/CuPy-style GPU arrays for TypeScript: tools')
  .version(CUPYTS_VERSION);

program
  .command('info')
  .description('show the backend, the CUDA device and driver, NVRTC, and the kernel cache')
  .option('--json', 'print JSON instead of text')
  .addHelpText('after', '\nExample:\n  $ cupyts info\n  $ cupyts info --json')
  .action((opts: { json?: boolean }) => {
    const info = runtimeInfo();
    process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : `${formatInfo(info)}\n`);
  });

program
  .command('demo')
  .description('run a fused 8-op computation on the GPU (or the CPU path) and show the kernel and its speed')
  .addHelpText('after', '\nExample:\n  $ npx cupyts demo\n  $ CUPYTS_BACKEND=cpu npx cupyts demo')
  .action(async () => {
    await runDemo();
  });

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`cupyts: ${err.message}\n`);
  process.exitCode = 1;
});
