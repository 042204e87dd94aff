// Moving test data between the NumPy oracle's HostArray and cupyts arrays on the current backend,
// and collecting the CUDA source of every kernel a test builds, to compile it with NVRTC.
import { NDArray } from '../../src/api/ndarray.js';
import { currentRunner } from '../../src/api/context.js';
import { explainPlans } from '../../src/api/evaluate.js';
import { generateCudaPlan } from '../../src/codegen/generate.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { sourceNode } from '../../src/ir/graph.js';
import { numberToF16Bits, type HostArray } from './numpy-oracle.js';

export function toDevice(h: HostArray): NDArray {
  const runner = currentRunner();
  const dtype = DTYPES[h.dtype];
  return new NDArray(sourceNode(h.shape, dtype, runner.upload(dtype, h.data)), runner);
}

export function toHost(a: NDArray): HostArray {
  const data = a.dataSync();
  const stored = a.dtype.name === 'float16' ? Uint16Array.from(data as Float32Array, (x) => numberToF16Bits(x)) : data;
  return { dtype: a.dtype.name, shape: a.shape, data: stored as HostArray['data'] };
}

/** CUDA sources of the kernels that evaluating these arrays would run, keyed by plan key. */
export const cudaSources = new Map<string, string>();

/** Records the CUDA kernels for `arrays` (before they are evaluated), for the NVRTC check. */
export function recordCuda(...arrays: NDArray[]): void {
  for (const { plan } of explainPlans(arrays.map((a) => a.node))) {
    if (!cudaSources.has(plan.key)) cudaSources.set(plan.key, generateCudaPlan(plan).source);
  }
}
