"""Writes src/codegen/special-coefficients.ts: the polynomials and constants of cp.special's float64
gammaln, digamma (psi), erf and erfc, which the CPU (js-special.ts) and CUDA (cuda-special.ts)
backends both evaluate, so that the two compute the same values.

Each polynomial is the Chebyshev interpolant of a smooth part of the function on an interval a
little wider than where it is used, at 300 bits (mpmath), written as coefficients of powers of
t = x - c (lowest first), rounded to float64. The parts divide out the zeros, so the results keep
their relative accuracy next to them (gammaln at 1 and 2, digamma at its roots):
  LGAMMA_1     lgamma(1 + t) / t              t in [-0.5, 0.5]
  LGAMMA_MIN   (lgamma(X0 + t) - LGAMMA_X0 - PSI_X0 t) / t^2   around lgamma's minimum X0 (1.46...)
  LGAMMA_2     lgamma(2 + t) / t              t in [-0.25, 0.75]
  DIGAMMA_1    psi(1.5 + t) / (1.5 + t - root)     t in [-0.5, 0.5]; root = 1.4616... (ROOT + ROOT_LO)
  DIGAMMA_2    psi(2.5 + t)                   t in [-0.5, 0.5]
  DIGAMMA_NEG  psi(NEG_ROOT + t) / (t - NEG_ROOT_LO)   t in [-0.1, 0.1]; psi's root -0.5040...
  ERF_SMALL    erf(x) / x as a polynomial in u = x^2, |x| <= 0.5
  ERFCX_k      exp(x^2) erfc(x) on [0.5, 1.5], [1.5, 3], [3, 6], in t = x - 1, x - 2.25, x - 4.5
Plus the asymptotic series' coefficients: Stirling's B_2k / (2k (2k - 1)) for lgamma and
B_2k / 2k for digamma, each as many as x >= 10 needs. Run: python3 scripts/gen_special_coefficients.py
(needs mpmath).
"""
import os
import mpmath as mp

mp.mp.prec = 300


def cheb_fit(f, a, b, n, c):
    """Degree-n Chebyshev interpolant of f on [a, b], as coefficients of (x - c)^k, lowest first."""
    a, b, c = mp.mpf(a), mp.mpf(b), mp.mpf(c)
    mid, half, N = (a + b) / 2, (b - a) / 2, n + 1
    nodes = [mp.cos(mp.pi * (k + mp.mpf(1) / 2) / N) for k in range(N)]
    values = [f(mid + half * s) for s in nodes]
    cheb = [2 * mp.fsum(values[k] * mp.cos(mp.pi * j * (k + mp.mpf(1) / 2) / N) for k in range(N)) / N for j in range(N)]
    cheb[0] /= 2
    mono = [mp.mpf(0)] * N  # the series in s = (x - mid) / half, as powers of s
    prev, cur = [mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]
    for j in range(N):
        if j == 0:
            T = prev
        elif j == 1:
            T = cur
        else:
            T = [mp.mpf(0)] + [2 * v for v in cur]
            for i, v in enumerate(prev):
                T[i] -= v
            prev, cur = cur, T
        for i, v in enumerate(T):
            mono[i] += cheb[j] * v
    d = (c - mid) / half  # s = d + t / half
    out = [mp.mpf(0)] * N
    for i, m in enumerate(mono):
        for k in range(i + 1):
            out[k] += m * mp.binomial(i, k) * d ** (i - k) / half ** k
    return out


def near_zero(t):
    return abs(t) < mp.mpf(10) ** -60


EULER = mp.euler
ROOT = mp.findroot(mp.digamma, mp.mpf('1.46'))
ROOT_D = mp.mpf(float(ROOT))
NEG_ROOT = mp.findroot(mp.digamma, mp.mpf('-0.504'))
NEG_ROOT_D = mp.mpf(float(NEG_ROOT))
LGAMMA_X0 = mp.loggamma(ROOT_D)
PSI_X0 = mp.digamma(ROOT_D)  # not quite 0: ROOT_D is the root rounded


def lgamma_1(t):
    return -EULER + mp.zeta(2) / 2 * t if near_zero(t) else mp.loggamma(1 + t) / t


def lgamma_min(t):
    return mp.psi(1, ROOT_D) / 2 if near_zero(t) else (mp.loggamma(ROOT_D + t) - LGAMMA_X0 - PSI_X0 * t) / t ** 2


def lgamma_2(t):
    return 1 - EULER + (mp.zeta(2) - 1) / 2 * t if near_zero(t) else mp.loggamma(2 + t) / t


def digamma_1(t):
    x = mp.mpf('1.5') + t
    return mp.psi(1, ROOT) if near_zero(x - ROOT) else mp.digamma(x) / (x - ROOT)


def digamma_2(t):
    return mp.digamma(mp.mpf('2.5') + t)


def digamma_neg(t):
    z = t - (NEG_ROOT - NEG_ROOT_D)
    return mp.psi(1, NEG_ROOT) if near_zero(z) else mp.digamma(NEG_ROOT_D + t) / z


def erf_small(u):
    return 2 / mp.sqrt(mp.pi) * (1 - u / 3) if near_zero(u) else mp.erf(mp.sqrt(u)) / mp.sqrt(u)


def erfcx(x):
    return mp.erfc(x) * mp.exp(x * x)


# name: (function, interval, degree, expansion point)
FITS = {
    'LGAMMA_1': (lgamma_1, (-0.502, 0.502), 28, 0),
    'LGAMMA_MIN': (lgamma_min, (1.248 - float(ROOT_D), 1.752 - float(ROOT_D)), 15, 0),
    'LGAMMA_2': (lgamma_2, (-0.252, 0.752), 17, 0),
    'DIGAMMA_1': (digamma_1, (-0.502, 0.502), 23, 0),
    'DIGAMMA_2': (digamma_2, (-0.502, 0.502), 18, 0),
    'DIGAMMA_NEG': (digamma_neg, (-0.102, 0.102), 18, 0),
    'ERF_SMALL': (erf_small, (0, 0.2502), 10, 0),
    'ERFCX_1': (erfcx, (0.498, 1.502), 18, 1),
    'ERFCX_2': (erfcx, (1.498, 3.002), 19, 2.25),
    'ERFCX_3': (erfcx, (2.998, 6.002), 22, 4.5),
}


def series(term):
    """Coefficients term(k), k = 1, 2, ..., while their term at x = 10 is above 1e-17 (the results are 2 and more)."""
    out, k = [], 1
    while True:
        c = term(k)
        out.append(c)
        if abs(c) / mp.mpf(10) ** (2 * k - 1) < mp.mpf(10) ** -17:
            return out
        k += 1


STIRLING = series(lambda k: mp.bernoulli(2 * k) / (2 * k * (2 * k - 1)))
DIGAMMA_ASYMPTOTIC = series(lambda k: mp.bernoulli(2 * k) / (2 * k))


def js_number(v):
    return repr(float(v))


def array(name, values, comment):
    body = ',\n'.join(f'  {js_number(v)}' for v in values)
    return f'/** {comment} */\nexport const {name}: readonly number[] = [\n{body},\n];\n'


def main():
    parts = [
        '// Written by scripts/gen_special_coefficients.py (which says how each is fitted); do not edit.\n'
        '// The float64 gammaln, digamma, erf and erfc of both backends evaluate these (js-special.ts,\n'
        '// cuda-special.ts): Chebyshev fits at 300 bits, as coefficients of t^0, t^1, ... (lowest first).\n',
        f'/** lgamma\'s minimum (psi\'s positive root) as a double, and the rest of it. */\n'
        f'export const ROOT = {js_number(ROOT_D)};\nexport const ROOT_LO = {js_number(ROOT - ROOT_D)};\n'
        f'/** ROOT - 1, exact. */\nexport const ROOT_MINUS_1 = {js_number(ROOT_D - 1)};\n'
        f'/** lgamma(ROOT) and psi(ROOT) (the slope left by rounding the root). */\n'
        f'export const LGAMMA_X0 = {js_number(LGAMMA_X0)};\nexport const PSI_X0 = {js_number(PSI_X0)};\n'
        f'/** psi\'s root in (-1, 0) as a double, and the rest of it. */\n'
        f'export const NEG_ROOT = {js_number(NEG_ROOT_D)};\nexport const NEG_ROOT_LO = {js_number(NEG_ROOT - NEG_ROOT_D)};\n',
    ]
    for name, (f, (a, b), n, c) in FITS.items():
        parts.append(array(name, cheb_fit(f, a, b, n, c), f'Degree {n} on [{a:.6g}, {b:.6g}] in t = x - {c}.'))
    parts.append(array('STIRLING', STIRLING, "lgamma's Stirling series: B_2k / (2k (2k - 1)), k = 1, 2, ... (of x^(1 - 2k))."))
    parts.append(array('DIGAMMA_ASYMPTOTIC', DIGAMMA_ASYMPTOTIC, "digamma's asymptotic series: B_2k / 2k, k = 1, 2, ... (of x^-2k)."))
    path = os.path.join(os.path.dirname(__file__), '..', 'src', 'codegen', 'special-coefficients.ts')
    with open(path, 'w') as f:
        f.write('\n'.join(parts))


if __name__ == '__main__':
    main()
