// A traced function's launch list as one CUDA graph (./jit.ts, src/runtime/cuda-graph.ts). A
// replay runs as usual (outputs allocated, pointers and scalars computed per call) but its launches
// are collected instead of queued (a cuBLAS GEMM too, as a library call the graph captures from
// the stream into a child graph); the graph is built from the first such list and then launched
// once per call, with only the nodes whose arguments changed updated. Programs whose kernels
// allocate scratch memory between launches (split reductions, scans, sorts, a cuFFT stage's work
// area), check indices, or write into data from outside the replay run as plain launches; so does everything where the driver has no
// graphs or building one fails (after a one-time notice).
import { CudaGraph } from '../runtime/cuda-graph.js';
import { queueLaunch, type LaunchRecord } from '../runtime/cuda-module.js';
import { flagSlots } from '../ir/kernel-plan.js';
import type { CudaRunner } from './cuda-runner.js';
import { replayProgram, type Program, type ProgramStep } from './jit-program.js';
import type { Storage } from './runners.js';

let graphNotice: ((message: string) => void) | undefined = (message) => process.stderr.write(`${message}\n`);

/** Replaces the one-time "CUDA graphs unavailable" notice printer (tests silence it). */
export function setGraphNotice(printer: (message: string) => void): void {
  graphNotice = printer;
}

/**
 * Whether a step's launches are the same kernels (or library calls) every call with no memory
 * work between them: a write into data from outside the replay may first copy it for lazy readers.
 */
export function graphableStep(step: ProgramStep): boolean {
  const { plan } = step;
  if (plan.kind === 'library') return plan.capturable;
  if (plan.kind === 'host') return true;
  if (plan.kind === 'elementwise') return !step.writes && flagSlots(plan) === 0;
  if (plan.kind === 'reduce') return !plan.split || !!plan.cross;
  return false;
}

/** Per program: its graph, or null where it runs as plain launches. */
const graphs = new WeakMap<Program, CudaGraph | null>();

/** Frees the program's graph (when its signature leaves the cache). */
export function dropGraph(program: Program): void {
  graphs.get(program)?.dispose();
  graphs.delete(program);
}

/** Replays `program` through its CUDA graph where it can have one; else as plain launches. */
export function replayGraph(program: Program, runner: CudaRunner, args: readonly Storage[]): Storage[][] {
  let graph = graphs.get(program);
  if (graph === null || !program.steps.every(graphableStep)) {
    graphs.set(program, null);
    return replayProgram(program, runner, args);
  }
  const device = runner.device;
  const launches: LaunchRecord[] = [];
  device.launchSink = (l) => launches.push(l);
  const flush = () => {
    device.launchSink = undefined;
    try {
      if (graph && !graph.fits(launches)) { graph.dispose(); graph = undefined; }
      if (!graph) {
        if (!CudaGraph.supported(device, launches)) throw new Error('the driver has no graph API (CUDA 11.4 or newer)');
        graph = new CudaGraph(device, launches);
        graphs.set(program, graph);
      }
      graph.launch(launches);
    } catch (err) {
      graphNotice?.(`cupyts: jit runs plain launches instead of CUDA graphs: ${(err as Error).message.split('\n')[0]}`);
      graphNotice = undefined;
      graph?.dispose();
      graphs.set(program, null);
      launches.forEach(queueLaunch);
    }
  };
  try {
    return replayProgram(program, runner, args, flush);
  } finally {
    device.launchSink = undefined;
  }
}
