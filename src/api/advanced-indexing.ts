// Advanced indexing (integer and boolean arrays as indices): being built; see issue 5.
import { CupytsError } from '../ir/errors.js';
import type { ParsedItem } from './index-parse.js';
import type { NDArray } from './ndarray.js';
import type { ArrayOrScalar } from './operands.js';

export function advancedGet(_a: NDArray, _items: readonly ParsedItem[]): NDArray {
  throw new CupytsError('ERR_INDEX', 'get: arrays as indices are not supported yet');
}

export function advancedSet(_a: NDArray, _items: readonly ParsedItem[], _value: ArrayOrScalar): void {
  throw new CupytsError('ERR_INDEX', 'set: arrays as indices are not supported yet');
}
