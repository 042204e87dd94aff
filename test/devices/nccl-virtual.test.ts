// cp.cuda.nccl on the CPU backend's virtual devices (cp.config.cpuDevices), against NumPy: every
// collective over the dtypes NCCL reduces, point-to-point calls, the group rules that keep a
// program from hanging, and copies between devices. The same calls run through NCCL on GPUs
// (test/gpu/nccl.test.ts runs what one GPU allows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { resetGroups } from '../../src/api/nccl-collectives.js';
import { numpy, type DTypeName, type HostArray } from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});

const RANKS = 3;
const { NcclCommunicator, groupStart, groupEnd } = cp.cuda.nccl;

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as cp.CupytsError).code;
  }
  return 'no error';
};

/** Rank r's input: small values of the dtype (signed ones negative too), different per rank. */
function input(dtype: DTypeName, r: number, n = 8): cp.NDArray {
  cp.cuda.Device(r).use();
  const signed = !dtype.startsWith('uint') && dtype !== 'bool';
  const values = Array.from({ length: n }, (_, i) => {
    if (dtype === 'bool') return (i + r) % 3 === 0;
    const v = ((i * 7 + r * 5) % 11) - (signed ? 4 : 0);
    return dtype.startsWith('float') || dtype.startsWith('complex') ? v / 4 : v;
  });
  const x = cp.array(values, dtype);
  return dtype.startsWith('complex') ? cp.add(x, cp.multiply(x, cp.complex(0, 0.5))).astype(dtype) : x;
}

function host(x: cp.NDArray): HostArray {
  return { dtype: x.dtype.name as DTypeName, shape: x.shape, data: x.toTypedArray() as HostArray['data'] };
}

function expectClose(got: cp.NDArray, want: HostArray, dtype: DTypeName): void {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype.name).toBe(dtype);
  const g = Array.from(got.toTypedArray() as ArrayLike<number | bigint>, Number);
  const w = Array.from(want.data as ArrayLike<number | bigint>, Number);
  const tol = dtype === 'float16' ? 1e-2 : dtype.includes('32') || dtype === 'complex64' ? 1e-5 : 1e-12;
  g.forEach((v, i) => expect(Math.abs(v - w[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w[i]))));
}

/** NumPy's answers, asked in one Python process (starting one per test would cost seconds each). */
const answers = new Map<string, HostArray>();
const questions: { key: string; expr: string; xs: () => cp.NDArray[] }[] = [];

/** Registers `expr` over the ranks' inputs x0, x1, x2 (made by `xs` once the CPU backend is on) under `key`. */
function ask(key: string, expr: string, xs: () => cp.NDArray[]): void {
  questions.push({ key, expr, xs });
}

function askAll(): void {
  const results = numpy(questions.map((q) => ({ expr: q.expr, inputs: Object.fromEntries(q.xs().map((x, i) => [`x${i}`, host(x)])) })));
  results.forEach((r, i) => {
    if (!r.ok) throw new Error(`${questions[i].expr}: ${r.error}`);
    answers.set(questions[i].key, r.value as HostArray);
  });
}

function oracle(key: string): HostArray {
  const a = answers.get(key);
  if (!a) throw new Error(`no NumPy answer for ${key}`);
  return a;
}

const STACK = `np.stack([${Array.from({ length: RANKS }, (_, i) => `x${i}`).join(', ')}])`;
/** NumPy's reduction over the ranks, wrapped back into the dtype (NCCL keeps the dtype). */
const REDUCE_EXPR: Record<string, string> = {
  sum: `np.sum(${STACK}, axis=0).astype(x0.dtype)`,
  prod: `np.prod(${STACK}, axis=0).astype(x0.dtype)`,
  max: `np.max(${STACK}, axis=0)`,
  min: `np.min(${STACK}, axis=0)`,
  avg: `(np.trunc(np.sum(${STACK}, axis=0) / ${RANKS}) if x0.dtype.kind in 'iu' else np.sum(${STACK}, axis=0) / ${RANKS}).astype(x0.dtype)`,
};

describe('cp.cuda.nccl on virtual CPU devices', () => {
  let before: 'cpu' | 'cuda';
  let devicesBefore: number;
  let comms: InstanceType<typeof NcclCommunicator>[];

  beforeAll(() => {
    before = currentBackend();
    useBackend('cpu');
    devicesBefore = cp.config.cpuDevices;
    cp.config.cpuDevices = 4;
    comms = NcclCommunicator.initAll(RANKS);
    askAll();
  });
  afterAll(() => {
    resetGroups();
    cp.cuda.Device(0).use();
    cp.config.cpuDevices = devicesBefore;
    useBackend(before);
  });

  /** One collective on every rank, in a group; the per-rank results. */
  function everyRank<T>(call: (comm: InstanceType<typeof NcclCommunicator>, r: number) => T): T[] {
    groupStart();
    const out = comms.map((c, r) => call(c, r));
    groupEnd();
    return out;
  }

  it('says what it is', () => {
    expect(comms.map((c) => [c.rank_id(), c.size(), c.device_id()])).toEqual([[0, 3, 0], [1, 3, 1], [2, 3, 2]]);
    expect(cp.cuda.runtime.getDeviceCount()).toBe(4);
    expect(cp.cuda.nccl.get_version()).toBe(0);
    expect(cp.cuda.nccl.get_unique_id()).toHaveLength(128);
  });

  const REDUCED: [DTypeName, string[]][] = [
    ['float32', ['sum', 'prod', 'max', 'min', 'avg']],
    ['float64', ['sum', 'prod', 'max', 'min', 'avg']],
    ['float16', ['sum', 'max', 'min', 'avg']],
    ['int8', ['sum', 'prod', 'max', 'min', 'avg']],
    ['uint8', ['sum', 'prod', 'max', 'min']],
    ['int32', ['sum', 'prod', 'max', 'min', 'avg']],
    ['uint32', ['sum', 'max', 'min']],
    ['int64', ['sum', 'prod', 'max', 'min', 'avg']],
    ['uint64', ['sum', 'max']],
    ['complex64', ['sum', 'avg']],
    ['complex128', ['sum']],
    ['bool', ['max', 'min']],
  ];

  const reducedInputs = (dtype: DTypeName) => Array.from({ length: RANKS }, (_, r) => input(dtype, r, 6));
  const movedInputs = (dtype: DTypeName) => Array.from({ length: RANKS }, (_, r) => input(dtype, r, 5).reshape(5, 1));
  const viewInputs = () => Array.from({ length: RANKS }, (_, r) => cp.multiply(input('float64', r, 12).reshape(3, 4).T, 2));

  for (const [dtype, ops] of REDUCED) {
    for (const op of ops) {
      ask(`${op} ${dtype}`, REDUCE_EXPR[op], () => reducedInputs(dtype));
      it(`allReduce, reduce and reduceScatter '${op}' over ${dtype} match NumPy`, () => {
        const xs = reducedInputs(dtype);
        const want = oracle(`${op} ${dtype}`);
        const all = everyRank((c, r) => c.allReduce(xs[r], op as 'sum'));
        all.forEach((a, r) => {
          expect(a.device.id).toBe(r);
          expectClose(a, want, dtype);
        });
        const reduced = everyRank((c, r) => c.reduce(xs[r], op as 'sum', 1));
        expect(reduced[0]).toBeNull();
        expect(reduced[2]).toBeNull();
        expectClose(reduced[1]!, want, dtype);
        const scattered = everyRank((c, r) => c.reduceScatter(xs[r].reshape(3, 2), op as 'sum'));
        scattered.forEach((s, r) => expectClose(s, { ...want, shape: [1, 2], data: want.data.slice(r * 2 * (dtype.startsWith('complex') ? 2 : 1), (r + 1) * 2 * (dtype.startsWith('complex') ? 2 : 1)) as HostArray['data'] }, dtype));
      });
    }
  }

  for (const dtype of ['int16', 'uint16', 'float32', 'complex128', 'bool'] as DTypeName[]) {
    ask(`stack ${dtype}`, STACK, () => movedInputs(dtype));
    it(`broadcast, allGather and send/recv move ${dtype} exactly`, () => {
      const xs = movedInputs(dtype);
      const bcast = everyRank((c, r) => c.broadcast(xs[r], 2));
      const wantRoot = host(xs[2]);
      bcast.forEach((b) => expectClose(b, wantRoot, dtype));
      const gathered = everyRank((c, r) => c.allGather(xs[r]));
      const want = oracle(`stack ${dtype}`);
      gathered.forEach((g) => expectClose(g, want, dtype));
      // a ring: each rank sends to the next and receives from the previous
      groupStart();
      const got = comms.map((c, r) => {
        c.send(xs[r], (r + 1) % RANKS);
        return c.recv((r + RANKS - 1) % RANKS, [5, 1], dtype);
      });
      groupEnd();
      got.forEach((g, r) => expectClose(g, host(xs[(r + RANKS - 1) % RANKS]), dtype));
    });
  }

  ask('views', REDUCE_EXPR.sum, viewInputs);
  it('reads non-contiguous and lazy inputs as their values', () => {
    const xs = viewInputs();
    const want = oracle('views');
    everyRank((c, r) => c.allReduce(xs[r])).forEach((a) => expectClose(a, want, 'float64'));
  });

  it('takes empty and 0-d arrays', () => {
    const empty = everyRank((c, r) => c.allReduce(input('float32', r, 0)));
    empty.forEach((e) => expect(e.shape).toEqual([0]));
    const scalars = comms.map((_, r) => { cp.cuda.Device(r).use(); return cp.asarray(r + 1.5); });
    everyRank((c, r) => c.allReduce(scalars[r])).forEach((s) => expect(s.item()).toBe(1.5 + 2.5 + 3.5));
    everyRank((c, r) => c.allGather(scalars[r])).forEach((g) => expect(g.toArraySync()).toEqual([1.5, 2.5, 3.5]));
  });

  it('refuses calls that would hang or mismatch, naming the op', () => {
    const xs = comms.map((_, r) => input('float32', r));
    expect(code(() => comms[0].allReduce(xs[0]))).toBe('ERR_NCCL_GROUP');
    groupStart();
    comms[0].allReduce(xs[0]);
    comms[1].allReduce(xs[1]);
    expect(code(() => groupEnd())).toBe('ERR_NCCL_MISMATCH'); // rank 2 never joins
    groupStart();
    comms.forEach((c, r) => (r === 1 ? c.allReduce(xs[r], 'max') : c.allReduce(xs[r])));
    expect(code(() => groupEnd())).toBe('ERR_NCCL_MISMATCH'); // ops differ
    groupStart();
    comms.forEach((c, r) => c.allGather(r === 2 ? cp.ones(3, 'float32') : xs[r]));
    expect(code(() => groupEnd())).toBe('ERR_NCCL_MISMATCH'); // counts differ
    groupStart();
    comms[0].send(xs[0], 1);
    expect(code(() => groupEnd())).toBe('ERR_NCCL_MISMATCH'); // a send without its recv
    expect(code(() => groupEnd())).toBe('ERR_NCCL_GROUP'); // no group open
  });

  it('checks arguments at the call', () => {
    const xs = comms.map((_, r) => input('int16', r));
    groupStart();
    expect(code(() => comms[0].allReduce(xs[0]))).toBe('ERR_DTYPE'); // NCCL has no 16-bit integers
    expect(code(() => comms[0].allReduce(input('complex64', 0), 'max'))).toBe('ERR_DTYPE');
    expect(code(() => comms[0].allReduce(xs[1]))).toBe('ERR_DEVICE'); // rank 0 is device 0
    expect(code(() => comms[0].allReduce(xs[0], 'mean' as 'sum'))).toBe('ERR_ARG');
    expect(code(() => comms[0].broadcast(xs[0], 3))).toBe('ERR_ARG');
    expect(code(() => comms[0].reduceScatter(input('float32', 0, 4)))).toBe('ERR_SHAPE');
    expect(code(() => (comms[0].allReduce as (...a: unknown[]) => unknown)(xs[0], 'sum', 1))).toBe('ERR_ARG');
    groupEnd();
    expect(code(() => NcclCommunicator.initAll([0, 0]))).toBe('ERR_ARG');
    expect(code(() => NcclCommunicator.initAll([5]))).toBe('ERR_NO_DEVICE');
    expect(code(() => new NcclCommunicator(2, cp.cuda.nccl.get_unique_id(), 0))).toBe('ERR_UNSUPPORTED');
    expect(code(() => new NcclCommunicator(1, new Uint8Array(3), 0))).toBe('ERR_ARG');
    expect(code(() => new NcclCommunicator(2, cp.cuda.nccl.get_unique_id(), 2))).toBe('ERR_ARG');
  });

  it('runs a one-rank communicator without a group, and refuses a destroyed one', () => {
    cp.cuda.Device(1).use();
    const solo = new NcclCommunicator(1, cp.cuda.nccl.get_unique_id(), 0);
    expect(solo.device_id()).toBe(1);
    expect(solo.allReduce(cp.arange(4, { dtype: 'float64' })).toArraySync()).toEqual([0, 1, 2, 3]);
    solo.destroy();
    expect(code(() => solo.allReduce(cp.arange(4)))).toBe('ERR_DISPOSED');
    cp.cuda.Device(0).use();
  });
});

describe('arrays on virtual CPU devices', () => {
  let before: 'cpu' | 'cuda';
  beforeAll(() => {
    before = currentBackend();
    useBackend('cpu');
    cp.config.cpuDevices = 2;
  });
  afterAll(() => {
    cp.cuda.Device(0).use();
    cp.config.cpuDevices = 1;
    useBackend(before);
  });

  it('live on the current device, refuse mixing, and copy with to() and asarray(device)', () => {
    const a = cp.arange(5, { dtype: 'float64' });
    cp.cuda.Device(1).use();
    const b = cp.arange(5, { dtype: 'float64' });
    expect([a.device.id, b.device.id]).toEqual([0, 1]);
    expect(code(() => cp.add(a, b))).toBe('ERR_DEVICE');
    const moved = a.to(1);
    expect(moved.device.id).toBe(1);
    expect(cp.add(moved, b).toArraySync()).toEqual([0, 2, 4, 6, 8]);
    expect(b.to(cp.cuda.Device(1))).toBe(b);
    const back = cp.asarray(cp.multiply(b, 3).T, { device: 0 });
    expect(back.device.id).toBe(0);
    expect(back.toArraySync()).toEqual([0, 3, 6, 9, 12]);
    expect(code(() => a.to(2))).toBe('ERR_NO_DEVICE');
    expect(code(() => (a.to as (...x: unknown[]) => unknown)('cuda:1'))).toBe('ERR_ARG');
    cp.cuda.Device(0).use();
  });

  it('validates the device count setting', () => {
    expect(code(() => { cp.config.cpuDevices = 0; })).toBe('ERR_ARG');
    expect(code(() => { cp.config.cpuDevices = 1.5; })).toBe('ERR_ARG');
  });
});
