/**
 * NumPy 2 type promotion (NEP 50): the dtype lattice, weak Python-like scalars and casting rules.
 *
 * Strong operands are dtypes (of arrays). JS scalars are weak, like Python scalars in NumPy 2:
 *   - an integer-valued finite number or a bigint is a weak int,
 *   - any other number (2.5, NaN, ±Infinity) is a weak float,
 *   - a boolean is a Python bool (it behaves as the bool dtype, the bottom of the lattice),
 *   - a complex scalar ({ re, im }, see complex.ts) is a weak complex.
 * A weak scalar never widens a strong dtype of its kind or above: int8 + 3 is int8 and
 * float16 + 2.5 is float16, but int8 + 2.5 is float64 (the default float) and bool + 3 is int64.
 * A weak complex keeps the float size of a float array (float32 + 1j is complex64) and gives
 * complex128 with integers and bool, as NumPy 2.
 */
import {
  type DType,
  bool_,
  complex128,
  complexOf,
  float16,
  float32,
  float64,
  int16,
  int32,
  int64,
  uint64,
  dtypeMax,
  dtypeMin,
} from './dtype.js';
import { isComplex, type Complex } from './complex.js';
import { CupytsError, argError } from './errors.js';

/** An operand of an elementwise op, for dtype resolution: a dtype or a weak JS scalar. */
export type Operand = DType | number | bigint | boolean | Complex;

export type Casting = 'no' | 'equiv' | 'safe' | 'same_kind' | 'unsafe';

const CASTINGS: readonly Casting[] = ['no', 'equiv', 'safe', 'same_kind', 'unsafe'];

/** numpy.promote_types: the smallest dtype both a and b cast to safely. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b || b.kind === 'b') return a;
  if (a.kind === 'b') return b;
  if (a.kind === 'c' || b.kind === 'c') return larger(complexOf(smallestFloatFor(a)), complexOf(smallestFloatFor(b)));
  if (a.kind === 'f' || b.kind === 'f') return larger(smallestFloatFor(a), smallestFloatFor(b));
  if (a.kind === b.kind) return larger(a, b);
  const [signed, unsigned] = a.kind === 'i' ? [a, b] : [b, a];
  if (signed.itemsize > unsigned.itemsize) return signed;
  return signedHolding(unsigned);
}

function larger(a: DType, b: DType): DType {
  return b.itemsize > a.itemsize ? b : a;
}

/** The smallest float (or complex) that holds every value of d (float64 for 32- and 64-bit integers). */
function smallestFloatFor(d: DType): DType {
  if (d.kind === 'f' || d.kind === 'c') return d;
  if (d.itemsize === 1) return float16;
  if (d.itemsize === 2) return float32;
  return float64;
}

/** The smallest signed integer that holds every value of an unsigned one (float64 for uint64). */
function signedHolding(unsigned: DType): DType {
  if (unsigned.itemsize === 1) return int16;
  if (unsigned.itemsize === 2) return int32;
  if (unsigned.itemsize === 4) return int64;
  return float64;
}

type WeakKind = 'bool' | 'int' | 'float' | 'complex';
const WEAK_RANK: Record<WeakKind, number> = { bool: 0, int: 1, float: 2, complex: 3 };

function weakKind(value: number | bigint | boolean | Complex): WeakKind {
  if (typeof value === 'object') return 'complex';
  if (typeof value === 'boolean') return 'bool';
  return isWeakInt(value) ? 'int' : 'float';
}

/**
 * Whether a JS scalar is a weak int (NumPy's Python int): a bigint, or a safe-integer number. A
 * number past 2**53 (1e20, 2**63) is a float, as cp.array takes it: a JS number that large is a
 * double already, where int8 + 1e20 would otherwise be an OverflowError and hypot(int8, 1e300) float16.
 */
export function isWeakInt(x: Operand): x is number | bigint {
  return typeof x === 'bigint' || (typeof x === 'number' && Number.isSafeInteger(x));
}

/**
 * The dtype of an elementwise op on these operands, as NumPy 2 arithmetic gives it, including
 * its OverflowError: a weak int that does not fit the result dtype (uint8 array + 300) throws
 * ERR_OVERFLOW. (np.result_type itself does not raise; `np.zeros(1, 'uint8') + 300` does.)
 */
export function resultType(op: string, ...operands: Operand[]): DType {
  const result = promoteOperands(op, operands);
  for (const operand of operands) if (isWeakInt(operand)) checkWeakScalar(op, operand, result);
  return result;
}

/** numpy.result_type: NEP 50 promotion of dtypes and weak scalars, without arithmetic's OverflowError. */
export function promoteOperands(op: string, operands: readonly Operand[]): DType {
  if (operands.length === 0) throw argError(op, 'at least one dtype or scalar', operands);
  const strong: DType[] = [];
  let weak: WeakKind | undefined;
  for (const operand of operands) {
    if (isScalar(operand)) {
      const kind = weakKind(operand);
      if (weak === undefined || WEAK_RANK[kind] > WEAK_RANK[weak]) weak = kind;
    } else if (isDType(operand)) {
      strong.push(operand);
    } else {
      throw argError(op, 'a dtype, number, bigint, boolean or complex', operand);
    }
  }
  // A JS integer alone is the dtype NumPy makes of it (result_type(2**63) is uint64); with others, the default int.
  if (operands.length === 1 && isWeakInt(operands[0]) && BigInt(operands[0]) > 2n ** 63n - 1n && BigInt(operands[0]) < 2n ** 64n) return uint64;
  return combineWeak(strong.length ? promoteSequence(strong) : undefined, weak);
}

/** Kinds in the order NumPy's promotion of a sequence ranks them (bool, int, uint, float, complex). */
const SEQUENCE_RANK: Record<DType['kind'], number> = { b: 0, i: 1, u: 2, f: 3, c: 4 };

/**
 * NumPy's promotion of a sequence of dtypes (np.result_type(*dtypes)), which is not a left fold of
 * promote_types: the dtypes of the highest kind are promoted together first, and each dtype of a
 * lower kind is promoted against that, not against its neighbours. result_type(uint16, int8,
 * float16) is float32 (float16 with uint16), where folding left gives float64 (int32 with float16).
 * Checked against NumPy 2.4 over every sequence of 3 and 4 of the 14 dtypes (41,160).
 */
export function promoteSequence(dtypes: readonly DType[]): DType {
  const top = Math.max(...dtypes.map((d) => SEQUENCE_RANK[d.kind]));
  const highest = dtypes.filter((d) => SEQUENCE_RANK[d.kind] === top).reduce(promoteTypes);
  let result = highest;
  for (const d of dtypes) if (SEQUENCE_RANK[d.kind] < top) result = promoteTypes(result, promoteTypes(highest, d));
  return result;
}

function combineWeak(strong: DType | undefined, weak: WeakKind | undefined): DType {
  if (strong === undefined) return weak === 'complex' ? complex128 : weak === 'float' ? float64 : weak === 'int' ? int64 : bool_;
  if (weak === 'complex') return strong.kind === 'f' || strong.kind === 'c' ? complexOf(strong) : complex128;
  if (weak === 'float') return strong.kind === 'f' || strong.kind === 'c' ? strong : float64;
  if (weak === 'int') return strong.kind === 'b' ? int64 : strong;
  return strong;
}

function isScalar(x: unknown): x is number | bigint | boolean | Complex {
  return typeof x === 'number' || typeof x === 'bigint' || typeof x === 'boolean' || isComplex(x);
}

function isDType(x: unknown): x is DType {
  return typeof x === 'object' && x !== null && typeof (x as DType).name === 'string' &&
    typeof (x as DType).kind === 'string' && typeof (x as DType).itemsize === 'number';
}

/**
 * Whether a weak (Python-like) scalar converts to dtype d without NumPy's OverflowError:
 * integer dtypes take integers within their bounds, bool takes 0 and 1, float dtypes take any
 * number (too-large values become ±inf with only a warning) and any bigint below float64's
 * overflow. A non-integer number never fits an integer dtype.
 */
export function weakScalarFits(value: number | bigint, d: DType): boolean {
  if (d.kind === 'f' || d.kind === 'c') return typeof value === 'number' || Number.isFinite(Number(value));
  if (typeof value === 'number' && !Number.isInteger(value)) return false;
  const integer = BigInt(value);
  return integer >= dtypeMin(d) && integer <= dtypeMax(d);
}

/**
 * Throw ERR_OVERFLOW, worded as NumPy's OverflowError, if a weak int does not fit the dtype it
 * is combined with. Weak floats and booleans never raise (NumPy only warns for float overflow).
 */
export function checkWeakScalar(op: string, value: number | bigint | boolean | Complex, d: DType): void {
  if (!isWeakInt(value) || weakScalarFits(value, d)) return;
  const message = d.kind === 'f' || d.kind === 'c'
    ? `${op}: int too large to convert to float`
    : `${op}: Python integer ${BigInt(value)} out of bounds for ${d.name}`;
  throw new CupytsError('ERR_OVERFLOW', message);
}

const KIND_ORDER: Record<DType['kind'], number> = { b: 0, u: 1, i: 2, f: 3, c: 4 };

/** numpy.can_cast(from, to, casting) for dtypes. */
export function canCast(from: DType, to: DType, casting: Casting = 'safe'): boolean {
  switch (casting) {
    case 'no':
    case 'equiv':
      return from.name === to.name;
    case 'safe':
      return promoteTypes(from, to).name === to.name;
    case 'same_kind':
      return canCast(from, to, 'safe') || KIND_ORDER[from.kind] <= KIND_ORDER[to.kind];
    case 'unsafe':
      return true;
    default:
      throw argError('canCast', `casting to be one of ${CASTINGS.join(', ')}`, casting);
  }
}
