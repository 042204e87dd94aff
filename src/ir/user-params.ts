// CuPy's parameter syntax for user kernels (ElementwiseKernel, ReductionKernel): a comma-separated
// list of `[raw] type name`, where `type` is a NumPy dtype name (float32, int64, bool, ...) or a
// one-letter type placeholder (T, U, ...) that the arguments' dtypes decide at each call.
import { DTYPES, type DType, type DTypeName } from './dtype.js';
import { CupytsError } from './errors.js';

export interface UserParam {
  readonly name: string;
  /** The concrete dtype, or undefined for a placeholder. */
  readonly dtype?: DType;
  /** The placeholder letter (for a concrete type, its dtype name). */
  readonly ctype: string;
  /** A `raw` parameter: the whole array, indexed by the kernel (not broadcast per element). */
  readonly raw: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names the generated code defines itself (CuPy reserves `i` and the `_`-prefixed names). */
const RESERVED = new Set(['i']);

/** Parses one parameter list (`which` is 'in_params' or 'out_params', for messages). */
export function parseUserParams(op: string, which: string, text: string): UserParam[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => parseOne(op, which, part));
}

function parseOne(op: string, which: string, part: string): UserParam {
  const words = part.trim().split(/\s+/).filter((w) => w.length > 0);
  const bad = (why: string): never => {
    throw new CupytsError('ERR_ARG', `${op}: expected ${which} as '[raw] type name, ...', got '${part.trim()}' (${why})`);
  };
  if (words.length < 2) bad('a parameter needs a type and a name');
  const [type, name] = words.slice(-2);
  let raw = false;
  for (const w of words.slice(0, -2)) {
    if (w === 'raw') raw = true;
    else bad(`unknown keyword '${w}'`);
  }
  if (!IDENTIFIER.test(name)) bad(`'${name}' is not an identifier`);
  if (name.startsWith('_') || RESERVED.has(name)) bad(`'${name}' is reserved`);
  if (type.length === 1) {
    if (!/^[A-Za-z]$/.test(type)) bad(`'${type}' is not a type placeholder`);
    return { name, ctype: type, raw };
  }
  if (!Object.hasOwn(DTYPES, type)) bad(`unknown type '${type}'; expected a one-letter placeholder or one of ${Object.keys(DTYPES).join(', ')}`);
  return { name, dtype: DTYPES[type as DTypeName], ctype: type, raw };
}

/** Every parameter name once (inputs and outputs share one namespace). */
export function checkUniqueNames(op: string, params: readonly UserParam[]): void {
  const seen = new Set<string>();
  for (const p of params) {
    if (seen.has(p.name)) throw new CupytsError('ERR_ARG', `${op}: expected distinct parameter names, got '${p.name}' twice`);
    seen.add(p.name);
  }
}

/**
 * CuPy's type decision: each placeholder takes the dtype of the first array argument of that
 * placeholder (outputs first, then inputs); a concrete parameter must get exactly its dtype, and
 * every array of one placeholder the same dtype. `argDtypes[k]` is undefined for a JS scalar, which
 * takes the decided type; a placeholder that only scalars give gets NumPy's default for the first
 * scalar (`scalarDefault`). Returns the dtype of each input and each output.
 */
export function decideTypes(
  op: string, inParams: readonly UserParam[], outParams: readonly UserParam[],
  inDtypes: ReadonlyArray<DType | undefined>, outDtypes: ReadonlyArray<DType | undefined>, scalarDefault: (k: number) => DType,
): { inputs: DType[]; outputs: DType[]; placeholders: Map<string, DType> } {
  const types = new Map<string, DType>();
  const note = (p: UserParam, d: DType | undefined) => {
    if (d === undefined) return;
    const want = p.dtype ?? types.get(p.ctype);
    if (want && want !== d) {
      throw new CupytsError('ERR_DTYPE', `${op}: expected ${p.name} of dtype ${want.name}${p.dtype ? '' : ` (type ${p.ctype})`}, got ${d.name}`);
    }
    if (!p.dtype) types.set(p.ctype, d);
  };
  outParams.forEach((p, k) => note(p, outDtypes[k]));
  inParams.forEach((p, k) => note(p, inDtypes[k]));
  inParams.forEach((p, k) => {
    if (!p.dtype && !types.has(p.ctype) && inDtypes[k] === undefined) types.set(p.ctype, scalarDefault(k));
  });
  const of = (p: UserParam) => {
    const d = p.dtype ?? types.get(p.ctype);
    if (!d) throw new CupytsError('ERR_DTYPE', `${op}: cannot decide the type ${p.ctype} of output ${p.name}; pass an out array or give the type by an input`);
    return d;
  };
  return { inputs: inParams.map(of), outputs: outParams.map(of), placeholders: types };
}
