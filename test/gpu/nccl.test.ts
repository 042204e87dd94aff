// cp.cuda.nccl through NCCL on a CUDA device: what one GPU allows (a one-rank communicator from
// initAll and from a unique id; every collective and a send/recv to itself), checked against the
// input. Collectives over several GPUs run on a multi-GPU machine (bench/nccl.mjs); their logic
// is tested on virtual CPU devices (test/devices/nccl-virtual.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { currentBackend, setBackendNotice, useBackend } from '../../src/runtime/backend.js';
import { HAS_CUDA_DEVICE } from '../helpers/cuda.js';

setBackendNotice(() => {});
const { NcclCommunicator, groupStart, groupEnd } = cp.cuda.nccl;

describe.skipIf(!HAS_CUDA_DEVICE)('NCCL on the device', () => {
  let before: 'cpu' | 'cuda';
  beforeAll(() => {
    before = currentBackend();
    useBackend('cuda');
  });
  afterAll(() => useBackend(before));

  it('loads NCCL and makes ids', () => {
    expect(cp.cuda.nccl.get_version()).toBeGreaterThan(20000);
    const a = cp.cuda.nccl.get_unique_id();
    expect(a).toHaveLength(128);
    expect(Buffer.from(a).equals(Buffer.from(cp.cuda.nccl.get_unique_id()))).toBe(false);
  });

  it('runs every collective on a one-rank communicator of initAll, fused work around it included', () => {
    const [comm] = NcclCommunicator.initAll([0]);
    expect([comm.rank_id(), comm.size(), comm.device_id()]).toEqual([0, 1, 0]);
    for (const dtype of ['float32', 'float64', 'int32', 'int64', 'uint8', 'float16', 'complex64'] as const) {
      const x = cp.multiply(cp.arange(12, { dtype: dtype === 'complex64' ? 'float32' : dtype }).reshape(3, 4), 2).astype(dtype).T;
      const want = x.toArraySync();
      groupStart();
      const all = comm.allReduce(x);
      const gathered = comm.allGather(x);
      const scattered = comm.reduceScatter(x);
      const bcast = comm.broadcast(x, 0);
      const reduced = comm.reduce(x, 'sum', 0)!;
      comm.send(x, 0);
      const received = comm.recv(0, [4, 3], dtype);
      groupEnd();
      for (const y of [all, scattered, bcast, reduced, received]) expect(y.toArraySync(), dtype).toEqual(want);
      expect(gathered.shape).toEqual([1, 4, 3]);
      expect(gathered.toArraySync()).toEqual([want]);
      expect(cp.subtract(all, x).any().item()).toBe(false); // a lazy consumer reads the result after NCCL wrote it
    }
    comm.destroy();
  });

  it('runs a communicator made from a unique id (one rank per process), outside a group', async () => {
    const id = await cp.cuda.nccl.rendezvous(0, 1, 1);
    const comm = new NcclCommunicator(1, id, 0);
    const x = cp.random.default_rng(1).standard_normal(1 << 20, 'float32');
    for (const op of ['sum', 'max', 'min', 'avg', 'prod'] as const) {
      expect(cp.array_equal(comm.allReduce(x, op), x)).toBe(true);
    }
    comm.destroy();
    expect(() => comm.allReduce(x)).toThrow(/destroyed/);
  });

  it('refuses what one GPU cannot do, clearly', () => {
    expect(() => NcclCommunicator.initAll([cp.cuda.runtime.getDeviceCount()])).toThrow(/device ids/);
    const x = cp.ones(4);
    expect(x.device.id).toBe(0);
    expect(x.to(0)).toBe(x);
    expect(() => x.to(cp.cuda.runtime.getDeviceCount())).toThrow(/device id/);
  });
});
