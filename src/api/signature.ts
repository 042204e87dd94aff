// Each function's parameters, declared once (STYLE.md): argument parsing, error messages, the
// TypeScript type of the function and docs/API.md all read the one declaration.
//
// NumPy's calling convention in JavaScript: the parameters NumPy takes positionally are
// positional here too (`cp.sum(x, 1)`), and a trailing plain object carries NumPy's keyword names
// (`cp.sum(x, {axis: 1, keepdims: true})`). `undefined` is an omitted argument; `null` is NumPy's
// None. Anything NumPy would refuse, or that cupyts does not support yet, is a CupytsError at the
// call that names the function and the argument.
import { isComplex } from '../ir/complex.js';
import { DTYPES } from '../ir/dtype.js';
import { CupytsError, describe } from '../ir/errors.js';

/** How one parameter's value is checked and converted. `In` is what a caller may pass. */
export interface ParamType<In, Out = In> {
  /** What the parameter takes, for messages and docs: "an integer or null". */
  readonly expected: string;
  /** The converted value, or `REJECT` where the value is not accepted (the caller reports it). */
  readonly parse: (value: unknown, op: string, name: string) => Out | typeof REJECT;
  /** Only for the type system: what a caller passes. */
  readonly _in?: In;
}

/** What `ParamType.parse` returns for a value it does not accept. */
export const REJECT: unique symbol = Symbol('reject');

/**
 * 'required': positional, must be given. 'positional': positional or by keyword, has a default.
 * 'rest': NumPy's `*args`, every remaining positional argument (as an array; at most one, after
 * the positional ones). 'keyword': by keyword only (NumPy's parameters after `*`).
 */
export type ParamKind = 'required' | 'positional' | 'rest' | 'keyword';

export interface Param<N extends string = string, In = unknown, Out = unknown, K extends ParamKind = ParamKind> {
  readonly name: N;
  readonly kind: K;
  readonly type: ParamType<In, Out>;
  /** The value when the argument is omitted (absent for required parameters). */
  readonly default?: Out;
  /** How the default reads in docs, where `String(default)` would not say it (e.g. "the input's dtype"). */
  readonly defaultText?: string;
}

/** A required positional parameter. */
export function required<N extends string, In, Out>(name: N, type: ParamType<In, Out>): Param<N, In, Out, 'required'> {
  return { name, kind: 'required', type };
}

/** A parameter taken positionally or by keyword, with a default. */
export function positional<N extends string, In, Out>(
  name: N, type: ParamType<In, Out>, defaultValue: Out, defaultText?: string,
): Param<N, In, Out, 'positional'> {
  return { name, kind: 'positional', type, default: defaultValue, defaultText };
}

/** NumPy's `*args`: the remaining positional arguments, each of type `type`. */
export function rest<N extends string, In, Out>(name: N, type: ParamType<In, Out>): Param<N, In, Out[], 'rest'> {
  return { name, kind: 'rest', type: type as unknown as ParamType<In, Out[]> };
}

/** A keyword-only parameter, with a default. */
export function keyword<N extends string, In, Out>(
  name: N, type: ParamType<In, Out>, defaultValue: Out, defaultText?: string,
): Param<N, In, Out, 'keyword'> {
  return { name, kind: 'keyword', type, default: defaultValue, defaultText };
}

type AnyParam = Param<string, any, any, ParamKind>;
type InOf<P> = P extends Param<string, infer I, any, ParamKind> ? I : never;
type OutOf<P> = P extends Param<string, any, infer O, ParamKind> ? O : never;

/** The trailing options object: every parameter that has a default, by its NumPy name. */
export type OptionsOf<Ps extends readonly AnyParam[]> = {
  [P in Ps[number] as P['kind'] extends 'required' | 'rest' ? never : P['name']]?: InOf<P>;
};

/** The positional argument lists a caller may pass, each optionally followed by the options object. */
type ArgLists<Ps extends readonly AnyParam[], Options, Acc extends unknown[] = []> =
  Ps extends readonly [infer H extends AnyParam, ...infer R extends AnyParam[]]
    ? H['kind'] extends 'required'
      ? ArgLists<R, Options, [...Acc, InOf<H>]>
      : H['kind'] extends 'keyword'
        ? ArgLists<R, Options, Acc>
        : H['kind'] extends 'rest'
          ? [...Acc, ...InOf<H>[]] | [...Acc, ...InOf<H>[], Options]
        : [...Acc, Options?] | ArgLists<R, Options, [...Acc, InOf<H> | undefined]>
    : [...Acc, Options?];

/** The arguments of a function declared with parameters `Ps`. */
export type ArgsOf<Ps extends readonly AnyParam[]> = ArgLists<Ps, OptionsOf<Ps>>;

/** What the implementation receives: every parameter by name, converted, defaults filled in. */
export type ValuesOf<Ps extends readonly AnyParam[]> = { [P in Ps[number] as P['name']]: OutOf<P> };

export interface Signature<Ps extends readonly AnyParam[] = readonly AnyParam[]> {
  readonly name: string;
  readonly params: Ps;
  /** NumPy keywords that cupyts knows but does not support yet: passing one is an error saying so. */
  readonly unsupported: readonly string[];
  /** `sum(a, axis=null, dtype=null, *, keepdims=false)`, for docs. */
  readonly text: string;
  parse(args: readonly unknown[]): ValuesOf<Ps>;
}

/** The dtype objects are plain frozen objects too, and are values, never options. */
const DTYPE_OBJECTS: ReadonlySet<unknown> = new Set(Object.values(DTYPES));

/** A plain object literal (not an array, typed array, NDArray, dtype, complex scalar or other class instance). */
export function isOptionsObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || DTYPE_OBJECTS.has(x) || isComplex(x)) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function paramText(p: AnyParam): string {
  if (p.kind === 'required') return p.name;
  if (p.kind === 'rest') return `*${p.name}`;
  return `${p.name}=${p.defaultText ?? describeDefault(p.default)}`;
}

function describeDefault(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'object' && 'name' in value) return String((value as { name: unknown }).name);
  return String(value);
}

function signatureText(name: string, params: readonly AnyParam[]): string {
  const parts: string[] = [];
  let starred = false;
  for (const p of params) {
    if (p.kind === 'rest') starred = true;
    if (p.kind === 'keyword' && !starred) { parts.push('*'); starred = true; }
    parts.push(paramText(p));
  }
  return `${name}(${parts.join(', ')})`;
}

/** Declares a function's parameters. Parameter order is NumPy's. */
export function signature<const Ps extends readonly AnyParam[]>(
  name: string, params: Ps, options: { unsupported?: readonly string[] } = {},
): Signature<Ps> {
  const unsupported = options.unsupported ?? [];
  const positionals = params.filter((p) => p.kind === 'required' || p.kind === 'positional');
  const restParam = params.find((p) => p.kind === 'rest');
  const byName = new Map(params.map((p) => [p.name, p]));
  const keywordNames = params.filter((p) => p.kind === 'positional' || p.kind === 'keyword').map((p) => p.name);
  const required = positionals.filter((p) => p.kind === 'required').length;

  const convert = (p: AnyParam, value: unknown): unknown => {
    const out = p.type.parse(value, name, p.name);
    if (out === REJECT) throw new CupytsError('ERR_ARG', `${name}: expected ${p.name} to be ${p.type.expected}, got ${describe(value)}`);
    return out;
  };

  const parse = (args: readonly unknown[]): ValuesOf<Ps> => {
    let count = args.length;
    while (count > 0 && args[count - 1] === undefined) count--;
    const values: Record<string, unknown> = {};
    const options = count > required && keywordNames.length > 0 && isOptionsObject(args[count - 1]) ? args[--count] as Record<string, unknown> : undefined;
    if (restParam) {
      values[restParam.name] = args.slice(positionals.length, Math.max(count, positionals.length)).map((value, i) => {
        if (value === undefined) throw new CupytsError('ERR_ARG', `${name}: expected ${restParam.name}[${i}] to be ${restParam.type.expected}, got undefined`);
        return convert(restParam, value);
      });
    } else if (count > positionals.length) {
      throw new CupytsError('ERR_ARG', `${name}: expected at most ${positionals.length} positional argument${positionals.length === 1 ? '' : 's'}${keywordNames.length ? ' and an options object' : ''}, got ${count}`);
    }
    for (let i = 0; i < positionals.length; i++) {
      const p = positionals[i];
      const value = i < count ? args[i] : undefined;
      if (value !== undefined) values[p.name] = convert(p, value);
      else if (p.kind === 'required') {
        throw new CupytsError('ERR_ARG', `${name}: missing required argument '${p.name}' (${signatureText(name, params)})`);
      }
    }
    if (options) {
      for (const key of Object.keys(options)) {
        const value = options[key];
        const p = byName.get(key);
        if (p === undefined || p.kind === 'required' || p.kind === 'rest') {
          if (unsupported.includes(key)) throw new CupytsError('ERR_UNSUPPORTED', `${name}: the option '${key}' is not supported yet`);
          const known = keywordNames.length ? `; expected one of ${keywordNames.map((k) => `'${k}'`).join(', ')}` : '';
          throw new CupytsError('ERR_ARG', `${name}: unknown option '${key}'${known}`);
        }
        if (value === undefined) continue;
        if (Object.hasOwn(values, key)) throw new CupytsError('ERR_ARG', `${name}: got multiple values for argument '${key}'`);
        values[key] = convert(p, value);
      }
    }
    for (const p of params) if (!Object.hasOwn(values, p.name) && (p.kind === 'positional' || p.kind === 'keyword')) values[p.name] = p.default;
    return values as ValuesOf<Ps>;
  };

  return { name, params, unsupported, text: signatureText(name, params), parse };
}

/** A function with a declared signature: `fn.signature` is the declaration, for docs and tests. */
export type DeclaredFunction<Ps extends readonly AnyParam[], R> = ((...args: ArgsOf<Ps>) => R) & { readonly signature: Signature<Ps> };

/** Declares a function: its signature and the body that receives the parsed arguments. */
export function declare<const Ps extends readonly AnyParam[], R>(
  name: string, params: Ps, body: (values: ValuesOf<Ps>) => R, options: { unsupported?: readonly string[] } = {},
): DeclaredFunction<Ps, R> {
  const sig = signature(name, params, options);
  const fn = (...args: unknown[]): R => body(sig.parse(args));
  Object.defineProperty(fn, 'name', { value: name });
  Object.defineProperty(fn, 'signature', { value: sig });
  return fn as unknown as DeclaredFunction<Ps, R>;
}

const noArgumentSignatures = new Map<string, Signature<readonly []>>();

/** For a function or method that takes no arguments (readbacks, dispose): any argument is an error naming `op`. */
export function noArguments(op: string, args: ArrayLike<unknown>): void {
  if (args.length === 0) return;
  let sig = noArgumentSignatures.get(op);
  if (!sig) noArgumentSignatures.set(op, (sig = signature(op, [] as const)));
  sig.parse(Array.from(args));
}

/**
 * For a method whose arguments are not options (get(index), set(index, value)): exactly `n`
 * arguments, or an error naming `op` (and `hint`, where it helps).
 */
export function exactly(op: string, args: ArrayLike<unknown>, n: number, hint = ''): void {
  if (args.length !== n) throw new CupytsError('ERR_ARG', `${op}: expected ${n} argument${n === 1 ? '' : 's'}, got ${args.length}${hint && ` (${hint})`}`);
}
