// `cupyts explain`, `demo` and `info` against what a new user found (issue 14): a script with a
// syntax error or one that throws was reported by its message alone; a folder was "not found";
// `--arch sm_999` printed FAILED and exited 0; the demo's excerpt ended in the JavaScript
// wrapper's `})()`; nothing said which GPUs are supported. Each command runs in a child with a
// time limit.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';

import { loadNvrtc } from '../../src/runtime/cuda-libraries.js';
import { native } from '../../src/runtime/native.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { childEnv, CLI, DIST_INDEX, scratch, type CliResult } from '../helpers/cli.js';

const tmp = scratch('cupyts-explain-faults-');
afterAll(() => tmp.remove());

const CPU = { CUPYTS_BACKEND: 'cpu', CUPYTS_CACHE_DIR: `${tmp.dir}/cache` };

function run(args: readonly string[], env: Record<string, string | undefined> = CPU): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: childEnv(env), encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`cupyts ${args.join(' ')}: ${r.error.message}\nstderr:\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('explain of a script that fails shows the file, the line and the stack (exit 1)', () => {
  it('a syntax error in an ES module: the file and line, the code and a caret', () => {
    const script = tmp.file('syntax.mjs', 'const x = 1;\nconst y = ;\n');
    const r = run(['explain', script]);
    expect(r.stderr).toContain(`cupyts: explain: the script ${script} failed:\n${script}:2\nconst y = ;\n          ^\n\nSyntaxError: Unexpected token ';'`);
    expect(r.status).toBe(1);
  });

  it('a syntax error in a CommonJS script', () => {
    const script = tmp.file('syntax.cjs', 'let a = 1;\nlet b = 2;\nlet = = 3;\n');
    const r = run(['explain', script]);
    expect(r.stderr).toMatch(new RegExp(`the script .*syntax\\.cjs failed:\\n.*syntax\\.cjs:3\\nlet = = 3;\\n +\\^+\\n\\nSyntaxError: `));
    expect(r.status).toBe(1);
  });

  it('a syntax error in a module the script imports: the message, and how to locate it', () => {
    tmp.file('broken-helper.mjs', 'export const z = ;\n');
    const script = tmp.file('imports-broken.mjs', "import './broken-helper.mjs';\n");
    const r = run(['explain', script]);
    expect(r.stderr).toContain("SyntaxError: Unexpected token ';' (in a module the script imports; `node --check <module>` shows where)");
    expect(r.status).toBe(1);
  });

  it('a script that throws: its stack down to the script, without the frames that ran it', () => {
    const script = tmp.file('throws.mjs', 'function inner() {\n  throw new Error("boom");\n}\ninner();\n');
    const r = run(['explain', script]);
    expect(r.stderr).toContain(`cupyts: explain: the script ${script} failed:\nError: boom\n    at inner (file://${script}:2:9)\n    at file://${script}:4:1\n`);
    expect(r.stderr).not.toMatch(/runExplain|node:internal|commander/);
    expect(r.status).toBe(1);
  });

  it('a cupyts error inside the script: its message, and the script line that called', () => {
    const script = tmp.file('index-error.mjs', `import * as cp from ${JSON.stringify(DIST_INDEX)};\n\ncp.asarray([1, 2]).get(5);\n`);
    const r = run(['explain', script]);
    expect(r.stderr).toMatch(/CupytsError: get: .*5.*\n(.*\n)*    at file:\/\/.*index-error\.mjs:3:\d+/);
    expect(r.status).toBe(1);
  });

  it('cache record reports a failing script the same way', () => {
    const script = tmp.file('throws-too.mjs', 'throw new RangeError("bad range");\n');
    const r = run(['cache', 'record', script, '-o', `${tmp.dir}/k.jsonl`]);
    expect(r.stderr).toContain(`cupyts: cache record: the script ${script} failed:\nRangeError: bad range\n    at file://${script}:1:7`);
    expect(r.status).toBe(1);
  });
});

describe('explain of what is not a script: exit 2 saying what it is', () => {
  it.each([
    ['a folder', () => tmp.dir, '(a folder)'],
    ['a missing file', () => `${tmp.dir}/missing.mjs`, '(not found)'],
  ])('%s', (_what, path, says) => {
    const r = run(['explain', path()]);
    expect(r.stderr).toBe(`cupyts: explain: expected a script file, got '${path()}' ${says}\n`);
    expect(r.status).toBe(2);
  });
});

describe.skipIf(!HAS_NVRTC)('explain --arch', () => {
  const supported = HAS_NVRTC ? loadNvrtc(native()).supportedArchs : [];
  const EXPR = ['-e', 'x.add(1)', '--var', 'x=float32[4]'];

  it.each(['sm_999', 'sm_20', `compute_${Math.max(...supported) + 1}`])('%s (NVRTC does not know it): exit 2 listing the archs it does', (arch) => {
    const r = run(['explain', ...EXPR, '--arch', arch]);
    expect(r.stderr).toBe(`cupyts: explain: --arch: expected an arch this NVRTC supports (${supported.map((a) => `sm_${a}`).join(', ')}), got '${arch}'\n`);
    expect(r.status).toBe(2);
  });

  it('every supported arch: the kernel compiles (exit 0)', () => {
    const archs = [Math.min(...supported), Math.max(...supported)].map((a) => `sm_${a}`);
    for (const arch of archs) {
      const r = run(['explain', ...EXPR, '--arch', arch]);
      expect(r.stdout).toMatch(new RegExp(`nvrtc \\d+\\.\\d+: compiles for ${arch} `));
      expect(r.status).toBe(0);
    }
  });

  it('a kernel NVRTC rejects: FAILED, and exit 1', () => {
    // NVRTC lists its archs by number only; a variant letter it does not know fails in the compile.
    const arch = `sm_${Math.min(...supported)}z`;
    const r = run(['explain', ...EXPR, '--arch', arch]);
    expect(r.stdout).toContain(`FAILED to compile for ${arch}`);
    expect(r.stderr).toContain('cupyts explain: 1 kernel FAILED to compile');
    expect(r.status).toBe(1);
  });
});

describe('demo and info', () => {
  it("the demo's excerpt is the kernel, from its signature to its closing brace", () => {
    const r = run(['demo']);
    expect(r.status).toBe(0);
    const excerpt = r.stdout.split('\n').filter((l) => l.startsWith('    | ')).map((l) => l.slice(6));
    expect(excerpt[0]).toMatch(/^return function fused_\w+\(/);
    expect(excerpt[excerpt.length - 1]).toBe('};');
    expect(r.stdout).not.toContain('})()');
  });

  it('info states the oldest architecture cupyts supports, and what this NVRTC narrows it to', () => {
    const r = run(['info']);
    expect(r.status).toBe(0);
    if (HAS_NVRTC) {
      const archs = loadNvrtc(native()).supportedArchs;
      const oldest = Math.max(35, Math.min(...archs));
      expect(r.stdout).toContain(`archs    cupyts supports sm_35 and newer; with this NVRTC: sm_${oldest} to sm_${Math.max(...archs)}`);
    } else {
      expect(r.stdout).toContain('archs    cupyts supports sm_35 and newer');
    }
    expect(JSON.parse(run(['info', '--json']).stdout).minimumArch).toBe('sm_35');
  });
});
