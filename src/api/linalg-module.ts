// The cp.linalg namespace (NumPy's numpy.linalg): what cupyts has of it so far.
export { norm, matmul, tensordot, trace, vdot, outer, type NormOrder } from './linalg.js';
export { einsum } from './einsum.js';
