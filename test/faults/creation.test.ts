// Sizes, nesting and holes at array creation (issue 14): what used to escape as a raw RangeError
// or a stack overflow, or was accepted and failed later, is a CupytsError at the call that names
// the function, and NumPy refuses the same input. Every shape a function makes from its
// arguments goes through checkArraySize (src/ir/shape.ts): at most 64 dimensions, at most
// 2^53 - 1 bytes; a size within that which the host cannot allocate is ERR_OUT_OF_MEMORY.
import { describe, expect, it } from 'vitest';
import * as cp from '../../src/index.js';
import { checkCases, checkErrors, type ErrorCase } from '../helpers/numpy-cases.js';

/** `depth` levels of single-element lists around 1, built without recursion. */
function nested(depth: number): unknown {
  let x: unknown = 1;
  for (let i = 0; i < depth; i++) x = [x];
  return x;
}
const pyNested = (depth: number) => `eval('[' * ${depth} + '1' + ']' * ${depth})`;

const tooBig = (op: string) => new RegExp(`^${op}: expected an array of at most 2\\^53 - 1 bytes, got `);

describe('array sizes at the call', () => {
  // NumPy is asked only where it refuses by arithmetic (ValueError: the size overflows). Where it
  // refuses with MemoryError it first tries to allocate, and on a machine that overcommits memory
  // (the GPU host) a 16 TiB request succeeded and the oracle was killed writing it.
  const cases: ErrorCase[] = [
    { label: 'arange(0, 1e18)', expr: null /* np.arange(0, 1e18): NumPy's MemoryError depends on the machine */, run: () => cp.arange(0, 1e18), code: 'ERR_SIZE', message: tooBig('arange') },
    { label: 'arange(0, Infinity)', expr: 'np.arange(0, np.inf)', run: () => cp.arange(0, Infinity), code: 'ERR_SIZE', message: tooBig('arange') },
    { label: 'arange(2 ** 53)', expr: null /* np.arange(2 ** 53): NumPy's MemoryError depends on the machine */, run: () => cp.arange(2 ** 53), code: 'ERR_SIZE', message: tooBig('arange') },
    { label: 'arange down to -Infinity', expr: 'np.arange(0, -np.inf, -1)', run: () => cp.arange(0, -Infinity, -1), code: 'ERR_SIZE', message: tooBig('arange') },
    { label: 'linspace of 2**60', expr: 'np.linspace(0, 1, 2 ** 60)', run: () => cp.linspace(0, 1, 2 ** 60), code: 'ERR_ARG', message: /^linspace: expected num to be a non-negative integer, got / },
    { label: 'zeros of 2^60 float64', expr: 'np.zeros((2 ** 30, 2 ** 30))', run: () => cp.zeros([2 ** 30, 2 ** 30]), code: 'ERR_SIZE', message: tooBig('zeros') },
    { label: 'eye(2 ** 27)', expr: null /* np.eye(2 ** 27): NumPy's MemoryError depends on the machine */, run: () => cp.eye(2 ** 27), code: 'ERR_SIZE', message: tooBig('eye') },
    { label: 'broadcast to 2^54 elements', expr: null /* np.zeros((2 ** 27, 1)) + np.zeros((1, 2 ** 27)): NumPy's MemoryError depends on the machine */, run: () => cp.zeros([2 ** 27, 1]).add(cp.zeros([1, 2 ** 27])), code: 'ERR_SIZE', message: tooBig('add') },
    { label: 'tile to 2^80', expr: null /* np.tile(np.ones(2), (2 ** 40, 2 ** 40)): NumPy's MemoryError depends on the machine */, run: () => cp.tile(cp.ones([2]), [2 ** 40, 2 ** 40]), code: 'ERR_SIZE', message: tooBig('tile') },
    { label: 'pad by 2^52', expr: null /* np.pad(np.ones(2), 2 ** 52): NumPy's MemoryError depends on the machine */, run: () => cp.pad(cp.ones([2]), 2 ** 52), code: 'ERR_SIZE', message: tooBig('pad') },
    { label: 'repeat 10^15 times', expr: null /* np.repeat(np.arange(3), 10 ** 15): NumPy's MemoryError depends on the machine */, run: () => cp.repeat(cp.arange(3), 1e15), code: 'ERR_SIZE', message: tooBig('repeat') },
    { label: 'random of 2^50 float64', expr: null /* np.random.default_rng(0).random(2 ** 50): NumPy's MemoryError depends on the machine */, run: () => cp.random.default_rng(0).random(2 ** 50), code: 'ERR_SIZE', message: tooBig('random') },
    { label: 'permutation of 2^50', expr: null /* np.random.default_rng(0).permutation(2 ** 50): NumPy's MemoryError depends on the machine */, run: () => cp.random.default_rng(0).permutation(2 ** 50), code: 'ERR_SIZE', message: tooBig('permutation') },
  ];

  it('refuses sizes past what an array can hold, as NumPy does', () => {
    checkErrors(cases);
  });

  it('reports a size the host cannot allocate as out of memory, naming the function', () => {
    let thrown: unknown;
    try {
      cp.arange(2 ** 40); // 8 TiB of int64: within the size limit, past any host
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(cp.CupytsError);
    expect((thrown as cp.CupytsError).code).toBe('ERR_OUT_OF_MEMORY');
    expect((thrown as Error).message).toMatch(/^arange: cannot allocate 1099511627776 int64 elements/);
  });
});

describe('nested lists at the call', () => {
  it('takes 64 levels, NumPy\'s limit on dimensions', () => {
    checkCases([{ label: '64 levels', expr: `np.asarray(${pyNested(64)})`, run: () => cp.asarray(nested(64) as number[]) }]);
  });

  it('refuses deeper nesting, 10,000 levels included, without overflowing the stack', () => {
    checkErrors([
      { label: '65 levels', expr: `np.asarray(${pyNested(65)})`, run: () => cp.asarray(nested(65) as number[]), code: 'ERR_SHAPE', message: /^asarray: expected nested lists of at most 64 levels/ },
      { label: '10,000 levels', expr: null, run: () => cp.asarray(nested(10_000) as number[]), code: 'ERR_SHAPE', message: /^asarray: expected nested lists of at most 64 levels/ },
      { label: 'a list that contains itself', expr: null, run: () => { const a: unknown[] = []; a.push(a); return cp.asarray(a as number[]); }, code: 'ERR_SHAPE', message: /^asarray: expected nested lists of at most 64 levels/ },
      { label: 'as an operand', expr: null, run: () => cp.add(1, nested(100) as number[]), code: 'ERR_SHAPE', message: /^add: expected nested lists of at most 64 levels/ },
      { label: 'expand_dims past 64', expr: 'np.expand_dims(np.ones(1), tuple(range(64)))', run: () => cp.expand_dims(cp.ones([1]), Array.from({ length: 64 }, (_, i) => i)), code: 'ERR_SHAPE', message: /^expand_dims: expected at most 64 dimensions/ },
      { label: 'reshape past 64', expr: 'np.ones(1).reshape((1,) * 65)', run: () => cp.ones([1]).reshape(new Array<number>(65).fill(1)), code: 'ERR_SHAPE', message: /^reshape: expected at most 64 dimensions/ },
    ]);
  });

  it('walks a long flat list without recursion', () => {
    const flat = Array.from({ length: 200_000 }, (_, i) => i % 7);
    expect(cp.asarray(flat).sum().item()).toBe(BigInt(flat.reduce((s, v) => s + v, 0)));
  });
});

describe('holes in lists at the call', () => {
  it('refuses a hole where a value belongs, naming the place', () => {
    checkErrors([
      { label: 'asarray([1, , 3])', expr: null, run: () => cp.asarray([1, , 3] as number[]), code: 'ERR_ARG', message: 'asarray: expected a value at [1], got a hole (an empty slot in a sparse list)' },
      { label: 'a hole that makes a list ragged', expr: null, run: () => cp.asarray([[1, 2], [3, , 4]] as number[][]), code: 'ERR_SHAPE', message: /^asarray: expected a sequence of length 2 at \[1\]/ },
      { label: 'hole of the right length', expr: null, run: () => cp.asarray([[1, 2], [3, , 4].slice(0, 2)] as number[][]), code: 'ERR_ARG', message: 'asarray: expected a value at [1][1], got a hole (an empty slot in a sparse list)' },
      { label: 'a shape with a hole', expr: null, run: () => cp.zeros([2, , 3] as number[]), code: 'ERR_SHAPE', message: 'zeros: expected a shape of non-negative integers, got [2,,3]' },
      { label: 'axes with a hole', expr: null, run: () => cp.sum(cp.ones([2, 2]), { axis: [0, , 1] as number[] }), code: 'ERR_ARG', message: 'sum: expected axis to be an integer or a list of integers or null, got an array of length 3' },
      { label: 'a list of arrays with a hole', expr: null, run: () => cp.stack([cp.ones([2]), , cp.ones([2])] as unknown as cp.NDArray[]), code: 'ERR_ARG', message: /^stack: expected arrays\[1\] to be an array .*, got undefined$/ },
    ]);
  });
});
