// A CUDA graph over a fixed list of kernel launches and library calls (a traced function's launch
// list: src/api/jit-graph.ts), built node by node in launch order (each node after the one
// before), and launched with one driver call. A library call (a cuBLAS GEMM) is a child graph:
// its work captured from the stream (cuStreamBeginCapture/EndCapture) while the graph is built.
// Between launches, only nodes whose arguments changed (new buffers, new scalars) are updated in
// place (cuGraphExecKernelNodeSetParams; a library call is captured again and swapped in with
// cuGraphExecChildGraphNodeSetParams): a loop that reuses its buffers launches the graph with no
// update at all.
import { packLaunchArgs } from './launch-args.js';
import type { CudaDevice } from './cuda-device.js';
import type { KernelLaunch, LaunchRecord, LibraryLaunch } from './cuda-module.js';
import type { Handle } from './native.js';

const slotBytes = (l: KernelLaunch): Uint8Array => new Uint8Array(packLaunchArgs(l.types, l.args), 0, l.args.length * 8).slice();

/** What of a launch may change between calls: a kernel's argument bytes, a library call's buffers. */
const argsOf = (l: LaunchRecord): Uint8Array | string => ('queue' in l ? l.args : slotBytes(l));

const sameArgs = (a: Uint8Array | string, b: Uint8Array | string): boolean => {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The launch's shape: kernel, grid, block, shared memory and argument types (what a node keeps). */
const shapeOf = (l: LaunchRecord): string => ('queue' in l ? `${l.library}:${l.shape}` : `${l.kernel.handle}:${l.grid}:${l.block}:${l.sharedBytes}:${l.types}`);

/** The graph of a library call's work, captured from the device's current stream. */
function capture(device: CudaDevice, l: LibraryLaunch): Handle {
  const addon = device.addon;
  const stream = device.stream;
  addon.streamBeginCapture(stream);
  try {
    l.queue();
  } catch (err) {
    try { addon.graphDestroy(addon.streamEndCapture(stream)); } catch { /* the capture was invalidated: no graph */ }
    throw err;
  }
  return addon.streamEndCapture(stream);
}

export class CudaGraph {
  readonly device: CudaDevice;
  #graph: Handle | undefined;
  #exec: Handle | undefined;
  readonly #nodes: Handle[] = [];
  readonly #shapes: string[];
  readonly #args: Array<Uint8Array | string>;

  /** Whether the driver has graphs (CUDA 11.4+), and stream capture where `launches` hold library calls. */
  static supported(device: CudaDevice, launches: readonly LaunchRecord[] = []): boolean {
    return device.addon.graphsSupported() && (launches.every((l) => !('queue' in l)) || device.addon.captureSupported());
  }

  constructor(device: CudaDevice, launches: readonly LaunchRecord[]) {
    this.device = device;
    this.#shapes = launches.map(shapeOf);
    this.#args = launches.map(argsOf);
    const addon = device.addon;
    device.makeCurrent();
    this.#graph = addon.graphCreate();
    try {
      let previous: Handle = 0n;
      for (const l of launches) {
        previous = 'queue' in l ? this.#addLibraryNode(previous, l)
          : addon.graphAddKernelNode(this.#graph, previous, l.kernel.handle, ...l.grid, ...l.block, l.sharedBytes, l.args.length, packLaunchArgs(l.types, l.args));
        this.#nodes.push(previous);
      }
      this.#exec = addon.graphInstantiate(this.#graph);
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  #addLibraryNode(previous: Handle, l: LibraryLaunch): Handle {
    const child = capture(this.device, l);
    try {
      return this.device.addon.graphAddChildGraphNode(this.#graph!, previous, child);
    } finally {
      this.device.addon.graphDestroy(child); // the node holds a copy
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
      const args = argsOf(l);
      if (sameArgs(args, this.#args[k])) return;
      if ('queue' in l) {
        const child = capture(this.device, l);
        try {
          addon.graphExecChildGraphNodeSetParams(this.#exec!, this.#nodes[k], child);
        } finally {
          addon.graphDestroy(child);
        }
      } else {
        addon.graphExecKernelNodeSetParams(this.#exec!, this.#nodes[k], l.kernel.handle, ...l.grid, ...l.block, l.sharedBytes, l.args.length, packLaunchArgs(l.types, l.args));
      }
      this.#args[k] = args;
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
