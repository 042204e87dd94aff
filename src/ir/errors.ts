/**
 * The one error class of cupyts. Every error carries a `code` (ERR_ARG, ERR_DTYPE, ERR_OVERFLOW,
 * …) so callers can branch on it, and a message that reads "op: expected …, got …".
 */
export class CupytsError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CupytsError';
    this.code = code;
  }
}

/** `op: expected <expected>, got <got>` with code ERR_ARG. */
export function argError(op: string, expected: string, got: unknown): CupytsError {
  return new CupytsError('ERR_ARG', `${op}: expected ${expected}, got ${describe(got)}`);
}

const MAX_STRING = 40;

/** A short, readable rendering of any value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'symbol':
      return String(value);
    case 'function':
      return value.name ? `function ${value.name}` : 'a function';
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) {
    const length = 'length' in value ? (value as { length: number }).length : value.byteLength;
    return `${value.constructor.name}(${length})`;
  }
  // class instances go by their class name (NDArray, Map), plain objects by 'an object'
  const className = value.constructor?.name;
  const name = className && className !== 'Object' ? className : 'an object';
  const shape = (value as { shape?: unknown }).shape;
  return Array.isArray(shape) ? `${name} of shape [${shape.join(', ')}]` : name;
}

function quote(text: string): string {
  const short = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING)}…` : text;
  return `'${short}'`;
}
