// The engine under cp.cuda.nccl: collective and point-to-point calls recorded as plain records,
// grouped as NCCL groups them (groupStart/groupEnd), checked, then run: through NCCL on CUDA
// devices, or in memory on the CPU backend's virtual devices.
//
// Every communicator of one process's set (NcclCommunicator.initAll) is a rank of one `Clique`.
// Those ranks are all driven by this thread, so NCCL needs their calls inside one group (a lone
// call would wait for ever for the other ranks); cupyts makes that a clear error, and at
// groupEnd checks that the ranks' calls match (the same collectives in the same order, with the
// same counts, dtypes, ops and roots; every send with its recv) before NCCL sees them, so a
// mismatch is an error instead of a hang. A communicator whose other ranks live in other
// processes (new NcclCommunicator(n, id, rank)) cannot be checked that way; its calls go to NCCL
// as they come.
import type { DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import type { CpuBuffer } from '../runtime/cpu-device.js';
import type { CudaBuffer } from '../runtime/cuda-buffer.js';
import { NCCL_DTYPE, NCCL_OP } from '../runtime/nccl-exports.js';
import { CudaRunner } from './cuda-runner.js';
import { cpuStored } from './host-data.js';
import { traceCut } from './jit-trace.js';
import { reduceStored, type NcclOp } from './nccl-host-reduce.js';
import type { Runner, Storage } from './runners.js';

/** The ranks of one communicator set driven by this process. */
export interface Clique {
  readonly size: number;
}

/** What the engine needs of a communicator. */
export interface CommEndpoint {
  readonly rank: number;
  readonly nranks: number;
  readonly runner: Runner;
  /** The set this rank belongs to when all its ranks are in this process. */
  readonly clique: Clique | undefined;
  /** NCCL's communicator (CUDA), undefined on the CPU backend. */
  readonly handle: bigint | undefined;
}

export type CollectiveKind = 'allReduce' | 'broadcast' | 'reduce' | 'allGather' | 'reduceScatter';

/** One call: `count` elements of `dtype` in `send` (for recv: to receive). */
export interface NcclCall {
  kind: CollectiveKind | 'send' | 'recv';
  comm: CommEndpoint;
  dtype: DType;
  count: number;
  send?: Storage;
  recv?: Storage;
  op?: NcclOp;
  root?: number;
  peer?: number;
}

let depth = 0;
let pending: NcclCall[] = [];

/** NCCL's ncclGroupStart: calls from here to the matching groupEnd run together. */
export function groupStart(): void {
  depth++;
}

/** NCCL's ncclGroupEnd: the outermost one checks and runs every call of the group. */
export function groupEnd(): void {
  if (depth === 0) throw new CupytsError('ERR_NCCL_GROUP', 'cuda.nccl.groupEnd: expected a groupStart() before it');
  depth--;
  if (depth > 0) return;
  const calls = pending;
  pending = [];
  // The calls run now, at the call (those made inside a traced fn cut at submit; these may have been made before it).
  if (calls.length > 0) traceCut('cuda.nccl.groupEnd: NCCL runs at the call');
  runCalls(calls);
}

/** Whether a group is open (calls are being collected). */
export function inGroup(): boolean {
  return depth > 0;
}

/** Records a call: kept for groupEnd inside a group, else run now. */
export function submit(op: string, call: NcclCall): void {
  traceCut(`${op}: NCCL runs at the call`);
  if (depth > 0) {
    pending.push(call);
    return;
  }
  if (call.comm.clique && call.comm.nranks > 1) {
    throw new CupytsError('ERR_NCCL_GROUP', `${op}: the ${call.comm.nranks} ranks of NcclCommunicator.initAll are all in this process, ` +
      'so their calls must be made between cuda.nccl.groupStart() and groupEnd() (NCCL would wait for ever for the other ranks)');
  }
  runCalls([call]);
}

// ---- checking a group ----------------------------------------------------------------------

function describeCall(c: NcclCall): string {
  const extra = c.op ? `, op '${c.op}'` : c.root !== undefined ? `, root ${c.root}` : '';
  return `${c.kind} of ${c.count} ${c.dtype.name}${extra}`;
}

/** The calls of each rank of `clique`, in call order. */
function byRank(calls: readonly NcclCall[], size: number): NcclCall[][] {
  const ranks: NcclCall[][] = Array.from({ length: size }, () => []);
  for (const c of calls) ranks[c.comm.rank].push(c);
  return ranks;
}

/** The collectives of a clique, one round per collective with one call per rank; throws on a mismatch. */
function collectiveRounds(calls: readonly NcclCall[], size: number): NcclCall[][] {
  const ranks = byRank(calls.filter((c) => c.kind !== 'send' && c.kind !== 'recv'), size);
  const most = Math.max(...ranks.map((r) => r.length));
  const rounds: NcclCall[][] = [];
  for (let i = 0; i < most; i++) {
    const round = ranks.map((r) => r[i]);
    const first = round.find((c) => c !== undefined)!;
    const missing = round.flatMap((c, rank) => (c === undefined ? [rank] : []));
    if (missing.length > 0) {
      throw new CupytsError('ERR_NCCL_MISMATCH', `cuda.nccl.groupEnd: ${first.kind} call ${i + 1} of rank ${first.comm.rank} has no ` +
        `matching call on rank${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${size} (NCCL would wait for ever)`);
    }
    for (const c of round) {
      if (c.kind !== first.kind || c.count !== first.count || c.dtype !== first.dtype || c.op !== first.op || c.root !== first.root) {
        throw new CupytsError('ERR_NCCL_MISMATCH', `cuda.nccl.groupEnd: collective ${i + 1} differs across ranks: rank ` +
          `${first.comm.rank} called ${describeCall(first)}, rank ${c.comm.rank} called ${describeCall(c)}`);
      }
    }
    rounds.push(round);
  }
  return rounds;
}

/** Each send of a clique with its recv (in order per pair of ranks); throws on a lone or mismatched one. */
function pointToPointPairs(calls: readonly NcclCall[]): [NcclCall, NcclCall][] {
  const queues = new Map<string, { sends: NcclCall[]; recvs: NcclCall[] }>();
  const queue = (from: number, to: number) => {
    const key = `${from}->${to}`;
    let q = queues.get(key);
    if (!q) queues.set(key, (q = { sends: [], recvs: [] }));
    return q;
  };
  for (const c of calls) {
    if (c.kind === 'send') queue(c.comm.rank, c.peer!).sends.push(c);
    else if (c.kind === 'recv') queue(c.peer!, c.comm.rank).recvs.push(c);
  }
  const pairs: [NcclCall, NcclCall][] = [];
  for (const [key, { sends, recvs }] of queues) {
    if (sends.length !== recvs.length) {
      throw new CupytsError('ERR_NCCL_MISMATCH', `cuda.nccl.groupEnd: ${sends.length} send(s) and ${recvs.length} recv(s) from rank ` +
        `${key.replace('->', ' to rank ')} (every send needs its recv; NCCL would wait for ever)`);
    }
    sends.forEach((s, i) => {
      const r = recvs[i];
      if (s.count !== r.count || s.dtype !== r.dtype) {
        throw new CupytsError('ERR_NCCL_MISMATCH', `cuda.nccl.groupEnd: rank ${s.comm.rank} sends ${s.count} ${s.dtype.name} but rank ` +
          `${r.comm.rank} expects ${r.count} ${r.dtype.name}`);
      }
      pairs.push([s, r]);
    });
  }
  return pairs;
}

/** The calls grouped by clique (calls of communicators spanning processes are left alone). */
function cliquesOf(calls: readonly NcclCall[]): Map<Clique, NcclCall[]> {
  const out = new Map<Clique, NcclCall[]>();
  for (const c of calls) {
    if (!c.comm.clique) continue;
    const list = out.get(c.comm.clique) ?? [];
    list.push(c);
    out.set(c.comm.clique, list);
  }
  return out;
}

function runCalls(calls: readonly NcclCall[]): void {
  if (calls.length === 0) return;
  const checked = [...cliquesOf(calls)].map(([clique, list]) => ({
    rounds: collectiveRounds(list, clique.size),
    pairs: pointToPointPairs(list),
  }));
  if (calls[0].comm.runner instanceof CudaRunner) runOnCuda(calls);
  else for (const { rounds, pairs } of checked) runInMemory(rounds, pairs);
}

// ---- NCCL ------------------------------------------------------------------------------------

/** NCCL's dtype and the element count for a reduction (complex as pairs of its float). */
function reductionType(dtype: DType, count: number): [number, number] {
  if (dtype.kind === 'c') return [dtype.name === 'complex64' ? NCCL_DTYPE.float32 : NCCL_DTYPE.float64, 2 * count];
  return [NCCL_DTYPE[dtype.name as keyof typeof NCCL_DTYPE], count];
}

function runOnCuda(calls: readonly NcclCall[]): void {
  const addon = (calls[0].comm.runner as CudaRunner).device.addon;
  const bytes = (c: NcclCall) => c.count * c.dtype.itemsize;
  try {
    addon.ncclGroupStart();
    try {
      for (const c of calls) {
        const device = (c.comm.runner as CudaRunner).device;
        device.makeCurrent();
        const comm = c.comm.handle!;
        const stream = device.stream;
        const send = () => (c.send as CudaBuffer).readPtr;
        const recv = () => (c.recv as CudaBuffer).ptr;
        const [type, n] = reductionType(c.dtype, c.count);
        switch (c.kind) {
          case 'allReduce': addon.ncclAllReduce(send(), recv(), n, type, NCCL_OP[c.op!], comm, stream); break;
          case 'reduce': addon.ncclReduce(send(), c.recv ? recv() : send(), n, type, NCCL_OP[c.op!], c.root!, comm, stream); break;
          case 'reduceScatter': addon.ncclReduceScatter(send(), recv(), n / c.comm.nranks, type, NCCL_OP[c.op!], comm, stream); break;
          case 'broadcast': addon.ncclBroadcast(send(), recv(), bytes(c), NCCL_DTYPE.uint8, c.root!, comm, stream); break;
          case 'allGather': addon.ncclAllGather(send(), recv(), bytes(c), NCCL_DTYPE.uint8, comm, stream); break;
          case 'send': addon.ncclSend(send(), bytes(c), NCCL_DTYPE.uint8, c.peer!, comm, stream); break;
          case 'recv': addon.ncclRecv(recv(), bytes(c), NCCL_DTYPE.uint8, c.peer!, comm, stream); break;
        }
      }
    } finally {
      addon.ncclGroupEnd();
    }
  } catch (err) {
    if (err instanceof CupytsError) throw err;
    throw new CupytsError('ERR_NCCL', `cuda.nccl: ${(err as Error).message}`, { cause: err });
  }
}

// ---- in memory (the CPU backend's virtual devices) ------------------------------------------------

const stored = (c: NcclCall, which: 'send' | 'recv', count = c.count) =>
  cpuStored(c.dtype, c[which] as CpuBuffer, 0, count);

const bytesOf = (c: NcclCall, which: 'send' | 'recv') => (c[which] as CpuBuffer).view();

function runRound(round: readonly NcclCall[]): void {
  const first = round[0];
  const n = round.length;
  switch (first.kind) {
    case 'allReduce': {
      const result = stored(first, 'recv');
      reduceStored(first.dtype, first.op!, round.map((r) => stored(r, 'send')), result);
      for (const c of round.slice(1)) stored(c, 'recv').set(result as never);
      return;
    }
    case 'reduce': {
      const root = round[first.root!];
      reduceStored(root.dtype, root.op!, round.map((r) => stored(r, 'send')), stored(root, 'recv'));
      return;
    }
    case 'reduceScatter': {
      const total = stored(first, 'send').slice();
      reduceStored(first.dtype, first.op!, round.map((r) => stored(r, 'send')), total);
      const part = total.length / n;
      for (const c of round) stored(c, 'recv', first.count / n).set(total.subarray(c.comm.rank * part, (c.comm.rank + 1) * part) as never);
      return;
    }
    case 'broadcast': {
      const from = bytesOf(round[first.root!], 'send').subarray(0, first.count * first.dtype.itemsize);
      for (const c of round) bytesOf(c, 'recv').set(from);
      return;
    }
    case 'allGather': {
      const size = first.count * first.dtype.itemsize;
      for (const c of round) {
        const out = bytesOf(c, 'recv');
        for (const r of round) out.set(bytesOf(r, 'send').subarray(0, size), r.comm.rank * size);
      }
      return;
    }
    default:
      throw new CupytsError('ERR_INTERNAL', `cuda.nccl: ${first.kind} is not a collective`);
  }
}

function runInMemory(rounds: readonly NcclCall[][], pairs: readonly [NcclCall, NcclCall][]): void {
  for (const round of rounds) runRound(round);
  for (const [s, r] of pairs) bytesOf(r, 'recv').set(bytesOf(s, 'send').subarray(0, s.count * s.dtype.itemsize));
}

/** Forgets an open group (tests). */
export function resetGroups(): void {
  depth = 0;
  pending = [];
}
