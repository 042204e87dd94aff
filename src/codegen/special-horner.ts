/**
 * A polynomial with coefficients `c` (lowest power first) in variable `v`, as a Horner expression
 * both JS and CUDA C read the same: (c0 + v * (c1 + v * (...))). Numbers print shortest
 * round-trip, so each constant is the double it was (a C double literal, no f suffix).
 */
export function horner(c: readonly number[], v: string): string {
  let expr = String(c[c.length - 1]);
  for (let k = c.length - 2; k >= 0; k--) expr = `(${c[k]} + ${v} * ${expr})`;
  return expr;
}
