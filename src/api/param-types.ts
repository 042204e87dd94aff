// The kinds of parameter a signature (signature.ts) declares: what a caller may pass, what the
// function body receives, and how a rejected value is described. They check JS types only; what
// depends on the data (an axis against ndim, a shape against a size) stays in the function body.
import { DTYPE_NAMES, toDType, type DType, type DTypeLike, type DTypeName } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';
import { REJECT, type ParamType } from './signature.js';

function type<In, Out = In>(expected: string, parse: ParamType<In, Out>['parse']): ParamType<In, Out> {
  return { expected, parse };
}

/** A JS number that is a safe integer. */
export const isInteger = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** A JS array each of whose elements passes `test`; a hole counts as undefined (Array#every skips holes). */
export function isListOf<T>(x: unknown, test: (v: unknown) => v is T): x is T[] {
  return Array.isArray(x) && Array.from(x).every(test);
}

/** A safe integer ≥ 0 (a size along one dimension). */
const isSize = (d: unknown): d is number => isInteger(d) && d >= 0;

/** A safe integer. */
export const int = type<number>('an integer', (x) => (isInteger(x) ? x : REJECT));

/** A safe integer ≥ 0. */
export const count = type<number>('a non-negative integer', (x) => (isInteger(x) && x >= 0 ? x : REJECT));

export const positiveInt = type<number>('a positive integer', (x) => (isInteger(x) && x > 0 ? x : REJECT));

/** Any JS number (NaN and ±Infinity included). */
export const number = type<number>('a number', (x) => (typeof x === 'number' ? x : REJECT));

/** Any JS number, or a boolean as the integer 0 or 1 (Python's bool is an int: np.arange(True) is arange(1)). */
export const numberOrBool = type<number | boolean, number>('a number', (x) => (typeof x === 'number' ? x : typeof x === 'boolean' ? Number(x) : REJECT));

/** A JS number that is not NaN (±Infinity included): what linspace takes for its ends. */
export const notNaN = type<number>('a number (not NaN)', (x) => (typeof x === 'number' && !Number.isNaN(x) ? x : REJECT));

export const boolean = type<boolean>('a boolean', (x) => (typeof x === 'boolean' ? x : REJECT));

/** One of the given strings. */
export function oneOf<const S extends string>(...choices: readonly S[]): ParamType<S> {
  return type<S>(`one of ${choices.map((c) => `'${c}'`).join(', ')}`, (x) => (choices.includes(x as S) ? x as S : REJECT));
}

/** `t`, or null (NumPy's None). */
export function nullable<In, Out>(t: ParamType<In, Out>): ParamType<In | null, Out | null> {
  return type<In | null, Out | null>(`${t.expected} or null`, (x, op, name) => (x === null ? null : t.parse(x, op, name)));
}

/** One axis: an integer (normalized against ndim by the body). */
export const axis = type<number>('an integer axis', (x) => (isInteger(x) ? x : REJECT));

/** One axis or several: an integer or a list of integers. */
export const axes = type<number | readonly number[], number | number[]>(
  'an integer or a list of integers',
  (x) => (isInteger(x) ? x : isListOf(x, isInteger) ? [...x] : REJECT),
);

/** A shape: a non-negative integer or a list of them (sizes checked where the array is made). */
export const shape = type<number | readonly number[], number[]>(
  'a non-negative integer or a list of them',
  (x) => (isSize(x) ? [x] : isListOf(x, isSize) ? [...x] : REJECT),
);

/** A dtype: a DType object or one of its names (NumPy's aliases included). */
export const dtype = type<DTypeLike, DType>(`a dtype or one of ${DTYPE_NAMES.join(', ')}`, (x, op) => {
  if (typeof x !== 'string' && (x === null || typeof x !== 'object')) return REJECT;
  return toDType(x as DTypeLike, op);
});

/** NumPy's memory order argument, of which cupyts makes C-ordered arrays only. */
export const order = type<'C' | 'K' | 'A' | 'F', 'C' | 'K' | 'A' | 'F'>("one of 'C', 'F', 'A', 'K'", (x) => (x === 'C' || x === 'F' || x === 'A' || x === 'K' ? x : REJECT));

/** NumPy's casting rule. */
export type CastingName = 'no' | 'equiv' | 'safe' | 'same_kind' | 'unsafe';
export const casting = oneOf('no', 'equiv', 'safe', 'same_kind', 'unsafe');

/** `order` of a computed result: results are C-contiguous, so 'K', 'A' and 'C' ask for what cupyts makes; 'F' is not supported. */
export const resultOrder: ParamType<'K' | 'A' | 'C' | 'F', 'K' | 'A' | 'C'> = {
  expected: "one of 'K', 'A', 'C' ('F' is not supported)",
  parse: (x, op, name) => {
    if (x === 'K' || x === 'A' || x === 'C') return x;
    if (x === 'F') throw new CupytsError('ERR_UNSUPPORTED', `${op}: ${name}='F' is not supported (cupyts makes C-contiguous results)`);
    return REJECT;
  },
};

// ---- files (file-io.ts) ----

/** A file path. */
export const path = type<string>('a file path (a non-empty string)', (x) => (typeof x === 'string' && x.length > 0 ? x : REJECT));

/** A file path, or the bytes of a file (a Uint8Array or Buffer). */
export const pathOrBytes = type<string | Uint8Array>(
  "a file path (a non-empty string) or the file's bytes (a Uint8Array)",
  (x) => ((typeof x === 'string' && x.length > 0) || x instanceof Uint8Array ? x : REJECT),
);

/** Bytes: an ArrayBuffer, or the memory of any TypedArray, DataView or Buffer (a view, not a copy). */
export const bytes = type<ArrayBufferLike | ArrayBufferView, Uint8Array>(
  'an ArrayBuffer, TypedArray, DataView or Buffer',
  (x) => (ArrayBuffer.isView(x) ? new Uint8Array(x.buffer, x.byteOffset, x.byteLength)
    : x instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && x instanceof SharedArrayBuffer) ? new Uint8Array(x) : REJECT),
);

/** Any string. */
export const string = type<string>('a string', (x) => (typeof x === 'string' ? x : REJECT));

/**
 * A NumPy parameter cupyts does not support yet: omitted, null, or its NumPy default `allowed`
 * (e.g. where=True) are accepted; anything else is an ERR_UNSUPPORTED error naming it.
 */
export function notSupported<const V extends null | boolean | number>(allowed: V | null = null): ParamType<V | null, null> {
  return type<V | null, null>(`${allowed === null ? 'null' : `${String(allowed)} or null`} (other values are not supported yet)`, (x, op, name) => {
    if (x === null || x === allowed) return null;
    throw new CupytsError('ERR_UNSUPPORTED', `${op}: the argument '${name}' is not supported yet (got ${describe(x)})`);
  });
}
