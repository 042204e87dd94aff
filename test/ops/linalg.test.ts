// matmul and friends on the current backend (the CPU path here and in CI; cuBLAS and the
// generated integer kernel on the GPU machine) against NumPy: every dtype, 1-D, 2-D, batched and
// broadcast shapes, empty operands; dot, vdot, inner, outer, tensordot, einsum, trace and
// linalg.norm; errors at the call. The generated matmul kernels are compiled with NVRTC.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { generateMatmulCuda } from '../../src/codegen/matmul.js';
import { DTYPES } from '../../src/ir/dtype.js';
import { setBackendNotice } from '../../src/runtime/backend.js';
import { setCublasNotice } from '../../src/api/gemm.js';
import { toDevice, toHost } from '../helpers/arrays.js';
import { HAS_NVRTC } from '../helpers/cuda.js';
import { compileAll } from '../helpers/nvrtc-batch.js';
import {
  compareArrays, DTYPE_NAMES, numpy, randomArray, type DTypeName, type HostArray, type OracleResult, type Tolerance,
} from '../helpers/numpy-oracle.js';

setBackendNotice(() => {});
setCublasNotice(() => {});

/** Sums of k products: tolerances grow with k and with float16's short mantissa. */
function tolerance(dtype: DTypeName): Partial<Tolerance> {
  if (dtype === 'float16') return { rtol: 1e-2, atol: 1e-1 };
  if (dtype === 'float32') return { rtol: 1e-4, atol: 1e-3 };
  if (dtype === 'float64') return { rtol: 1e-12, atol: 1e-11 };
  return {};
}

function expectMatches(got: cp.NDArray, want: OracleResult, tol: Partial<Tolerance> = tolerance(got.dtype.name as DTypeName)): void {
  if (!want.ok) throw new Error(`NumPy: ${want.error}`);
  const cmp = compareArrays(toHost(got), want.value as HostArray, tol);
  expect(cmp.ok ? '' : cmp.message).toBe('');
}

const SHAPES: Array<[number[], number[]]> = [
  [[3, 4], [4, 5]], [[5], [5]], [[5], [5, 3]], [[2, 5], [5]], [[2, 3, 4], [4, 5]], [[3, 4], [2, 4, 6]],
  [[2, 1, 3, 4], [5, 4, 2]], [[2, 3, 4], [2, 4, 3]], [[3, 0], [0, 4]], [[0, 3], [3, 4]], [[2, 0, 3], [3, 2]], [[1, 1], [1, 1]],
  [[33, 70], [70, 17]],
];

describe('matmul against NumPy, every dtype', () => {
  const cases = DTYPE_NAMES.flatMap((dtype, i) => SHAPES.map(([sa, sb], j) => {
    const opts = dtype === 'float16' ? { low: -2, high: 2 } : {};
    return { dtype, a: randomArray(dtype, sa, 100 * i + j, opts), b: randomArray(dtype, sb, 100 * i + j + 50, opts) };
  }));
  const want = numpy(cases.map((c) => ({ expr: 'np.matmul(a, b)', inputs: { a: c.a, b: c.b } })));
  cases.forEach((c, i) => {
    it(`${c.dtype} ${JSON.stringify(c.a.shape)} @ ${JSON.stringify(c.b.shape)}`, () => {
      const got = cp.matmul(toDevice(c.a), toDevice(c.b));
      expectMatches(got, want[i]);
    });
  });

  it('mixed dtypes promote like NumPy', () => {
    const a = randomArray('int8', [3, 4], 1);
    const b = randomArray('float32', [4, 2], 2);
    const got = cp.matmul(toDevice(a), toDevice(b));
    expect(got.dtype.name).toBe('float32');
    expectMatches(got, numpy([{ expr: 'np.matmul(a, b)', inputs: { a, b } }])[0]);
  });

  it('is a computed array that elementwise consumers fuse after', () => {
    const a = randomArray('float64', [8, 8], 3);
    const b = randomArray('float64', [8, 8], 4);
    const y = cp.matmul(toDevice(a), toDevice(b)).mul(2).add(1).tanh();
    expect(cp.explain(y).kernels).toHaveLength(1);
    expectMatches(y, numpy([{ expr: 'np.tanh(np.matmul(a, b) * 2 + 1)', inputs: { a, b } }])[0]);
  });

  it('takes lazy inputs (computed first)', () => {
    const a = randomArray('float32', [6, 7], 5);
    const b = randomArray('float32', [7, 3], 6);
    const got = cp.matmul(toDevice(a).mul(0.5).sin(), toDevice(b).add(1));
    expectMatches(got, numpy([{ expr: 'np.matmul(np.sin(a * np.float32(0.5)), b + np.float32(1))', inputs: { a, b } }])[0]);
  });
});

describe('dot, vdot, inner, outer, tensordot, einsum, trace, norm against NumPy', () => {
  const f = (shape: number[], seed: number) => randomArray('float64', shape, seed);
  const i32 = (shape: number[], seed: number) => randomArray('int32', shape, seed, { low: -20, high: 20 });
  const cases: Array<{ label: string; expr: string; inputs: Record<string, HostArray>; run: (x: Record<string, cp.NDArray>) => cp.NDArray }> = [
    { label: 'dot 1-D', expr: 'np.dot(a, b)', inputs: { a: f([7], 1), b: f([7], 2) }, run: ({ a, b }) => cp.dot(a, b) },
    { label: 'dot 2-D', expr: 'np.dot(a, b)', inputs: { a: f([3, 4], 1), b: f([4, 2], 2) }, run: ({ a, b }) => cp.dot(a, b) },
    { label: 'dot N-D', expr: 'np.dot(a, b)', inputs: { a: f([2, 3, 4], 1), b: f([5, 4, 6], 2) }, run: ({ a, b }) => cp.dot(a, b) },
    { label: 'dot N-D with 1-D', expr: 'np.dot(a, b)', inputs: { a: f([2, 3, 4], 1), b: f([4], 2) }, run: ({ a, b }) => cp.dot(a, b) },
    { label: 'dot int32', expr: 'np.dot(a, b)', inputs: { a: i32([3, 5], 1), b: i32([5, 4], 2) }, run: ({ a, b }) => cp.dot(a, b) },
    { label: 'vdot', expr: 'np.vdot(a, b)', inputs: { a: f([2, 3], 3), b: f([3, 2], 4) }, run: ({ a, b }) => cp.vdot(a, b) },
    { label: 'inner', expr: 'np.inner(a, b)', inputs: { a: f([2, 3, 4], 5), b: f([5, 4], 6) }, run: ({ a, b }) => cp.inner(a, b) },
    { label: 'outer', expr: 'np.outer(a, b)', inputs: { a: f([2, 2], 7), b: f([3], 8) }, run: ({ a, b }) => cp.outer(a, b) },
    { label: 'tensordot axes=2', expr: 'np.tensordot(a, b)', inputs: { a: f([2, 3, 4], 9), b: f([3, 4, 5], 10) }, run: ({ a, b }) => cp.tensordot(a, b) },
    { label: 'tensordot axis lists', expr: 'np.tensordot(a, b, axes=([0, 2], [2, 0]))', inputs: { a: f([2, 3, 4], 11), b: f([4, 5, 2], 12) }, run: ({ a, b }) => cp.tensordot(a, b, [[0, 2], [2, 0]]) },
    { label: 'tensordot axes=0', expr: 'np.tensordot(a, b, 0)', inputs: { a: f([2, 3], 13), b: f([4], 14) }, run: ({ a, b }) => cp.tensordot(a, b, 0) },
    { label: "einsum 'ij,jk->ik'", expr: "np.einsum('ij,jk->ik', a, b)", inputs: { a: f([3, 4], 15), b: f([4, 5], 16) }, run: ({ a, b }) => cp.einsum('ij,jk->ik', a, b) },
    { label: "einsum 'bij,bjk->bik'", expr: "np.einsum('bij,bjk->bik', a, b)", inputs: { a: f([2, 3, 4], 17), b: f([2, 4, 5], 18) }, run: ({ a, b }) => cp.einsum('bij,bjk->bik', a, b) },
    { label: "einsum 'ij,kj' (implicit)", expr: "np.einsum('ij,kj', a, b)", inputs: { a: f([3, 4], 19), b: f([5, 4], 20) }, run: ({ a, b }) => cp.einsum('ij,kj', a, b) },
    { label: "einsum 'ii->' (trace)", expr: "np.einsum('ii->', a)", inputs: { a: f([5, 5], 21) }, run: ({ a }) => cp.einsum('ii->', a) },
    { label: "einsum 'ii->i' (diagonal)", expr: "np.einsum('ii->i', a)", inputs: { a: f([4, 4], 22) }, run: ({ a }) => cp.einsum('ii->i', a) },
    { label: "einsum 'ij->ji'", expr: "np.einsum('ij->ji', a)", inputs: { a: f([3, 5], 23) }, run: ({ a }) => cp.einsum('ij->ji', a) },
    { label: "einsum 'ijk->j'", expr: "np.einsum('ijk->j', a)", inputs: { a: f([2, 3, 4], 24) }, run: ({ a }) => cp.einsum('ijk->j', a) },
    { label: "einsum 'i,i->i' (elementwise)", expr: "np.einsum('i,i->i', a, b)", inputs: { a: f([6], 25), b: f([6], 26) }, run: ({ a, b }) => cp.einsum('i,i->i', a, b) },
    { label: "einsum 'i,j->ij'", expr: "np.einsum('i,j->ij', a, b)", inputs: { a: f([3], 27), b: f([4], 28) }, run: ({ a, b }) => cp.einsum('i,j->ij', a, b) },
    { label: "einsum 'ij,jk,kl->il'", expr: "np.einsum('ij,jk,kl->il', a, b, c)", inputs: { a: f([2, 3], 29), b: f([3, 4], 30), c: f([4, 5], 31) }, run: ({ a, b, c }) => cp.einsum('ij,jk,kl->il', a, b, c) },
    { label: "einsum 'ijk,ikl->jl' (sum over a batch letter)", expr: "np.einsum('ijk,ikl->jl', a, b)", inputs: { a: f([3, 2, 4], 32), b: f([3, 4, 5], 33) }, run: ({ a, b }) => cp.einsum('ijk,ikl->jl', a, b) },
    // the ellipsis: broadcast right-aligned, given letters of its own; implicit output puts it first
    { label: "einsum '...ij,...jk' (broadcast batch, implicit)", expr: "np.einsum('...ij,...jk', a, b)", inputs: { a: f([2, 1, 3, 4], 40), b: f([5, 4, 2], 41) }, run: ({ a, b }) => cp.einsum('...ij,...jk', a, b) },
    { label: "einsum '...ij,jk->...ik'", expr: "np.einsum('...ij,jk->...ik', a, b)", inputs: { a: f([2, 3, 4], 42), b: f([4, 5], 43) }, run: ({ a, b }) => cp.einsum('...ij,jk->...ik', a, b) },
    { label: "einsum 'ij...->ji...' (middle, transposed)", expr: "np.einsum('ij...->ji...', a)", inputs: { a: f([2, 3, 4], 44) }, run: ({ a }) => cp.einsum('ij...->ji...', a) },
    { label: "einsum 'i...,i...' (ellipsis of unequal length)", expr: "np.einsum('i...,i...', a, b)", inputs: { a: f([3, 2], 45), b: f([3], 46) }, run: ({ a, b }) => cp.einsum('i...,i...', a, b) },
    { label: "einsum 'b...,a...' (implicit order)", expr: "np.einsum('b...,a...', a, b)", inputs: { a: f([2, 3], 47), b: f([4, 3], 48) }, run: ({ a, b }) => cp.einsum('b...,a...', a, b) },
    { label: "einsum '...ii->...i' (diagonal under a batch)", expr: "np.einsum('...ii->...i', a)", inputs: { a: f([2, 3, 3], 49) }, run: ({ a }) => cp.einsum('...ii->...i', a) },
    { label: "einsum '...' and '...,...'", expr: "np.einsum('...,...', a, b)", inputs: { a: f([2, 3], 50), b: f([3], 51) }, run: ({ a, b }) => cp.einsum('...,...', a, b) },
    { label: "einsum 'i...i' (empty ellipsis, trace)", expr: "np.einsum('i...i', a)", inputs: { a: f([3, 3], 52) }, run: ({ a }) => cp.einsum('i...i', a) },
    { label: "einsum ' ... i, ... i -> ...' (spaces)", expr: "np.einsum('...i,...i->...', a, b)", inputs: { a: f([2, 4], 53), b: f([2, 4], 54) }, run: ({ a, b }) => cp.einsum(' ... i, ... i -> ...', a, b) },
    { label: "einsum 'ij,jk->ik' int32", expr: "np.einsum('ij,jk->ik', a, b)", inputs: { a: i32([3, 4], 34), b: i32([4, 2], 35) }, run: ({ a, b }) => cp.einsum('ij,jk->ik', a, b) },
    { label: 'trace', expr: 'np.trace(a)', inputs: { a: f([4, 5], 36) }, run: ({ a }) => cp.trace(a) },
    { label: 'trace offset and axes', expr: 'np.trace(a, 1, 1, 2)', inputs: { a: f([2, 4, 5], 37) }, run: ({ a }) => cp.trace(a, 1, 1, 2) },
    { label: 'trace int32 (int64 result)', expr: 'np.trace(a, -1)', inputs: { a: i32([4, 4], 38) }, run: ({ a }) => cp.trace(a, -1) },
    { label: 'norm', expr: 'np.linalg.norm(a)', inputs: { a: f([3, 4], 39) }, run: ({ a }) => cp.linalg.norm(a) },
    { label: "norm 'fro'", expr: "np.linalg.norm(a, 'fro')", inputs: { a: f([3, 4], 40) }, run: ({ a }) => cp.linalg.norm(a, 'fro') },
    { label: 'norm ord 1 axis 0', expr: 'np.linalg.norm(a, 1, 0)', inputs: { a: f([3, 4], 41) }, run: ({ a }) => cp.linalg.norm(a, 1, 0) },
    { label: 'norm ord 3 axis -1 keepdims', expr: 'np.linalg.norm(a, 3, -1, True)', inputs: { a: f([3, 4], 42) }, run: ({ a }) => cp.linalg.norm(a, 3, -1, true) },
    { label: 'norm ord 0', expr: 'np.linalg.norm(a, 0)', inputs: { a: i32([9], 43) }, run: ({ a }) => cp.linalg.norm(a, 0) },
    { label: 'norm of int32 (float64 result)', expr: 'np.linalg.norm(a)', inputs: { a: i32([2, 3, 2], 44) }, run: ({ a }) => cp.linalg.norm(a) },
    { label: 'norm axis pair', expr: 'np.linalg.norm(a, axis=(0, 2))', inputs: { a: f([2, 3, 4], 45) }, run: ({ a }) => cp.linalg.norm(a, null, [0, 2]) },
  ];
  const want = numpy(cases.map((c) => ({ expr: c.expr, inputs: c.inputs })));
  cases.forEach((c, i) => {
    it(c.label, () => {
      const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, toDevice(v)]));
      expectMatches(c.run(inputs), want[i], tolerance(c.inputs.a.dtype));
    });
  });
});

describe('errors at the call', () => {
  const a = () => cp.ones([3, 4]);
  it.each([
    ['mismatched inner sizes', () => cp.matmul(a(), cp.ones([5, 2])), /matmul: expected the last axis of x1 to match the second-to-last axis of x2, got shapes \(3, 4\) and \(5, 2\)/],
    ['a 0-d operand', () => cp.matmul(a(), 2), /matmul: expected arrays of at least 1 dimension/],
    ['batch shapes that do not broadcast', () => cp.matmul(cp.ones([2, 3, 4]), cp.ones([3, 4, 2])), /matmul: shapes \(2,\) and \(3,\) cannot be broadcast/],
    ['tensordot sizes', () => cp.tensordot(a(), cp.ones([3, 4]), [[1], [0]]), /tensordot: expected equal sizes on summed axes/],
    ['tensordot axis', () => cp.tensordot(a(), a(), [[5], [0]]), /tensordot: axis 5 is out of bounds for array of dimension 2/],
    ['vdot sizes', () => cp.vdot(a(), cp.ones([5])), /vdot: expected arrays of one size, got sizes 12 and 5/],
    ['einsum ellipsis with no output ellipsis', () => cp.einsum('...ij->ij', cp.ones([2, 3, 4])), /einsum: output has more dimensions than subscripts given/],
    ['einsum ellipsis that cannot broadcast', () => cp.einsum('...i,...i', cp.ones([2, 3]), cp.ones([4, 3])), /einsum/],
    ['einsum ellipsis with too many letters', () => cp.einsum('...ij', cp.ones([2])), /einsum: subscripts '...ij' name more dimensions than operand 0 has/],
    ['einsum stray dot', () => cp.einsum('i.j', cp.ones([2, 2])), /einsum: expected '.' only in an ellipsis/],
    ['einsum operand count', () => cp.einsum('ij,jk->ik', a()), /einsum: expected 2 operands/],
    ['einsum dimensions', () => cp.einsum('ijk->i', a()), /einsum: expected operand 0 to have 3 dimensions/],
    ['einsum sizes', () => cp.einsum('ij,ij->i', a(), cp.ones([3, 5])), /einsum: expected subscript 'j' to have one size/],
    ['einsum output letter', () => cp.einsum('ij->k', a()), /einsum: expected output letters that appear in the inputs, got 'k'/],
    ['trace of 1-D', () => cp.trace(cp.ones([3])), /trace: expected an array of at least 2 dimensions/],
    ['matrix norm ord 3', () => cp.linalg.norm(a(), 3), /linalg.norm: expected a matrix norm order/],
  ])('%s', (_, call, message) => {
    expect(call).toThrow(message);
  });
});

describe.skipIf(!HAS_NVRTC)('NVRTC', () => {
  it('compiles the generated matmul kernel of every dtype', () => {
    const { kernels } = compileAll(DTYPE_NAMES.map((d) => generateMatmulCuda(DTYPES[d]).source));
    expect(kernels).toBe(12);
  }, 600_000);
});
