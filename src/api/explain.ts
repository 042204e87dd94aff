// cp.explain(...arrays): what evaluating these arrays would run — the graph, the kernel groups
// and each kernel's generated source — without running anything.
import type { Node } from '../ir/graph.js';
import { dataOrigin, nodeInputs } from '../ir/graph.js';
import { formatShape } from '../ir/shape.js';
import { explainPlans } from './evaluate.js';
import type { NDArray } from './ndarray.js';
import { toArrays } from './operands.js';
import { planInputs, planOutputs, type KernelReport } from './runners.js';

export interface Explanation {
  graph: string[];
  kernels: Array<KernelReport & { outputs: string[]; inputs: string[]; reason: string }>;
}

function describeNode(n: Node): string {
  const head = `%${n.id} = ${n.realized ? 'data' : n.kind === 'map' ? n.op.name : n.kind}`;
  const args = nodeInputs(n).map((c) => `%${c.id}`).join(', ');
  const extra = n.kind === 'scalar' ? ` ${String(n.value)}`
    : n.kind === 'reduce' && !n.realized ? ` ${n.op.name} axes=(${n.axes.join(',')})${n.keepdims ? ' keepdims' : ''}`
      : n.kind === 'scan' && !n.realized ? ` ${n.op.name} axis=${n.axis}`
        : n.kind === 'sort' && !n.realized ? ` ${n.output} axis=${n.axis}${n.kth === undefined ? '' : ` kth=${n.kth}`}`
        : n.kind === 'bincount' && !n.realized ? ` bins=${n.bins}`
        : n.kind === 'search' && !n.realized ? ` side=${n.side}`
        : n.kind === 'random' && !n.realized ? ` ${n.draw.distribution}` : '';
  const from = n.realized ? dataOrigin(n) : undefined;
  const origin = from ? ` <- ${from}` : '';
  return `${head}(${args})${extra} : ${n.dtype.name}${formatShape(n.shape)}${origin}`;
}

export function explain(...args: NDArray[]): Explanation {
  const arrays = toArrays('explain', args);
  const seen = new Set<Node>();
  const graph: string[] = [];
  const walk = (n: Node) => {
    if (seen.has(n)) return;
    seen.add(n);
    nodeInputs(n).forEach(walk);
    graph.push(describeNode(n));
  };
  arrays.forEach((a) => walk(a.node));
  const runner = arrays[0]?.runner;
  const kernels = runner
    ? explainPlans(arrays.map((a) => a.node), runner.kind).map(({ group, plan }) => ({
        ...runner.report(plan),
        reason: group.reason,
        outputs: planOutputs(plan).map((o) => `%${o.node.id}`),
        inputs: planInputs(plan).map((n) => `%${n.id}`),
      }))
    : [];
  return { graph, kernels };
}
