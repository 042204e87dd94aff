"""Run a gallery twin with NumPy: python3 run_twin.py EXAMPLE.py INPUTS.npz OUTPUTS.npz

Loads the inputs (the very arrays the TypeScript program got), calls the twin's run(np, inputs)
and saves every result, as an array, under its key.
"""
import importlib.util
import sys

import numpy as np


def main(example, inputs_path, outputs_path):
    spec = importlib.util.spec_from_file_location("twin", example)
    twin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(twin)
    with np.load(inputs_path) as f:
        inputs = {k: f[k] for k in f.files}
    results = twin.run(np, inputs)
    np.savez(outputs_path, **{k: np.asarray(v) for k, v in results.items()})


if __name__ == "__main__":
    main(*sys.argv[1:])
