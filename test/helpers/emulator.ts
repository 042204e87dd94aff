// Running generated CUDA kernels on the host under test/helpers/cuda-emulator.h (g++ -std=c++20):
// the pieces every *-emulated test shares. A test writes a C++ program (the kernel source, its
// launches, reading the inputs from files and writing the output to argv[1]); runEmulated writes
// the plan's inputs beside it, compiles it, runs it and returns the output's bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { PlanInput } from '../../src/ir/kernel-plan.js';

/** Whether the emulated tests run: CUPYTS_SORT_EMULATE=1 and a g++. */
export const EMULATE = process.env.CUPYTS_SORT_EMULATE === '1' && spawnSync('g++', ['--version']).status === 0;

/** The emulator header, for the program's #include. */
export const EMULATOR_HEADER = new URL('./cuda-emulator.h', import.meta.url).pathname;

/** A temporary folder for a test file's programs, removed after its tests. */
export function emulatorDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cupyts-${label}-emu-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The lines that read each input of a plan (`in<k>`, a std::vector<char>) from the files runEmulated writes. */
export function readInputLines(dir: string, name: string, inputs: readonly unknown[]): string {
  return inputs.map((_, k) => `  std::vector<char> in${k} = readAll("${join(dir, `${name}.in${k}`)}");`).join('\n');
}

/** The program's includes and its readAll helper. */
export function programHead(extras: string): string {
  return `#include "${EMULATOR_HEADER}"
#include <fstream>
#include <iterator>
${extras}
static std::vector<char> readAll(const char* f) { std::ifstream s(f, std::ios::binary); return std::vector<char>(std::istreambuf_iterator<char>(s), {}); }`;
}

/** Writes `inputs`' data and `program`, compiles and runs it; the bytes it wrote. */
export function runEmulated(dir: string, name: string, inputs: readonly PlanInput[], program: string): Buffer {
  inputs.forEach((input, k) => writeFileSync(join(dir, `${name}.in${k}`), Buffer.from((input.node.realized!.storage as { view(): Uint8Array }).view())));
  const src = join(dir, `${name}.cpp`);
  const exe = join(dir, name);
  writeFileSync(src, program);
  const cc = spawnSync('g++', ['-std=c++20', '-O1', '-pthread', '-w', '-o', exe, src], { encoding: 'utf8' });
  expect(cc.stderr).toBe('');
  const file = join(dir, `${name}.out`);
  const run = spawnSync(exe, [file], { encoding: 'utf8', timeout: 600_000 });
  expect(run.status).toBe(0);
  return readFileSync(file);
}

/** The elements of `shape` at `layout` (strides and offset in elements) of `buffer`, in order. */
export function readLayout(buffer: Buffer, layout: { strides: readonly number[]; offset: number }, shape: readonly number[], itemsize: number): Buffer {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = Buffer.alloc(size * itemsize);
  for (let i = 0; i < size; i++) {
    let rem = i;
    let at = layout.offset;
    for (let j = shape.length - 1; j >= 0; j--) {
      at += (rem % shape[j]) * layout.strides[j];
      rem = Math.floor(rem / shape[j]);
    }
    buffer.copy(out, i * itemsize, at * itemsize, (at + 1) * itemsize);
  }
  return out;
}
