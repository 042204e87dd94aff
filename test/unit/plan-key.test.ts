// Plan keys are interned (src/ir/plan-key.ts): a plan of a structure seen before gets the same
// key string back, and the text is what the structure says, no more and no less.
import { describe, expect, it } from 'vitest';
import { DTYPES } from '../../src/ir/dtype.js';
import { mapNode, reduceNode, scalarNode, sourceNode, viewNode, type Node } from '../../src/ir/graph.js';
import { planKernel } from '../../src/ir/kernel-plan.js';
import { planReduce } from '../../src/ir/reduce-plan.js';
import { REDUCE_OPS } from '../../src/ir/reductions.js';
import { permuteMovement } from '../../src/ir/movement.js';
import { elementwiseOp } from '../../src/ir/ops.js';

const { float32, float64 } = DTYPES;
const data = (shape: number[], dtype = float32) => sourceNode(shape, dtype, {});
const binary = (name: string, a: Node, b: Node) => mapNode(elementwiseOp(name)!, [a, b], a.shape, a.dtype, a.dtype);
const axpy = (x: Node, y: Node, a = 2) => binary('add', binary('multiply', x, scalarNode(a, x.dtype)), y);

describe('plan keys', () => {
  it('describe the structure, the same string for every plan of it', () => {
    const first = planKernel([axpy(data([1024]), data([1024]))]);
    expect(first.key).toBe('d1|x32|f32c,f32c|f32|L0;S0;multiply:f32(0,1);L1;add:f32(2,3)|4f32|||');
    expect(first.name).toBe('fused_multiply_add_f32');
    const again = planKernel([axpy(data([1024]), data([1024]), 3)]); // other nodes, another scalar value
    expect(again.key).toBe(first.key);
    expect(again.scalars[0].value).toBe(3);
    expect(again.inputs.map((i) => i.node)).not.toEqual(first.inputs.map((i) => i.node));
  });

  it('tell apart what changes the source: dtypes, access kinds, rank, sharing', () => {
    const base = planKernel([axpy(data([1024]), data([1024]))]).key;
    const f64 = planKernel([axpy(data([1024], float64), data([1024], float64))]).key;
    const m = data([32, 32]);
    const transposed = planKernel([axpy(viewNode(m, permuteMovement([32, 32], [1, 0])), data([32, 32]))]).key;
    const x = data([1024]);
    const shared = planKernel([axpy(x, x)]).key;
    const broadcast = planKernel([axpy(data([1024]), data([1]))]).key;
    expect(f64).toBe('d1|x32|f64c,f64c|f64|L0;S0;multiply:f64(0,1);L1;add:f64(2,3)|4f64|||');
    expect(transposed).toBe('d2|x32|f32sn,f32c|f32|L0;S0;multiply:f32(0,1);L1;add:f32(2,3)|4f32||tile0:0|');
    expect(shared).toBe('d1|x32|f32c|f32|L0;S0;multiply:f32(0,1);add:f32(2,0)|3f32|||');
    expect(broadcast).toBe('d1|x32|f32c,f32b|f32|L0;S0;multiply:f32(0,1);L1;add:f32(2,3)|4f32|||');
    expect(new Set([base, f64, transposed, shared, broadcast]).size).toBe(5);
  });

  it('of reductions: the same string for every plan of one structure, told apart by op, dtype and axis', () => {
    const reduce = (op: 'sum' | 'max', shape: number[], axis: number, dtype = float32) => {
      const r = reduceNode(REDUCE_OPS[op], data(shape, dtype), [axis], false, dtype);
      return planReduce([r], [r], []);
    };
    const first = reduce('sum', [256, 64], 0);
    expect(first.key).toBe('reduce|column64x8|||v1:0|k1r1|x32|f32|||L0|R0f32|sum:0f32|1f32|');
    expect(first.name).toBe('reduce_sum_f32');
    expect(reduce('sum', [256, 64], 0).key).toBe(first.key);
    const others = [reduce('sum', [256, 64], 0, float64), reduce('max', [256, 64], 0), reduce('sum', [64, 256], 1)].map((p) => p.key);
    expect(others[0]).toBe('reduce|column64x8|||v1:0|k1r1|x32|f64|||L0|R0f64|sum:0f64|1f64|');
    expect(others[2]).toBe('reduce|row32x8|||v4:1|k1r1|x32|f32|||L0|R0f32|sum:0f32|1f32|');
    expect(new Set([first.key, ...others]).size).toBe(4);
  });
});
