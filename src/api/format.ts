// The text of an array, exactly as NumPy 2 prints it with the default print options: str(a) and
// repr(a) (threshold 1000, edgeitems 3, linewidth 75). A port of numpy/_core/arrayprint.py:
// the element formatters choose one width per array, _formatArray nests brackets and wraps lines,
// and big arrays show only their corners around '...'. Floats are in ./format-float.ts.
import { type FloatDTypeName, formatComplexScalar, formatFloatScalar, makeFloatFormatter } from './format-float.js';
import { contiguousStrides } from '../ir/shape.js';

export type FormatDType =
  | 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64'
  | 'float16' | 'float32' | 'float64' | 'complex64' | 'complex128';

/** An element: complex ones as { re, im }. */
type Element = number | bigint | boolean | { readonly re: number; readonly im: number };

const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;
const SUMMARY = '...';
/** The dtypes NumPy leaves out of repr because the values already imply them. */
const IMPLIED_DTYPES: ReadonlySet<FormatDType> = new Set(['bool', 'int64', 'float64', 'complex128']);

/** str(a): 0-d arrays print as their scalar, others as nested bracketed rows. */
export function formatArray(values: ArrayLike<Element>, shape: readonly number[], dtype: FormatDType): string {
  checkSize(values, shape, 'formatArray');
  if (shape.length === 0) return formatScalar(values[0], dtype);
  return arrayToString(values, shape, dtype, ' ', '', LINE_WIDTH);
}

/** repr(a), spelled 'array(...)', with shape= and dtype= where NumPy adds them. */
export function reprArray(values: ArrayLike<Element>, shape: readonly number[], dtype: FormatDType): string {
  checkSize(values, shape, 'reprArray');
  const prefix = 'array(';
  const size = sizeOf(shape);
  const body = arrayToString(values, shape, dtype, ', ', prefix, LINE_WIDTH - ')'.length);

  const extras: string[] = [];
  if ((size === 0 && !(shape.length === 1)) || size > THRESHOLD) extras.push(`shape=${shapeText(shape)}`);
  if (!IMPLIED_DTYPES.has(dtype) || size === 0) extras.push(`dtype=${dtype}`);
  if (extras.length === 0) return `${prefix}${body})`;

  const head = `${prefix}${body},`;
  const tail = `${extras.join(', ')})`;
  const lastLineLength = head.length - (head.lastIndexOf('\n') + 1);
  const spacer = lastLineLength + tail.length + 1 > LINE_WIDTH ? `\n${' '.repeat(prefix.length)}` : ' ';
  return head + spacer + tail;
}

function checkSize(values: ArrayLike<Element>, shape: readonly number[], op: string): void {
  const size = sizeOf(shape);
  if (values.length !== size) {
    throw new RangeError(`${op}: expected ${size} values for shape ${shapeText(shape)}, got ${values.length}`);
  }
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A shape as Python writes the tuple: (), (3,), (2, 3). */
function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function isFloat(dtype: FormatDType): dtype is FloatDTypeName {
  return dtype === 'float16' || dtype === 'float32' || dtype === 'float64';
}

/** The float dtype of a complex dtype's parts, undefined for other dtypes. */
function complexPart(dtype: FormatDType): FloatDTypeName | undefined {
  return dtype === 'complex64' ? 'float32' : dtype === 'complex128' ? 'float64' : undefined;
}

const asComplex = (x: Element) => x as { readonly re: number; readonly im: number };

/** str() of one NumPy scalar. */
function formatScalar(value: Element, dtype: FormatDType): string {
  if (dtype === 'bool') return value ? 'True' : 'False';
  const part = complexPart(dtype);
  if (part) return formatComplexScalar(asComplex(value).re, asComplex(value).im, part);
  if (isFloat(dtype)) return formatFloatScalar(Number(value), dtype);
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// array2string

/** NumPy's array2string: '[]' when empty, else the nested rows of the (summarized) elements. */
function arrayToString(
  values: ArrayLike<Element>, shape: readonly number[], dtype: FormatDType,
  separator: string, prefix: string, lineWidth: number,
): string {
  const size = sizeOf(shape);
  if (size === 0) return '[]';
  const summarize = size > THRESHOLD;
  const strides = contiguousStrides(shape);
  const shown = shownIndices(shape, strides, summarize).map((i) => values[i]);
  const formatElement = makeElementFormatter(shown, shape.length === 0, dtype);
  const nextLinePrefix = ' ' + ' '.repeat(prefix.length); // skip over '[' (and 'array(')

  // _formatArray's recurser: one axis at a time, with the indent and width left for it
  const recurse = (axis: number, offset: number, hangingIndent: string, width: number): string => {
    if (axis === shape.length) return formatElement(values[offset]);
    const axesLeft = shape.length - axis;
    const length = shape[axis];
    const child = (i: number) => recurse(axis + 1, offset + i * strides[axis], hangingIndent + ' ', width - 1);
    const summary = summarize && 2 * EDGE_ITEMS < length;
    const leading = summary ? EDGE_ITEMS : 0;
    const trailing = summary ? EDGE_ITEMS : length;

    let text = '';
    if (axesLeft === 1) {
      // the last axis: elements on lines, wrapped where the next one would not fit
      const elementWidth = width - Math.max(separator.trimEnd().length, ']'.length);
      let line = hangingIndent;
      const add = (word: string) => {
        if (line.length + word.length > elementWidth && line.length > hangingIndent.length) {
          text += line.trimEnd() + '\n';
          line = hangingIndent;
        }
        line += word;
      };
      for (let i = 0; i < leading; i++) {
        add(child(i));
        line += separator;
      }
      if (summary) {
        add(SUMMARY);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        add(child(length - i));
        line += separator;
      }
      add(child(length - 1));
      text += line;
    } else {
      // other axes: one row per line, blank lines between blocks of 3-D and more
      const lineSeparator = separator.trimEnd() + '\n'.repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) text += hangingIndent + child(i) + lineSeparator;
      if (summary) text += hangingIndent + SUMMARY + lineSeparator;
      for (let i = trailing; i > 1; i--) text += hangingIndent + child(length - i) + lineSeparator;
      text += hangingIndent + child(length - 1);
    }
    return '[' + text.slice(hangingIndent.length) + ']';
  };
  return recurse(0, 0, nextLinePrefix, lineWidth);
}

/** Flat indices of the elements that will be printed: all, or the corners kept by summarizing. */
function shownIndices(shape: readonly number[], strides: readonly number[], summarize: boolean): number[] {
  let offsets = [0];
  shape.forEach((length, axis) => {
    const kept = summarize && length > 2 * EDGE_ITEMS
      ? [...range(0, EDGE_ITEMS), ...range(length - EDGE_ITEMS, length)]
      : range(0, length);
    offsets = offsets.flatMap((offset) => kept.map((i) => offset + i * strides[axis]));
  });
  return offsets;
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

/** One formatter for all elements, as NumPy builds it from the shown elements. */
function makeElementFormatter(shown: readonly Element[], zeroDim: boolean, dtype: FormatDType): (x: Element) => string {
  if (dtype === 'bool') {
    const trueText = zeroDim ? 'True' : ' True'; // ' True' lines up with 'False'
    return (x) => (x ? trueText : 'False');
  }
  if (isFloat(dtype)) {
    const format = makeFloatFormatter(shown.map(Number), dtype);
    return (x) => format(Number(x));
  }
  const part = complexPart(dtype);
  if (part) {
    // NumPy's ComplexFloatingFormat: the real parts formatted together, the imaginary parts
    // together with sign '+', and the 'j' put before the imaginary part's trailing padding
    const real = makeFloatFormatter(shown.map((x) => asComplex(x).re), part);
    const imag = makeFloatFormatter(shown.map((x) => asComplex(x).im), part, '+');
    return (x) => {
      const i = imag(asComplex(x).im);
      const end = i.trimEnd().length;
      return real(asComplex(x).re) + i.slice(0, end) + 'j' + i.slice(end);
    };
  }
  const width = Math.max(...shown.map((x) => String(x).length));
  return (x) => String(x).padStart(width);
}
