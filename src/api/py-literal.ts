// Python literals, as far as a .npy header uses them: the header is the repr of a dict, which
// NumPy reads with ast.literal_eval. Strings, integers (Python 2's `3L` too), True, False, None,
// tuples, lists and dicts; anything else is a parse error. No evaluation, no recursion limit
// worth worrying about (headers are a few hundred bytes, and NumPy caps them at 10000).

/** A parsed literal: tuples and dicts keep their Python kind, integers are exact. */
export type PyValue = string | bigint | boolean | null | PyValue[] | PyTuple | PyDict;
export interface PyTuple { readonly tuple: PyValue[] }
export interface PyDict { readonly dict: Array<[PyValue, PyValue]> }

export const isTuple = (v: PyValue): v is PyTuple => typeof v === 'object' && v !== null && 'tuple' in v;
export const isDict = (v: PyValue): v is PyDict => typeof v === 'object' && v !== null && 'dict' in v;

/** Thrown for text that is not a literal; the caller turns it into its own error. */
export class PyLiteralError extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };
const MAX_DEPTH = 64;

/** Parses one Python literal; surrounding whitespace is allowed, anything else after it is not. */
export function parsePyLiteral(text: string): PyValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new PyLiteralError(`${what} at character ${at}`);
  };
  const skip = () => {
    while (at < text.length && /\s/.test(text[at])) at++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[at] !== ch) fail(`expected '${ch}'`);
    at++;
  };

  const string = (): string => {
    const quote = text[at++];
    let out = '';
    while (at < text.length && text[at] !== quote) {
      if (text[at] === '\n') fail('a newline inside a string');
      if (text[at] === '\\') {
        const e = text[at + 1];
        if (!(e in ESCAPES)) fail(`an unsupported escape '\\${e}'`);
        out += ESCAPES[e];
        at += 2;
      } else out += text[at++];
    }
    if (at >= text.length) fail('an unterminated string');
    at++;
    return out;
  };

  const sequence = (close: string, depth: number): PyValue[] => {
    const items: PyValue[] = [];
    for (;;) {
      skip();
      if (text[at] === close) break;
      items.push(value(depth + 1));
      skip();
      if (text[at] === ',') at++;
      else if (text[at] !== close) fail(`expected ',' or '${close}'`);
    }
    at++;
    return items;
  };

  const value = (depth: number): PyValue => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skip();
    const ch = text[at];
    if (ch === "'" || ch === '"') return string();
    if (ch === '(') {
      at++;
      const start = at;
      const items = sequence(')', depth);
      // (x) is x in Python; (x,) and () are tuples
      if (items.length === 1 && !/,\s*\)$/.test(text.slice(start, at))) return items[0];
      return { tuple: items };
    }
    if (ch === '[') {
      at++;
      return sequence(']', depth);
    }
    if (ch === '{') {
      at++;
      const dict: Array<[PyValue, PyValue]> = [];
      for (;;) {
        skip();
        if (text[at] === '}') break;
        const key = value(depth + 1);
        expect(':');
        dict.push([key, value(depth + 1)]);
        skip();
        if (text[at] === ',') at++;
        else if (text[at] !== '}') fail("expected ',' or '}'");
      }
      at++;
      return { dict };
    }
    const word = /^(?:[+-]?\d+L?|True|False|None)/.exec(text.slice(at, at + 64))?.[0];
    if (word === undefined || /^[\w.]/.test(text[at + word.length] ?? '')) fail('expected a string, integer, True, False, None, tuple, list or dict');
    at += word!.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    return BigInt(word!.replace('L', ''));
  };

  const result = value(0);
  skip();
  if (at < text.length) fail('unexpected text after the literal');
  return result;
}

/** Python's repr of a parsed literal, for messages. */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isTuple(v)) return v.tuple.length === 1 ? `(${pyRepr(v.tuple[0])},)` : `(${v.tuple.map(pyRepr).join(', ')})`;
  return `{${v.dict.map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
}
