// A CUDA graph over a fixed list of kernel launches (a traced function's launch list:
// src/api/jit-graph.ts), built node by node in launch order (each node after the one before), and
// launched with one driver call. Between launches, only nodes whose arguments changed (new
// buffers, new scalars) are updated in place (cuGraphExecKernelNodeSetParams): a loop that reuses
// its buffers launches the graph with no update at all.
import { packLaunchArgs } from './launch-args.js';
import type { CudaDevice } from './cuda-device.js';
import type { LaunchRecord } from './cuda-module.js';
import type { Handle } from './native.js';

const slotBytes = (l: LaunchRecord): Uint8Array => new Uint8Array(packLaunchArgs(l.types, l.args), 0, l.args.length * 8).slice();

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The launch's shape: kernel, grid, block, shared memory and argument types (what a node keeps). */
const shapeOf = (l: LaunchRecord): string => `${l.kernel.handle}:${l.grid}:${l.block}:${l.sharedBytes}:${l.types}`;

export class CudaGraph {
  readonly device: CudaDevice;
  #graph: Handle | undefined;
  #exec: Handle | undefined;
  readonly #nodes: Handle[] = [];
  readonly #shapes: string[];
  readonly #args: Uint8Array[];

  /** Whether the driver has graphs (CUDA 11.4+). */
  static supported(device: CudaDevice): boolean {
    return device.addon.graphsSupported();
  }

  constructor(device: CudaDevice, launches: readonly LaunchRecord[]) {
    this.device = device;
    this.#shapes = launches.map(shapeOf);
    this.#args = launches.map(slotBytes);
    const addon = device.addon;
    device.makeCurrent();
    this.#graph = addon.graphCreate();
    try {
      let previous: Handle = 0n;
      for (const l of launches) {
        previous = addon.graphAddKernelNode(this.#graph, previous, l.kernel.handle, ...l.grid, ...l.block, l.sharedBytes, l.args.length, packLaunchArgs(l.types, l.args));
        this.#nodes.push(previous);
      }
      this.#exec = addon.graphInstantiate(this.#graph);
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  /** Whether `launches` are this graph's nodes (same kernels and geometry, in order), whatever their arguments. */
  fits(launches: readonly LaunchRecord[]): boolean {
    return launches.length === this.#shapes.length && launches.every((l, k) => shapeOf(l) === this.#shapes[k]);
  }

  /** Queues the graph on the current stream, with `launches`' arguments (see fits()). */
  launch(launches: readonly LaunchRecord[]): void {
    const addon = this.device.addon;
    launches.forEach((l, k) => {
      const bytes = slotBytes(l);
      if (sameBytes(bytes, this.#args[k])) return;
      addon.graphExecKernelNodeSetParams(this.#exec!, this.#nodes[k], l.kernel.handle, ...l.grid, ...l.block, l.sharedBytes, l.args.length, packLaunchArgs(l.types, l.args));
      this.#args[k] = bytes;
    });
    addon.graphLaunch(this.#exec!, this.device.stream);
  }

  dispose(): void {
    const addon = this.device.addon;
    if (this.#exec !== undefined) addon.graphExecDestroy(this.#exec);
    if (this.#graph !== undefined) addon.graphDestroy(this.#graph);
    this.#exec = undefined;
    this.#graph = undefined;
  }
}
