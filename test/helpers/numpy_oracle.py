"""NumPy oracle for the cupyts tests: evaluate a batch of expressions, answer in JSON.

stdin:  {"cases": [{"expr": "np.add(a, b)", "inputs": {"a": INPUT, ...}}, ...]}
        INPUT is {"t": "array", "dtype": NAME, "shape": [..], "b64": raw little-endian bytes}
              or {"t": "int", "v": "123"}           (decimal string: any size)
              or {"t": "float", "v": "-0.0"}        (Python float() syntax: "nan", "Infinity", ...)
              or {"t": "bool", "v": true}
              or {"t": "complex", "re": "1.5", "im": "-0.0"}  (each part in Python float() syntax)
stdout: {"results": [RESULT, ...]}, one per case, in order.
        RESULT is {"ok": true, "tuple": false, "values": [ARRAY]}
               or {"ok": true, "tuple": true, "values": [ARRAY, ...]}  (the expression gave a tuple or list)
               or {"ok": false, "error": "TypeError: ..."}
        ARRAY is {"dtype": NAME, "shape": [..], "b64": ...}; bool as 0/1 bytes, float16 as raw bits,
        complex as interleaved (re, im) pairs.

A failing case never fails the batch. NumPy warnings are silenced, so 1/0 gives inf as in NumPy.
Anything an expression prints (Python or C code) goes to stderr, keeping stdout for the answer.
"""
import base64
import json
import math
import os
import sys
import warnings
from fractions import Fraction

import numpy as np

DTYPE_NAMES = (
    'bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
    'float16', 'float32', 'float64', 'complex64', 'complex128',
)
LITTLE_ENDIAN = {name: np.dtype(name).newbyteorder('<') for name in DTYPE_NAMES}


class UnsupportedResult(Exception):
    pass


def decode_input(spec):
    kind = spec['t']
    if kind == 'array':
        dtype = LITTLE_ENDIAN[spec['dtype']]
        raw = bytearray(base64.b64decode(spec['b64']))  # bytearray: the array stays writable
        flat = np.frombuffer(raw, dtype=dtype) if raw else np.empty(0, dtype=dtype)
        return flat.reshape(spec['shape']).astype(dtype.newbyteorder('='), copy=False)
    if kind == 'int':
        return int(spec['v'])
    if kind == 'float':
        return float(spec['v'])
    if kind == 'bool':
        return bool(spec['v'])
    if kind == 'complex':
        return complex(float(spec['re']), float(spec['im']))
    raise ValueError(f'unknown input kind {kind!r}')


def encode_array(value):
    arr = np.asarray(value)
    name = arr.dtype.name
    if name not in LITTLE_ENDIAN or arr.dtype.kind not in 'biufc':
        raise UnsupportedResult(f'unsupported result dtype {arr.dtype}')
    if name == 'bool':
        arr = arr.astype(np.uint8)  # exactly 0/1 bytes
    data = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder('<')).tobytes()
    return {'dtype': name, 'shape': list(arr.shape), 'b64': base64.b64encode(data).decode('ascii')}


def cross2(a, b, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """np.cross as NumPy 1.x and CuPy define it for 2-vectors (NumPy 2.0 deprecated them and newer NumPy
    raises): a 2-vector is a 3-vector with a zero third component, and of two 2-vectors only that
    third component of their cross product comes back."""
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim == 0 or b.ndim == 0:
        return np.cross(a, b)  # raises NumPy's error
    a, b = np.moveaxis(a, axisa, -1), np.moveaxis(b, axisb, -1)
    def pad(v):
        return np.concatenate([v, np.zeros_like(v[..., :1])], -1) if v.shape[-1] == 2 else v
    product = np.cross(pad(a), pad(b))
    if a.shape[-1] == 2 and b.shape[-1] == 2:
        return product[..., 2]
    return np.moveaxis(product, -1, axisc)


def log1p_exact(z):
    """np.log1p of a complex array, but accurate where NumPy's log(hypot(1 + x, y)) loses digits
    (a small z; 1 + z near the unit circle; parts near the largest float): the real part log1p(d) / 2
    for d = (1 + x)^2 + y^2 - 1 worked out exactly (fractions) where 1/4 <= |1 + z|^2 < 16, log |1 + z|
    in long double elsewhere; NumPy's value where z is not finite."""
    out = np.array(np.log1p(z))
    for i in np.ndindex(out.shape):
        x, y = float(z.real[i]), float(z.imag[i])
        if not (math.isfinite(x) and math.isfinite(y)):
            continue
        h2 = (1 + Fraction(x)) ** 2 + Fraction(y) ** 2
        if Fraction(1, 4) <= h2 < 16:
            out.real[i] = math.log1p(float(h2 - 1)) / 2
        else:
            out.real[i] = float(np.log(np.hypot(1 + np.longdouble(x), np.longdouble(y))))
    return out


def evaluate(case, compiled):
    expr = case['expr']
    code = compiled.get(expr)
    if code is None:
        code = compiled[expr] = compile(expr, '<oracle>', 'eval')
    names = {'np': np, 'numpy': np, 'cross2': cross2, 'log1p_exact': log1p_exact}
    if 'special.' in expr:  # SciPy, for cp.special; imported only where an expression uses it
        import scipy.special
        names['special'] = scipy.special
    for name, spec in case['inputs'].items():
        names[name] = decode_input(spec)
    value = eval(code, names)
    if isinstance(value, (tuple, list)):
        return {'ok': True, 'tuple': True, 'values': [encode_array(v) for v in value]}
    return {'ok': True, 'tuple': False, 'values': [encode_array(value)]}


def main():
    request = json.load(sys.stdin)
    compiled = {}
    results = []
    # What C code prints on file descriptor 1 (LAPACK's xerbla messages) goes to stderr too: the
    # answer is written to a duplicate of the original stdout.
    sys.stdout.flush()
    real_stdout = os.fdopen(os.dup(1), 'w')
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    with warnings.catch_warnings(), np.errstate(all='ignore'):
        warnings.simplefilter('ignore')
        for case in request['cases']:
            try:
                results.append(evaluate(case, compiled))
            except UnsupportedResult as e:
                results.append({'ok': False, 'error': str(e)})
            except Exception as e:  # noqa: BLE001 - every NumPy error belongs to its case
                results.append({'ok': False, 'error': f'{type(e).__name__}: {e}'})
    sys.stdout = real_stdout
    json.dump({'results': results}, real_stdout, separators=(',', ':'))
    real_stdout.flush()


if __name__ == '__main__':
    main()
