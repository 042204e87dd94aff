// The kernel manifest (zod-checked JSON Lines), warmup planning, and the ptxas resource report.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

import { warmupJobs, warmupTargets } from '../../src/runtime/cache-warmup.js';
import { NvrtcCompiler } from '../../src/runtime/compiler.js';
import { appendToManifest, manifestKernel, parseManifest, readManifest } from '../../src/runtime/kernel-manifest.js';
import { PTXAS_VERBOSE_OPTION, parsePtxasInfo, ptxasEntryNames } from '../../src/runtime/ptxas-info.js';
import { AXPY_SOURCE, HAS_NVRTC } from '../helpers/cuda.js';

const k1 = manifestKernel({ name: 'a.cu', source: 'extern "C" __global__ void a() {}', arch: null });
const k2 = manifestKernel({ name: 'b.cu', source: 'extern "C" __global__ void b() {}', arch: 'sm_90', options: [PTXAS_VERBOSE_OPTION] });
const lines = (...ks: object[]) => ks.map((k) => JSON.stringify(k)).join('\n');

describe('manifest', () => {
  it('parses JSON Lines, skips blank lines, drops a kernel recorded twice', () => {
    expect(parseManifest(`${lines(k1, k2)}\n\n${lines({ ...k1, name: 'a-again.cu' })}\n`)).toEqual([k1, k2]);
  });

  it('says which line and field is wrong', () => {
    const bad: Array<[string, string]> = [
      ['{"manifest"', 'manifest f: line 1: expected one JSON object per line, got a parse error'],
      [lines(k1, { ...k2, source: 42 }), 'manifest f: line 2: field source: Invalid input: expected string, received number (got 42)'],
      [lines({ ...k1, arch: 'sm90' }), "manifest f: line 1: field arch: expected an arch like 'sm_90' or 'compute_90' (got 'sm90')"],
      [lines({ ...k1, manifest: 'other' }), 'manifest f: line 1: field manifest: '],
      [lines({ ...k1, version: 2 }), 'manifest f: line 1: field version: '],
      [lines({ ...k1, options: 'x' }), 'manifest f: line 1: field options: '],
      [lines([1, 2]), 'manifest f: line 1: the line: '],
    ];
    for (const [text, message] of bad) {
      expect(() => parseManifest(text, 'f')).toThrow(expect.objectContaining({ code: 'ERR_MANIFEST', message: expect.stringContaining(message) }));
    }
  });

  it('a missing or empty file is ERR_MANIFEST; appends from several writers read back whole', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cupyts-manifest-'));
    const file = path.join(dir, 'sub', 'm.jsonl');
    expect(() => readManifest(file)).toThrow(/expected a readable file, got ENOENT/);
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, '\n');
    expect(() => readManifest(file)).toThrow(/expected at least one kernel, got an empty manifest/);
    appendToManifest(file, [k1]);
    appendToManifest(file, [k2, k1]);
    expect(readManifest(file)).toEqual([k1, k2]);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('warmup planning', () => {
  it('compiles each requested arch as the runtime would for a device of that arch', () => {
    const nvrtc118 = [35, 37, 50, 52, 53, 60, 61, 62, 70, 72, 75, 80, 86, 87, 89, 90];
    expect(warmupTargets(['sm_80', 'sm_90'], nvrtc118)).toEqual(['sm_80', 'sm_90']);
    expect(warmupTargets(['sm_100', 'sm_90', 'sm_120'], nvrtc118)).toEqual(['compute_90', 'sm_90']); // newer than NVRTC knows: PTX
    expect(warmupTargets(['compute_80'], nvrtc118)).toEqual(['compute_80']);
    expect(() => warmupTargets(['sm80'], nvrtc118)).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
  });

  it('makes one job per kernel and target', () => {
    const jobs = warmupJobs([k1, k2], ['sm_80', 'sm_90']);
    expect(jobs.map((j) => `${j.id}:${j.name}@${j.arch}`)).toEqual(['0:a.cu@sm_80', '1:a.cu@sm_90', '2:b.cu@sm_80', '3:b.cu@sm_90']);
    expect(jobs[2].options).toEqual([PTXAS_VERBOSE_OPTION]);
  });
});

describe('ptxas resource report', () => {
  const LOG = [
    "ptxas info    : 24 bytes gmem",
    "ptxas info    : Compiling entry function 'other' for 'sm_80'",
    'ptxas info    : Function properties for other',
    'ptxas         .     8 bytes stack frame, 4 bytes spill stores, 4 bytes spill loads',
    'ptxas info    : Used 64 registers, 360 bytes cmem[0]',
    "ptxas info    : Compiling entry function 'k' for 'sm_80'",
    'ptxas info    : Function properties for k',
    'ptxas         .     16 bytes stack frame, 12 bytes spill stores, 8 bytes spill loads',
    'ptxas info    : Used 22 registers, 1024 bytes smem, 372 bytes cmem[0], 8 bytes cmem[2]',
    '\0',
  ].join('\n');

  it('reads registers, spills, stack, shared and constant bytes of the named entry', () => {
    expect(parsePtxasInfo(LOG, 'k')).toEqual({ registers: 22, spillStoreBytes: 12, spillLoadBytes: 8, stackBytes: 16, sharedBytes: 1024, constBytes: 372 });
    expect(parsePtxasInfo(LOG, 'other')).toMatchObject({ registers: 64, sharedBytes: 0, spillStoreBytes: 4 });
    expect(parsePtxasInfo(LOG, 'missing')).toBeUndefined();
    expect(parsePtxasInfo('', 'k')).toBeUndefined();
  });

  it('lists the entries a log reports on, leaving out the compiler\'s report marker', () => {
    const marked = `${LOG}\nptxas info    : Compiling entry function 'cupyts_report_1_2_3' for 'sm_80'`;
    expect(ptxasEntryNames(marked)).toEqual(['other', 'k']);
    expect(ptxasEntryNames('')).toEqual([]);
  });

  it.skipIf(!HAS_NVRTC)('matches what this NVRTC prints for a real kernel', () => {
    const k = new NvrtcCompiler({ disk: null }).compile({ source: AXPY_SOURCE, name: 'axpy.cu', arch: 'sm_80', options: [PTXAS_VERBOSE_OPTION] });
    const info = parsePtxasInfo(k.log, 'axpy');
    expect(info).toBeDefined();
    expect(info!.registers).toBeGreaterThan(0);
    expect(info!.constBytes).toBeGreaterThan(0);
    expect(parsePtxasInfo(k.log, 'args_probe')!.registers).toBeGreaterThan(0);
  });
});
