// src/runtime/cuda-graph.ts with library calls, against a fake driver that logs its calls: a
// library call is captured from the stream into a child graph node when the graph is built, not
// captured again while its buffers stay the same, captured again and swapped in
// (cuGraphExecChildGraphNodeSetParams) when they change, and a failed capture still ends capture.
import { describe, expect, it } from 'vitest';
import { CudaGraph } from '../../src/runtime/cuda-graph.js';
import type { CudaDevice } from '../../src/runtime/cuda-device.js';
import type { LaunchRecord, LibraryLaunch } from '../../src/runtime/cuda-module.js';

function fakeDevice(capture = true) {
  const log: string[] = [];
  let next = 100n;
  let capturing = false;
  const addon = {
    graphsSupported: () => true,
    captureSupported: () => capture,
    graphCreate: () => { log.push('create'); return next++; },
    graphDestroy: (g: bigint) => log.push(`destroy ${g}`),
    graphAddKernelNode: () => { log.push('kernelNode'); return next++; },
    graphAddChildGraphNode: (_g: bigint, dep: bigint, child: bigint) => { log.push(`childNode after ${dep} of ${child}`); return next++; },
    graphInstantiate: () => { log.push('instantiate'); return next++; },
    graphExecKernelNodeSetParams: () => log.push('kernelSetParams'),
    graphExecChildGraphNodeSetParams: (_e: bigint, node: bigint, child: bigint) => log.push(`childSetParams ${node} ${child}`),
    graphLaunch: () => log.push('launch'),
    graphExecDestroy: () => log.push('execDestroy'),
    streamBeginCapture: (s: bigint) => { capturing = true; log.push(`begin ${s}`); },
    streamEndCapture: (s: bigint) => { capturing = false; log.push(`end ${s}`); return next++; },
  };
  const device = { addon, stream: 7n, makeCurrent: () => {} } as unknown as CudaDevice;
  const gemm = (args: string, fail = false): LibraryLaunch => ({
    library: 'cublas', shape: 'float32:1:4:4:4', args,
    queue: () => { log.push(capturing ? `gemm ${args} captured` : `gemm ${args} queued`); if (fail) throw new Error('cuBLAS failed'); },
  });
  return { log, device, gemm };
}

describe('CudaGraph with library calls', () => {
  it('captures a library call once into a child node; captures again only when its buffers change', () => {
    const { log, device, gemm } = fakeDevice();
    const graph = new CudaGraph(device, [gemm('1:2:3')]);
    expect(log).toEqual(['create', 'begin 7', 'gemm 1:2:3 captured', 'end 7', 'childNode after 0 of 101', 'destroy 101', 'instantiate']);
    log.length = 0;
    expect(graph.fits([gemm('4:5:6')])).toBe(true);
    expect(graph.fits([gemm('4:5:6'), gemm('4:5:6')] as LaunchRecord[])).toBe(false);
    graph.launch([gemm('1:2:3')]);
    expect(log).toEqual(['launch']);
    log.length = 0;
    graph.launch([gemm('4:5:6')]);
    expect(log).toEqual(['begin 7', 'gemm 4:5:6 captured', 'end 7', 'childSetParams 102 104', 'destroy 104', 'launch']);
  });

  it('a failing capture ends the capture and the graph is not built', () => {
    const { log, device, gemm } = fakeDevice();
    expect(() => new CudaGraph(device, [gemm('1:2:3', true)])).toThrow('cuBLAS failed');
    expect(log.slice(0, 4)).toEqual(['create', 'begin 7', 'gemm 1:2:3 captured', 'end 7']);
    expect(log).toContain('destroy 100');
  });

  it('is not supported for library calls where the driver cannot capture', () => {
    const { device, gemm } = fakeDevice(false);
    expect(CudaGraph.supported(device, [])).toBe(true);
    expect(CudaGraph.supported(device, [gemm('1:2:3')])).toBe(false);
  });
});
