// Index expressions: NumPy's `a[...]` as a string (`'1:5, ::-2, None, ...'`) or as a structured
// list of items for computed indices, turned into one list of normalized items.
import { CupytsError, describe } from '../ir/errors.js';
import { NDArray } from './ndarray.js';

/** A slice `start:stop:step`; missing parts as in Python. */
export interface Slice {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number | null;
}

/** Python's slice(start, stop, step). */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  if (arguments.length > 3) throw new CupytsError('ERR_ARG', `slice: expected at most 3 arguments (start, stop, step), got ${arguments.length}`);
  return { start, stop, step };
}

/** NumPy's newaxis (None). */
export const newaxis = null;

/** Nested JS lists of integers or booleans (an advanced index). */
export type IndexList = ReadonlyArray<number | boolean | IndexList>;

/**
 * One item of a structured index: an integer, a Slice, null (newaxis), '...' (ellipsis), or an
 * advanced index (an NDArray of integers or booleans, or a nested JS list of them). A boolean is
 * NumPy's Python bool index: a new axis of length 1 (true) or 0 (false).
 */
export type IndexItem = number | bigint | boolean | Slice | null | '...' | NDArray | IndexList;

/** An index: a NumPy-syntax string, one item, or a list of items (a tuple in Python). */
export type Index = string | IndexItem | readonly IndexItem[];

export type ParsedItem =
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { kind: 'newaxis' }
  | { kind: 'ellipsis' }
  | { kind: 'array'; value: NDArray | IndexList | boolean };

const INT = /^[+-]?\d+$/;

function parseInt_(op: string, text: string, where: string): number {
  if (!INT.test(text)) throw new CupytsError('ERR_INDEX', `${op}: expected an integer ${where}, got '${text}'`);
  return Number(text);
}

/** Splits on commas outside brackets. */
function splitTop(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function parseList(op: string, text: string): IndexList {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false'));
  } catch {
    throw new CupytsError('ERR_INDEX', `${op}: expected a list of integers or booleans, got '${text}'`);
  }
  return value as IndexList;
}

function parseToken(op: string, token: string): ParsedItem {
  if (token === '') throw new CupytsError('ERR_INDEX', `${op}: empty index item`);
  if (token === '...') return { kind: 'ellipsis' };
  if (token === 'None' || token === 'newaxis' || token === 'np.newaxis') return { kind: 'newaxis' };
  if (token === 'True' || token === 'False') return { kind: 'array', value: token === 'True' };
  if (token.startsWith('[')) return { kind: 'array', value: parseList(op, token) };
  if (token.includes(':')) {
    const parts = token.split(':').map((p) => p.trim());
    if (parts.length > 3) throw new CupytsError('ERR_INDEX', `${op}: expected start:stop:step, got '${token}'`);
    const part = (k: number, name: string) => (parts[k] === undefined || parts[k] === '' ? null : parseInt_(op, parts[k], `${name} in '${token}'`));
    return { kind: 'slice', start: part(0, 'start'), stop: part(1, 'stop'), step: part(2, 'step') };
  }
  return { kind: 'int', value: parseInt_(op, token, 'index') };
}

function isSlice(x: unknown): x is Slice {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof NDArray) &&
    Object.keys(x).every((k) => k === 'start' || k === 'stop' || k === 'step');
}

function parseItem(op: string, item: unknown): ParsedItem {
  if (item === null) return { kind: 'newaxis' };
  if (item === '...') return { kind: 'ellipsis' };
  if (typeof item === 'number') {
    if (!Number.isInteger(item)) throw new CupytsError('ERR_INDEX', `${op}: expected an integer index, got ${item}`);
    return { kind: 'int', value: item };
  }
  if (typeof item === 'bigint') return { kind: 'int', value: Number(item) };
  if (typeof item === 'boolean') return { kind: 'array', value: item };
  if (item instanceof NDArray || Array.isArray(item)) return { kind: 'array', value: item as NDArray | IndexList };
  if (isSlice(item)) {
    const part = (v: unknown, name: string) => {
      if (v === undefined || v === null) return null;
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new CupytsError('ERR_INDEX', `${op}: expected an integer slice ${name}, got ${describe(v)}`);
      return v;
    };
    return { kind: 'slice', start: part(item.start, 'start'), stop: part(item.stop, 'stop'), step: part(item.step, 'step') };
  }
  throw new CupytsError('ERR_INDEX', `${op}: expected an integer, a slice, null (newaxis), '...', a boolean or an array as an index, got ${describe(item)}`);
}

/** The items of an index; a string is NumPy syntax, a list is a tuple of items. */
export function parseIndex(op: string, index: Index): ParsedItem[] {
  let items: ParsedItem[];
  if (typeof index === 'string' && index.trim() === '') items = []; // a[()]
  else if (typeof index === 'string' && index !== '...') items = splitTop(index.trim()).map((t) => parseToken(op, t));
  else if (Array.isArray(index)) items = Array.from(index, (x) => parseItem(op, x)); // a hole reads as undefined
  else items = [parseItem(op, index)];
  if (items.filter((i) => i.kind === 'ellipsis').length > 1) throw new CupytsError('ERR_INDEX', `${op}: an index can only have a single ellipsis ('...')`);
  return items;
}

/** Python's slice.indices(length): the start, step and number of elements taken. */
export function sliceRange(op: string, s: { start: number | null; stop: number | null; step: number | null }, length: number): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  if (step === 0) throw new CupytsError('ERR_INDEX', `${op}: slice step cannot be zero`);
  const clamp = (v: number | null, dflt: number, lo: number, hi: number) => {
    if (v === null) return dflt;
    const x = v < 0 ? v + length : v;
    return Math.min(Math.max(x, lo), hi);
  };
  const start = step > 0 ? clamp(s.start, 0, 0, length) : clamp(s.start, length - 1, -1, length - 1);
  const stop = step > 0 ? clamp(s.stop, length, 0, length) : clamp(s.stop, -1, -1, length - 1);
  const count = step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return { start, step, count };
}
