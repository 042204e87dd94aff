// `cupyts explain`: runs a script (or a one-line expression over declared inputs) with an
// evaluation observer, and prints for every evaluation its graph, its kernels and why each was
// cut, their source, launch geometry, cache outcome and resources. Text as it goes, or one JSON
// document at exit (`--format json`).
import { Console } from 'node:console';
import { writeSync } from 'node:fs';
import { z } from 'zod';

import * as cp from '../index.js';
import { explainReporter, formatGraphNode, newestArch, type EvaluationExplanation, type KernelExplanation } from '../api/explain-report.js';
import { addEvaluationObserver } from '../api/explain-hook.js';
import { CUDA_PRELUDE } from '../codegen/cuda-prelude.js';
import { JS_PRELUDE } from '../codegen/js-prelude.js';
import { DTYPE_NAMES } from '../ir/dtype.js';
import { describe } from '../ir/errors.js';
import { formatArchs, NvrtcCompiler } from '../runtime/compiler.js';
import { checkScript, runScript } from './run-script.js';
import { EXIT_FAILURE, parseOptions, usageError } from './usage.js';

export interface VarSpec {
  name: string;
  dtype: string;
  shape: number[];
}

const VAR_PATTERN = /^([A-Za-z_$][\w$]*)=([a-z0-9]+)\[([\d,\s]*)\]$/;

/** `x=float32[1024,1024]` (`x=float32[]` for a 0-d array). */
export const varSpec = z
  .string()
  .regex(VAR_PATTERN, "expected name=dtype[shape], e.g. 'x=float32[1024,1024]'")
  .transform((text, ctx): VarSpec => {
    const [, name, dtype, dims] = VAR_PATTERN.exec(text)!;
    if (!(DTYPE_NAMES as readonly string[]).includes(dtype)) {
      ctx.addIssue({ code: 'custom', message: `expected a dtype (${DTYPE_NAMES.join(', ')})` });
      return z.NEVER;
    }
    if (name === 'cp') {
      ctx.addIssue({ code: 'custom', message: "expected a variable name other than 'cp' (the module)" });
      return z.NEVER;
    }
    const shape = dims.trim() === '' ? [] : dims.split(',').map((d) => Number(d.trim()));
    if (shape.some((d) => !Number.isSafeInteger(d))) {
      ctx.addIssue({ code: 'custom', message: `expected whole-number dimensions` });
      return z.NEVER;
    }
    return { name, dtype, shape };
  });

const ExplainOptionsSchema = z.object({
  format: z.enum(['text', 'json']).default('text'),
  cpu: z.boolean().default(false),
  expr: z.string().min(1, 'expected an expression').optional(),
  var: z.array(varSpec).default([]),
  arch: z.string().regex(/^(sm|compute)_\d+[a-z]?$/, "expected an arch like 'sm_90'").optional(),
  fullSource: z.boolean().default(false),
});

export type ExplainOptions = z.infer<typeof ExplainOptionsSchema>;

// ---------------------------------------------------------------------------------------------
// Text

const bytes = (n: number) => `${n} B`;

function shownSource(source: string, fullSource: boolean): string[] {
  if (fullSource) return source.split('\n');
  for (const [prelude, comment] of [[CUDA_PRELUDE, '//'], [JS_PRELUDE, '//']] as const) {
    if (prelude.length > 0 && source.includes(prelude)) {
      const lines = prelude.split('\n').length;
      return source.replace(prelude, `${comment} … shared prelude of ${lines} lines left out (--full-source shows it) …`).split('\n');
    }
  }
  return source.split('\n');
}

function formatResources(r: KernelExplanation['resources']): string | undefined {
  if (!r) return undefined;
  const spills = r.spillStoreBytes !== undefined ? `, spill stores ${bytes(r.spillStoreBytes)}, spill loads ${bytes(r.spillLoadBytes ?? 0)}, stack ${bytes(r.localBytes)}` : `, local (spills + stack) ${bytes(r.localBytes)}`;
  return `${r.registers} registers${spills}, shared ${bytes(r.sharedBytes)}, constant ${bytes(r.constBytes)} (${r.from})`;
}

export function formatKernelText(k: KernelExplanation, ev: EvaluationExplanation, fullSource: boolean): string[] {
  const n = ev.kernels.indexOf(k) + 1;
  const lines = [`kernel ${n}: ${k.name} (${k.language === 'cuda' ? 'CUDA C' : 'JavaScript'})`];
  lines.push(`  why: ${k.reason}`);
  lines.push(`  computes ${k.outputs.map((i) => `%${i}`).join(', ')} from ${k.inputs.length ? k.inputs.map((i) => `%${i}`).join(', ') : 'no arrays'}; ${k.size} elements, iteration dims [${k.dims.join(', ')}]`);
  if (k.launch) {
    const grid = k.launch.grid !== undefined ? `grid ${k.launch.grid}` : `grid ${k.launch.gridUncapped}`;
    const vectors = k.launch.vectorsPerThread > 1 ? `, ${k.launch.vectorsPerThread} vectors per thread` : '';
    lines.push(`  launch: ${grid} × block ${k.launch.block}, ${k.launch.vectorWidth > 1 ? `${k.launch.vectorWidth} elements per vector load${vectors}` : 'one element per load'}`);
  }
  if (k.cache) lines.push(`  cache: ${k.cache === 'compiled' ? 'miss (compiled with NVRTC)' : `hit (${k.cache})`}`);
  if (k.compile) {
    lines.push(k.compile.ok
      ? `  nvrtc ${k.compile.nvrtc}: compiles for ${k.compile.arch} (${k.compile.ms.toFixed(0)} ms; checked here, not run: the program ran on the CPU backend)`
      : `  nvrtc ${k.compile.nvrtc}: FAILED to compile for ${k.compile.arch}:\n${(k.compile.log ?? '').trim().split('\n').map((l) => `    ${l}`).join('\n')}`);
  }
  if (k.entries) {
    for (const e of k.entries) lines.push(`  resources of ${e.name}: ${formatResources(e.resources)}`);
  } else {
    const resources = formatResources(k.resources);
    if (resources) lines.push(`  resources: ${resources}`);
  }
  lines.push('  source:');
  for (const line of shownSource(k.source, fullSource)) lines.push(`    | ${line}`);
  return lines;
}

export function formatEvaluationHeader(ev: EvaluationExplanation, note: string): string[] {
  return [`== evaluation ${ev.index} (${ev.backend} backend${note ? `; ${note}` : ''})`, 'graph:', ...ev.graph.map((n) => `  ${formatGraphNode(n)}`)];
}

// ---------------------------------------------------------------------------------------------
// The command

function makeVars(vars: readonly VarSpec[]): Record<string, cp.NDArray> {
  const out: Record<string, cp.NDArray> = {};
  for (const v of vars) {
    if (v.name in out) throw usageError(`explain: --var: expected each name once, got '${v.name}' twice`);
    // Realized data (not a lazy constant), so the expression reads it as a kernel input.
    out[v.name] = cp.full(v.shape, 1, { dtype: v.dtype as cp.DTypeName }).eval(); // checked by parseVar
  }
  return out;
}

function evaluateExpression(expr: string, vars: Record<string, cp.NDArray>): void {
  const names = Object.keys(vars);
  let fn: (...args: unknown[]) => unknown;
  try {
    fn = new Function('cp', ...names, `"use strict"; return (${expr});`) as typeof fn;
  } catch (err) {
    throw usageError(`explain: -e: expected a JavaScript expression, got a syntax error (${(err as Error).message})`);
  }
  const result = fn(cp, ...names.map((n) => vars[n]));
  const arrays = Array.isArray(result) ? result : [result];
  if (arrays.length === 0 || !arrays.every((a) => a instanceof cp.NDArray)) {
    throw usageError(`explain: -e: expected the expression to give an NDArray (or an array of them), got ${describe(result)}`);
  }
  cp.eval(...(arrays as cp.NDArray[]));
}

/** --arch names an arch NVRTC can compile for, or it is a usage error that lists those it can. */
function checkArch(arch: string, supportedArchs: readonly number[]): void {
  const number = Number(/_(\d+)/.exec(arch)![1]);
  if (supportedArchs.length > 0 && !supportedArchs.includes(number)) {
    throw usageError(`explain: --arch: expected an arch this NVRTC supports (${formatArchs(supportedArchs)}), got '${arch}'`);
  }
}

/** How many kernels NVRTC could not compile (the CPU backend's check). */
function failedCompiles(evaluations: readonly EvaluationExplanation[]): number {
  return evaluations.reduce((n, ev) => n + ev.kernels.filter((k) => k.compile && !k.compile.ok).length, 0);
}

/** Makes the NVRTC compiler used to check CUDA kernels on the CPU backend, or says why there is none. */
function checkingCompiler(): { compiler: NvrtcCompiler | null; why?: string } {
  try {
    return { compiler: new NvrtcCompiler({ disk: null }) };
  } catch (err) {
    return { compiler: null, why: String((err as Error).message).split('\n')[0] };
  }
}

/** With --format json, the script's console.log/info/debug/dir/table print to stderr. */
function sendConsoleToStderr(): void {
  const toStderr = new Console({ stdout: process.stderr, stderr: process.stderr });
  for (const method of ['log', 'info', 'debug', 'dir', 'table'] as const) {
    (console as unknown as Record<string, unknown>)[method] = (toStderr[method] as (...args: unknown[]) => void).bind(toStderr);
  }
}

export async function runExplain(script: string | undefined, scriptArgs: string[], rawOptions: Record<string, unknown>): Promise<void> {
  const options = parseOptions('explain', ExplainOptionsSchema, rawOptions);
  if (options.expr === undefined && script === undefined) throw usageError("explain: expected a script or -e '<expression>', got neither");
  if (options.expr !== undefined && script !== undefined) throw usageError(`explain: expected a script or -e '<expression>', got both ('${script}')`);
  if (options.var.length && options.expr === undefined) throw usageError('explain: --var: expected with -e only');
  const file = script === undefined ? undefined : checkScript('explain', script);
  if (options.cpu) cp.useBackend('cpu');

  const backend = cp.currentBackend();
  let note = '';
  let compiler: NvrtcCompiler | null = null;
  if (backend === 'cpu' && !options.cpu) {
    const checking = checkingCompiler();
    compiler = checking.compiler;
    if (compiler && options.arch) checkArch(options.arch, compiler.nvrtc.supportedArchs);
    note = compiler
      ? `CUDA kernels generated from the same plans and compiled with NVRTC ${compiler.nvrtc.version} for ${options.arch ?? newestArch(compiler)}, not run`
      : `CUDA kernels generated from the same plans, not compiled: ${checking.why}`;
  } else if (backend === 'cpu') {
    note = 'JavaScript kernels';
  }

  const text = options.format === 'text';
  const out = (lines: string[]) => process.stdout.write(`${lines.join('\n')}\n`);
  const reporter = explainReporter({
    language: options.cpu ? 'js' : 'cuda',
    arch: options.arch,
    compiler,
    onEvaluation: text ? (ev) => out(formatEvaluationHeader(ev, note)) : undefined,
    onKernel: text ? (k, ev) => out(formatKernelText(k, ev, options.fullSource)) : undefined,
  });

  const vars = options.expr !== undefined ? makeVars(options.var) : {};
  const stop = addEvaluationObserver(reporter.observer);
  // JSON: one document when the program is done (at exit, so that work it left running is seen too).
  let failed = false;
  const finish = () => {
    stop();
    const failures = failedCompiles(reporter.evaluations);
    if (failures > 0) {
      process.stderr.write(`cupyts explain: ${failures} kernel${failures === 1 ? '' : 's'} FAILED to compile\n`);
      process.exitCode ||= EXIT_FAILURE;
    }
    if (!text) writeAllSync(`${JSON.stringify({ backend, note, evaluations: reporter.evaluations }, null, 2)}\n`);
    else if (reporter.evaluations.length === 0 && !failed && !process.exitCode) {
      process.stderr.write('cupyts explain: no evaluations were seen (nothing was computed, or the program imports another cupyts build than this command)\n');
    }
  };
  if (options.expr !== undefined) {
    try {
      evaluateExpression(options.expr, vars);
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      finish();
    }
    return;
  }
  process.once('exit', finish);
  if (!text) sendConsoleToStderr(); // stdout holds only the JSON document
  await runScript('explain', file!, scriptArgs);
}

/**
 * `text` written to stdout before returning. In an 'exit' handler process.stdout.write to a pipe
 * gets out only what the pipe takes at once (64 KiB): the rest of a long JSON document was lost.
 */
function writeAllSync(text: string): void {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(1, bytes, at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}
