// cupyts: NumPy/CuPy-style GPU arrays for TypeScript.
import './api/ndarray-methods.js';
import './api/ndarray-reduce-methods.js';
import './api/ndarray-view-methods.js';
import './api/ndarray-index-methods.js';
export {
  bool, bool_, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float16, float32, float64, complex64, complex128,
  DTYPES, DTYPE_NAMES, toDType,
  type DType, type DTypeName, type DTypeAlias, type DTypeLike, type DTypeKind,
} from './ir/dtype.js';
export { CupytsError } from './ir/errors.js';
export { complex, real, imag, angle } from './api/complex-api.js';
export type { Complex } from './ir/complex.js';
export { NDArray, type NestedArray, type Scalar } from './api/ndarray.js';
export {
  asarray, asanyarray, ascontiguousarray, array, full, zeros, ones, empty, fullLike, zerosLike, onesLike, emptyLike,
  type ArrayData, type TypedArrayData, type DTypeOption,
} from './api/creation.js';
export { arange, linspace, eye, identity } from './api/ranges.js';
export { zerosLike as zeros_like, onesLike as ones_like, fullLike as full_like, emptyLike as empty_like } from './api/creation.js';
export * from './api/elementwise.js';
export { clip, round, around, nan_to_num } from './api/elementwise-composites.js';
export { fix, isposinf, isneginf } from './api/ufunclike.js';
export { isreal, iscomplex, real_if_close } from './api/type-check.js';
export { ndim, shape, size, iscomplexobj, isrealobj, isscalar, isfortran } from './api/array-info.js';
// The binary ufuncs' methods reduce, accumulate, outer and at.
import './api/ufunc-methods.js';
export { broadcast_to, broadcast_arrays } from './api/broadcast-api.js';
export {
  reshape, ravel, flatten, atleast_1d, atleast_2d, atleast_3d, fliplr, flipud, diagonal, tile, rot90,
} from './api/shape-api.js';
export type { Order } from './api/views.js';
// The axis-taking manipulation functions, declared with NumPy's signatures (positional axis or options object).
export {
  concatenate, stack, squeeze, expand_dims, flip, transpose, swapaxes, moveaxis, roll, split, array_split, take_along_axis,
} from './api/manipulation-api.js';
export { slice, newaxis, type Slice, type Index, type IndexItem, type IndexList } from './api/index-parse.js';
export {
  sum, prod, mean, std, max, min, amax, amin, argmax, argmin, any, all, ptp, average, count_nonzero,
  nansum, nanprod, nanmean, nanvar, nanstd, nanmax, nanmin, nanargmax, nanargmin, cumsum, cumprod, nancumsum, nancumprod,
  var_ as var,
} from './api/reduction-api.js';
export type { Axis, ReduceOptions, TypedReduceOptions, VarOptions, ArgOptions, ScanOptions } from './api/reductions.js';
export { explain, type Explanation } from './api/explain.js';
export { evaluate as eval } from './api/public-eval.js';
export { currentBackend, useBackend, type BackendKind } from './runtime/backend.js';
export { runtimeInfo } from './runtime/info.js';
export * as random from './api/random-module.js';
export { matmul, dot, vdot, inner, outer, tensordot, trace } from './api/linalg.js';
export { vecdot, matvec, vecmat } from './api/vector-products.js';
export { einsum } from './api/einsum.js';
export * as linalg from './api/linalg-module.js';
// The cp.fft namespace (numpy.fft): the transforms (cuFFT on the GPU) and fftfreq, rfftfreq, fftshift, ifftshift.
export * as fft from './api/fft-module.js';
export { config } from './api/settings.js';
// Advanced indexing: index functions, nonzero and its relatives, scatter (add.at).
export { take, put, put_along_axis, compress, repeat, nonzero, argwhere, flatnonzero, where } from './api/index-api.js';
export type { TakeMode, IndicesArg } from './api/take.js';
// Joining and rearranging.
export { hstack, vstack, dstack, column_stack, hsplit, vsplit, dsplit, pad } from './api/join-split-api.js';
export type { JoinOptions } from './api/joins.js';
export type { Sections } from './api/splits.js';
export type { PadMode, NumpyPadMode, PadOptions } from './api/pad.js';
export { diag, tri, tril, triu, meshgrid, indices, type MeshgridOptions } from './api/matrices.js';
// Files and host memory: .npy and .npz files as NumPy writes them, raw binary, TypedArrays.
import './api/ndarray-file-methods.js';
import './api/ndarray-device-methods.js';
export {
  save, saveAsync, load, loadAsync, savez, savezAsync, savez_compressed, savez_compressedAsync,
  fromfile, fromfileAsync, frombuffer, NpzFile, type NamedArrays, type SavezArgs,
} from './api/file-io.js';
export { fromTypedArray } from './api/typed-arrays.js';
// Comparison and testing, differences and calculus, products and signals, cov and corrcoef.
export { isclose, allclose, array_equal, array_equiv } from './api/comparison.js';
export { diff, ediff1d, gradient, cross, trapezoid } from './api/calculus.js';
export { kron, convolve, correlate, interp, type ConvolveMode } from './api/signals.js';
export { cov, corrcoef } from './api/statistics-extra.js';
// Creation and index helpers: copy, logspace, geomspace, resize, apply_along_axis, the index
// helpers, the in-place masked writes, append/insert/delete; NDArray copy, fill, tolist, strides, mT, ….
import './api/ndarray-extra-methods.js';
export { type NestedNumbers } from './api/ndarray-extra-methods.js';
export { copy, logspace, geomspace, resize, apply_along_axis } from './api/creation-extra.js';
export {
  tril_indices, triu_indices, tril_indices_from, triu_indices_from, diag_indices, diag_indices_from,
  unravel_index, ravel_multi_index, ix_, select, choose, extract,
} from './api/index-helpers.js';
export { fill_diagonal, putmask, place } from './api/masked-writes.js';
export { append, insert, delete_ as delete } from './api/insert-delete.js';
// Math: cp.special, NumPy's dtype routines and constants, NumPy 2's names concat and permute_dims.
export * as special from './api/special-module.js';
export { result_type, can_cast, promote_types, finfo, iinfo, pi, e, inf, nan, euler_gamma, type FInfo, type IInfo } from './api/types.js';
export { concatenate as concat, transpose as permute_dims } from './api/manipulation-api.js';
// Sorting, searching, sets, order statistics and histograms (one stable sort primitive: src/ir/sort-plan.ts).
import './api/ndarray-sort-methods.js';
export { sort, argsort, lexsort, partition, argpartition, sort_complex } from './api/sorting.js';
export { median, nanmedian, quantile, nanquantile, percentile, nanpercentile } from './api/order-statistics.js';
export { searchsorted } from './api/searching.js';
export { unique, unique_values, unique_counts, unique_inverse, unique_all } from './api/unique.js';
export { isin, intersect1d, union1d, setdiff1d, setxor1d } from './api/sets.js';
export { bincount, digitize, histogram, histogram2d, histogramdd } from './api/histograms.js';
// User kernels (CuPy's ElementwiseKernel, ...): nodes of the lazy graph that fuse with their neighbours.
export { ElementwiseKernel, type ElementwiseKernelFn, type KernelResult, type KernelCallOptions } from './api/elementwise-kernel.js';
export { ReductionKernel, type ReductionKernelFn, type ReductionJs } from './api/reduction-kernel.js';
export { get_default_memory_pool, type MemoryPool } from './api/memory-pool.js';
export { keep, tidy } from './api/tidy.js';
export { jit, type JitFunction, type JitExplanation } from './api/jit.js';
export { RawKernel, RawModule, scalar, type RawKernelFn, type RawModuleObject, type RawArg, type TypedScalar } from './api/raw-kernel.js';
export * as cuda from './api/cuda-namespace.js';
