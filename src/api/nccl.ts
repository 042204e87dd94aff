// cp.cuda.nccl (CuPy's cupy.cuda.nccl): NCCL communicators and collectives on arrays. A call takes
// arrays and returns new arrays (NCCL itself takes pointers): the input is evaluated first, the
// result is a new array on the communicator's device, filled on that device's current stream, so
// lazy work before and after orders with it as with any kernel.
//   - NcclCommunicator.initAll(devices): one communicator per device, all driven by this process;
//     their calls go between cuda.nccl.groupStart() and groupEnd(), where cupyts checks that the
//     ranks' calls match (see ./nccl-collectives.ts). The results of calls made inside a group are
//     filled at its groupEnd.
//   - new NcclCommunicator(nranks, id, rank): one rank of a communicator spanning processes, the
//     id from get_unique_id() on one of them, passed to the others (cuda.nccl.rendezvous does it
//     over TCP).
// On the CPU backend the same calls run in memory between virtual devices (cp.config.cpuDevices),
// so every program and test runs without GPUs; a communicator spanning processes is CUDA-only there.
import { randomBytes } from 'node:crypto';
import { float64, type DType } from '../ir/dtype.js';
import { CupytsError } from '../ir/errors.js';
import { sourceNode } from '../ir/graph.js';
import { sizeOf } from '../ir/shape.js';
import { loadNccl } from '../runtime/nccl-library.js';
import { currentBackend } from '../runtime/backend.js';
import { currentDeviceOrdinal, runnerOfDevice } from './context.js';
import { CudaRunner } from './cuda-runner.js';
import { deviceCount } from './cuda-device-api.js';
import { runnerOrdinal } from './device-placement.js';
import { evaluate } from './evaluate.js';
import { contiguousStorage, NDArray, usable } from './ndarray.js';
import { groupEnd as endGroup, groupStart as startGroup, submit, type Clique, type CollectiveKind, type NcclCall } from './nccl-collectives.js';
import type { NcclOp } from './nccl-host-reduce.js';
import { arrayLike } from './array-params.js';
import * as t from './param-types.js';
import type { Runner, Storage } from './runners.js';
import { declare, noArguments, positional, REJECT, required, signature, type ArgsOf, type ParamType } from './signature.js';

const UNIQUE_ID_BYTES = 128;

const opParam = t.oneOf('sum', 'prod', 'max', 'min', 'avg');
const uniqueId: ParamType<Uint8Array> = {
  expected: `a unique id (a ${UNIQUE_ID_BYTES}-byte Uint8Array from cuda.nccl.get_unique_id())`,
  parse: (x) => (x instanceof Uint8Array && x.length === UNIQUE_ID_BYTES ? x : REJECT),
};
const deviceList: ParamType<number | readonly number[], number[]> = {
  expected: 'a device count or a list of device ids',
  parse: (x) => {
    if (t.isInteger(x) && x >= 1) return Array.from({ length: x }, (_, i) => i);
    return t.isListOf(x, (d): d is number => t.isInteger(d) && d >= 0) && x.length > 0 ? [...x] : REJECT;
  },
};

function ncclError(op: string, err: unknown): CupytsError {
  if (err instanceof CupytsError) return err;
  return new CupytsError('ERR_NCCL', `${op}: ${(err as Error).message}`, { cause: err });
}

/** The loaded addon of a CUDA runner, with NCCL loaded (ERR_NCCL_NOT_FOUND lists what was tried). */
function ncclAddon(runner: CudaRunner) {
  loadNccl(runner.device.addon);
  return runner.device.addon;
}

function checkDevices(op: string, devices: readonly number[]): void {
  const n = deviceCount();
  for (const d of devices) {
    if (d >= n) throw new CupytsError('ERR_NO_DEVICE', `${op}: expected device ids in [0, ${n}), got ${d}`);
  }
  if (new Set(devices).size !== devices.length) throw new CupytsError('ERR_ARG', `${op}: expected distinct devices, got [${devices.join(', ')}]`);
}

const REDUCIBLE = new Set(['int8', 'uint8', 'int32', 'uint32', 'int64', 'uint64', 'float16', 'float32', 'float64', 'complex64', 'complex128', 'bool']);

/** The dtypes NCCL reduces: no 16-bit integers; complex only summed or averaged; bool only max/min. */
function checkReduction(op: string, dtype: DType, reduceOp: NcclOp): void {
  const ok = REDUCIBLE.has(dtype.name) &&
    (dtype.kind !== 'c' || reduceOp === 'sum' || reduceOp === 'avg') &&
    (dtype.name !== 'bool' || reduceOp === 'max' || reduceOp === 'min');
  if (!ok) throw new CupytsError('ERR_DTYPE', `${op}: NCCL cannot reduce ${dtype.name} with '${reduceOp}'`);
}

const INIT_PARAMS = [required('ndev', t.count), required('commId', uniqueId), required('rank', t.count)] as const;
const INIT = signature('cuda.nccl.NcclCommunicator', INIT_PARAMS);
const INIT_ALL_PARAMS = [required('devices', deviceList)] as const;
const INIT_ALL = signature('cuda.nccl.NcclCommunicator.initAll', INIT_ALL_PARAMS);
const ALL_REDUCE_PARAMS = [required('x', arrayLike), positional('op', opParam, 'sum')] as const;
const ALL_REDUCE = signature('NcclCommunicator.allReduce', ALL_REDUCE_PARAMS);
const REDUCE_PARAMS = [required('x', arrayLike), positional('op', opParam, 'sum'), positional('root', t.count, 0)] as const;
const REDUCE = signature('NcclCommunicator.reduce', REDUCE_PARAMS);
const BROADCAST_PARAMS = [required('x', arrayLike), positional('root', t.count, 0)] as const;
const BROADCAST = signature('NcclCommunicator.broadcast', BROADCAST_PARAMS);
const ALL_GATHER_PARAMS = [required('x', arrayLike)] as const;
const ALL_GATHER = signature('NcclCommunicator.allGather', ALL_GATHER_PARAMS);
const REDUCE_SCATTER_PARAMS = [required('x', arrayLike), positional('op', opParam, 'sum')] as const;
const REDUCE_SCATTER = signature('NcclCommunicator.reduceScatter', REDUCE_SCATTER_PARAMS);
const SEND_PARAMS = [required('x', arrayLike), required('peer', t.count)] as const;
const SEND = signature('NcclCommunicator.send', SEND_PARAMS);
const RECV_PARAMS = [required('peer', t.count), required('shape', t.shape), positional('dtype', t.dtype, float64)] as const;
const RECV = signature('NcclCommunicator.recv', RECV_PARAMS);

const INTERNAL = Symbol('NcclCommunicator.internal');
interface InternalInit {
  rank: number;
  nranks: number;
  runner: Runner;
  clique: Clique;
  handle: bigint | undefined;
}

/** One rank of an NCCL communicator (CuPy's cupy.cuda.nccl.NcclCommunicator), with collectives on arrays. */
export class NcclCommunicator {
  /** @internal */ readonly rank: number;
  /** @internal */ readonly nranks: number;
  /** @internal */ readonly runner: Runner;
  /** @internal */ readonly clique: Clique | undefined;
  #handle: bigint | undefined;
  #destroyed = false;

  /**
   * NcclCommunicator(ndev, commId, rank): rank `rank` of a communicator of `ndev` ranks spanning
   * processes, on the current device; `commId` from get_unique_id() on one of them. Every rank
   * must join (NCCL waits for them). On the CPU backend only ndev 1 (there is no transport between
   * processes there); use NcclCommunicator.initAll for several virtual devices.
   */
  constructor(...args: ArgsOf<typeof INIT_PARAMS>);
  /** @internal */
  constructor(internal: typeof INTERNAL, init: InternalInit);
  constructor(...args: unknown[]) {
    if (args[0] === INTERNAL) {
      const init = args[1] as InternalInit;
      this.rank = init.rank;
      this.nranks = init.nranks;
      this.runner = init.runner;
      this.clique = init.clique;
      this.#handle = init.handle;
      return;
    }
    const v = INIT.parse(args);
    const op = 'cuda.nccl.NcclCommunicator';
    if (v.ndev < 1) throw new CupytsError('ERR_ARG', `${op}: expected ndev of at least 1, got ${v.ndev}`);
    if (v.rank >= v.ndev) throw new CupytsError('ERR_ARG', `${op}: expected a rank in [0, ${v.ndev}), got ${v.rank}`);
    this.rank = v.rank;
    this.nranks = v.ndev;
    this.runner = runnerOfDevice(currentBackend(), currentDeviceOrdinal());
    this.clique = v.ndev === 1 ? { size: 1 } : undefined;
    if (this.runner instanceof CudaRunner) {
      this.runner.device.makeCurrent();
      try {
        this.#handle = ncclAddon(this.runner).ncclCommInitRank(v.ndev, v.commId, v.rank);
      } catch (err) {
        throw ncclError(op, err);
      }
    } else if (v.ndev > 1) {
      throw new CupytsError('ERR_UNSUPPORTED', `${op}: the CPU backend has no transport between processes, so a communicator ` +
        `spans one process there (ndev 1, or NcclCommunicator.initAll over cp.config.cpuDevices virtual devices); got ndev ${v.ndev}`);
    }
  }

  /** initAll(devices): one communicator per device (a count n: devices 0…n-1), rank i on devices[i], all in this process. */
  static initAll(...args: ArgsOf<typeof INIT_ALL_PARAMS>): NcclCommunicator[] {
    const op = 'cuda.nccl.NcclCommunicator.initAll';
    const { devices } = INIT_ALL.parse(args as unknown[]);
    checkDevices(op, devices);
    const backend = currentBackend();
    const runners = devices.map((d) => runnerOfDevice(backend, d));
    let handles: (bigint | undefined)[] = devices.map(() => undefined);
    if (backend === 'cuda') {
      try {
        handles = ncclAddon(runners[0] as CudaRunner).ncclCommInitAll(devices);
      } catch (err) {
        throw ncclError(op, err);
      }
    }
    const clique: Clique = { size: devices.length };
    return runners.map((runner, rank) =>
      new NcclCommunicator(INTERNAL, { rank, nranks: devices.length, runner, clique, handle: handles[rank] }));
  }

  /** @internal NCCL's handle (CUDA). */
  get handle(): bigint | undefined {
    return this.#handle;
  }

  /** This rank. */
  rank_id(): number {
    noArguments('NcclCommunicator.rank_id', arguments);
    return this.rank;
  }

  /** The number of ranks. */
  size(): number {
    noArguments('NcclCommunicator.size', arguments);
    return this.nranks;
  }

  /** The device this rank runs on. */
  device_id(): number {
    noArguments('NcclCommunicator.device_id', arguments);
    return runnerOrdinal(this.runner);
  }

  /** allReduce(x, op='sum'): `op` over every rank's x, on every rank ('sum', 'prod', 'max', 'min', 'avg'). */
  allReduce(...args: ArgsOf<typeof ALL_REDUCE_PARAMS>): NDArray {
    const v = ALL_REDUCE.parse(args as unknown[]);
    const x = this.#input('NcclCommunicator.allReduce', v.x);
    checkReduction('NcclCommunicator.allReduce', x.dtype, v.op);
    return this.#call('NcclCommunicator.allReduce', 'allReduce', x, x.shape, { op: v.op });
  }

  /** reduce(x, op='sum', root=0): `op` over every rank's x, on rank `root` (null on the others). */
  reduce(...args: ArgsOf<typeof REDUCE_PARAMS>): NDArray | null {
    const v = REDUCE.parse(args as unknown[]);
    const x = this.#input('NcclCommunicator.reduce', v.x);
    checkReduction('NcclCommunicator.reduce', x.dtype, v.op);
    this.#checkRank('NcclCommunicator.reduce', 'root', v.root);
    const extra = { op: v.op, root: v.root };
    if (this.rank === v.root) return this.#call('NcclCommunicator.reduce', 'reduce', x, x.shape, extra);
    this.#submit('NcclCommunicator.reduce', 'reduce', x, extra); // NCCL writes the result on the root only
    return null;
  }

  /** broadcast(x, root=0): rank `root`'s x on every rank (each rank passes an array of that shape and dtype). */
  broadcast(...args: ArgsOf<typeof BROADCAST_PARAMS>): NDArray {
    const v = BROADCAST.parse(args as unknown[]);
    const x = this.#input('NcclCommunicator.broadcast', v.x);
    this.#checkRank('NcclCommunicator.broadcast', 'root', v.root);
    return this.#call('NcclCommunicator.broadcast', 'broadcast', x, x.shape, { root: v.root });
  }

  /** allGather(x): every rank's x stacked in rank order, shape (nranks, ...x.shape), on every rank. */
  allGather(...args: ArgsOf<typeof ALL_GATHER_PARAMS>): NDArray {
    const v = ALL_GATHER.parse(args as unknown[]);
    const x = this.#input('NcclCommunicator.allGather', v.x);
    return this.#call('NcclCommunicator.allGather', 'allGather', x, [this.nranks, ...x.shape], {});
  }

  /** reduceScatter(x, op='sum'): `op` over every rank's x, split along axis 0 into nranks parts; rank r gets part r. */
  reduceScatter(...args: ArgsOf<typeof REDUCE_SCATTER_PARAMS>): NDArray {
    const op = 'NcclCommunicator.reduceScatter';
    const v = REDUCE_SCATTER.parse(args as unknown[]);
    const x = this.#input(op, v.x);
    checkReduction(op, x.dtype, v.op);
    if (x.ndim === 0 || x.shape[0] % this.nranks !== 0) {
      throw new CupytsError('ERR_SHAPE', `${op}: expected an axis 0 divisible by the ${this.nranks} ranks, got shape [${x.shape.join(', ')}]`);
    }
    return this.#call(op, 'reduceScatter', x, [x.shape[0] / this.nranks, ...x.shape.slice(1)], { op: v.op });
  }

  /** send(x, peer): sends x to rank `peer`, which calls recv(rank, x.shape, x.dtype). */
  send(...args: ArgsOf<typeof SEND_PARAMS>): void {
    const op = 'NcclCommunicator.send';
    const v = SEND.parse(args as unknown[]);
    const x = this.#input(op, v.x);
    this.#checkRank(op, 'peer', v.peer);
    this.#submit(op, 'send', x, { peer: v.peer });
  }

  /** recv(peer, shape, dtype='float64'): a new array received from rank `peer`'s send. */
  recv(...args: ArgsOf<typeof RECV_PARAMS>): NDArray {
    const op = 'NcclCommunicator.recv';
    const v = RECV.parse(args as unknown[]);
    this.#usable(op);
    this.#checkRank(op, 'peer', v.peer);
    const count = sizeOf(v.shape);
    const recv = this.runner.alloc(v.dtype, count);
    submit(op, { kind: 'recv', comm: this, dtype: v.dtype, count, recv, peer: v.peer });
    return new NDArray(sourceNode(v.shape, v.dtype, recv), this.runner);
  }

  /** Frees the communicator (NCCL's ncclCommDestroy); later calls are errors. */
  destroy(): void {
    noArguments('NcclCommunicator.destroy', arguments);
    if (this.#destroyed) return;
    this.#destroyed = true;
    if (this.#handle !== undefined) (this.runner as CudaRunner).device.addon.ncclCommDestroy(this.#handle);
  }

  [Symbol.dispose](): void {
    this.destroy();
  }

  #usable(op: string): void {
    if (this.#destroyed) throw new CupytsError('ERR_DISPOSED', `${op}: the communicator was destroyed`);
  }

  #checkRank(op: string, name: string, r: number): void {
    if (r >= this.nranks) throw new CupytsError('ERR_ARG', `${op}: expected ${name} in [0, ${this.nranks}), got ${r}`);
  }

  /** The input array, on this rank's device, computed. */
  #input(op: string, value: NDArray): NDArray {
    this.#usable(op);
    const x = value as NDArray;
    usable(op, x);
    if (x.runner !== this.runner) {
      throw new CupytsError('ERR_DEVICE', `${op}: expected an array on ${this.runner.deviceName} (rank ${this.rank}'s device), got one on ${x.runner.deviceName}`);
    }
    evaluate(x.runner, [x.node]);
    return x;
  }

  /** Records one call that sends x (into `recv`, where this rank receives a result). */
  #submit(op: string, kind: NcclCall['kind'], x: NDArray, extra: Partial<NcclCall>, recv?: Storage): void {
    submit(op, { kind, comm: this, dtype: x.dtype, count: x.size, send: contiguousStorage(op, x), recv, ...extra });
  }

  /** Records one collective of x into a new array of `shape`. */
  #call(op: string, kind: CollectiveKind, x: NDArray, shape: number[], extra: Partial<NcclCall>): NDArray {
    const recv = this.runner.alloc(x.dtype, sizeOf(shape));
    this.#submit(op, kind, x, extra, recv);
    return new NDArray(sourceNode(shape, x.dtype, recv), this.runner);
  }
}

/** get_version(): NCCL's version code (e.g. 22703 for 2.27.3); 0 on the CPU backend. */
export const get_version = declare('cuda.nccl.get_version', [] as const, () => {
  if (currentBackend() !== 'cuda') return 0;
  return ncclAddon(runnerOfDevice('cuda', currentDeviceOrdinal()) as CudaRunner).ncclGetVersion();
});

/** get_unique_id(): a new communicator id (128 bytes) to pass to every rank's NcclCommunicator. */
export const get_unique_id = declare('cuda.nccl.get_unique_id', [] as const, (): Uint8Array => {
  if (currentBackend() !== 'cuda') return new Uint8Array(randomBytes(UNIQUE_ID_BYTES));
  return ncclAddon(runnerOfDevice('cuda', currentDeviceOrdinal()) as CudaRunner).ncclGetUniqueId();
});

/** groupStart(): the calls up to the matching groupEnd() run together (NCCL's ncclGroupStart). */
export const groupStart = declare('cuda.nccl.groupStart', [] as const, () => startGroup());

/** groupEnd(): runs the group's calls (after checking that the ranks of this process match). */
export const groupEnd = declare('cuda.nccl.groupEnd', [] as const, () => endGroup());
