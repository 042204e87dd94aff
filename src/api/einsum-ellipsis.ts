// NumPy's ellipsis in einsum subscripts ('...ij,...jk->...ik'), rewritten into letters before
// einsum.ts contracts: each operand's '...' stands for its dimensions the letters do not name,
// broadcast together right-aligned (NumPy's rule) and given letters no subscript uses; the output's
// '...' (or, with no '->', the front of the implicit output) is those letters. Operands are
// broadcast views, so nothing is copied.
import { CupytsError } from '../ir/errors.js';
import { broadcastShapes } from '../ir/shape.js';
import type { NDArray } from './ndarray.js';
import { broadcastTo } from './operands.js';
import { reshape } from './views.js';

const ELLIPSIS = '...';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** NumPy's implicit output letters (no '->'): those that appear once among the inputs', sorted. */
export function singleLetters(letters: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  for (const l of letters) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.keys()].filter((l) => counts.get(l) === 1).sort();
}

/** A term split at its ellipsis: the letters before and after it (after: null without one). */
function splitTerm(term: string, subscripts: string): { before: string; after: string | null } {
  const at = term.indexOf(ELLIPSIS);
  const rest = at < 0 ? term : term.slice(0, at) + term.slice(at + ELLIPSIS.length);
  if (rest.includes('.')) throw new CupytsError('ERR_ARG', `einsum: expected '.' only in an ellipsis '...', once per operand, got '${subscripts}'`);
  return at < 0 ? { before: term, after: null } : { before: term.slice(0, at), after: term.slice(at + ELLIPSIS.length) };
}

/** `subscripts` and `arrays` with every ellipsis written out as letters (unchanged where there is none). */
export function expandEllipsis(subscripts: string, arrays: readonly NDArray[]): { subscripts: string; arrays: NDArray[] } {
  const spec = subscripts.replace(/\s+/g, '');
  if (!spec.includes('.')) return { subscripts, arrays: [...arrays] };
  const [lhs, rhs, extra] = spec.split('->');
  if (extra !== undefined) throw new CupytsError('ERR_ARG', `einsum: expected at most one '->', got '${subscripts}'`);
  const terms = lhs.split(',').map((t) => splitTerm(t, subscripts));
  if (terms.length !== arrays.length) throw new CupytsError('ERR_ARG', `einsum: expected ${terms.length} operands for '${subscripts}', got ${arrays.length}`);
  // the dimensions each operand's ellipsis stands for
  const spans = terms.map((t, k) => {
    const named = t.before.length + (t.after?.length ?? 0);
    const count = t.after === null ? 0 : arrays[k].ndim - named;
    if (count < 0) throw new CupytsError('ERR_SHAPE', `einsum: subscripts '${subscripts}' name more dimensions than operand ${k} has (${arrays[k].ndim})`);
    return arrays[k].shape.slice(t.before.length, t.before.length + count);
  });
  const shape = broadcastShapes('einsum', ...spans);
  const free = [...LETTERS].filter((l) => !spec.includes(l));
  if (free.length < shape.length) throw new CupytsError('ERR_ARG', `einsum: expected at most ${free.length} dimensions under '...', got ${shape.length}`);
  const letters = free.slice(0, shape.length).join('');
  const inputs = terms.map((t, k) => {
    if (t.after === null) return { term: t.before, array: arrays[k] };
    const a = arrays[k];
    const lead = Array.from({ length: shape.length - spans[k].length }, () => 1);
    const pre = a.shape.slice(0, t.before.length);
    const post = a.shape.slice(t.before.length + spans[k].length);
    const padded = lead.length ? reshape(a, [...pre, ...lead, ...spans[k], ...post]) : a;
    const target = [...pre, ...shape, ...post];
    const same = padded.shape.every((d, j) => d === target[j]);
    return { term: t.before + letters + t.after, array: same ? padded : broadcastTo(padded, target) };
  });
  let output: string;
  if (rhs === undefined) {
    // NumPy's implicit output: the ellipsis, then the letters that appear once, sorted
    output = letters + singleLetters(terms.flatMap((t) => [...t.before, ...(t.after ?? '')])).join('');
  } else {
    const out = splitTerm(rhs, subscripts);
    if (out.after === null && shape.length > 0) {
      throw new CupytsError('ERR_ARG', `einsum: output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions ('${subscripts}')`);
    }
    output = out.before + (out.after === null ? '' : letters + out.after);
  }
  return { subscripts: `${inputs.map((i) => i.term).join(',')}->${output}`, arrays: inputs.map((i) => i.array) };
}
