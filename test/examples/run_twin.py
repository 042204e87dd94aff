"""Run gallery twins with NumPy: python3 run_twin.py EXAMPLES_DIR WORK_DIR NAME...

For each NAME, loads WORK_DIR/NAME-in.npz (the very arrays the TypeScript program got), calls
EXAMPLES_DIR/NAME.py's run(np, inputs) and saves every result, as an array under its key, in
WORK_DIR/NAME-out.npz. One process for all of them: importing NumPy is the slow part.
"""
import importlib.util
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # leave no __pycache__ in examples/


def run_one(examples, work, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(examples, name + ".py"))
    twin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(twin)
    with np.load(os.path.join(work, name + "-in.npz")) as f:
        inputs = {k: f[k] for k in f.files}
    results = twin.run(np, inputs)
    np.savez(os.path.join(work, name + "-out.npz"), **{k: np.asarray(v) for k, v in results.items()})


if __name__ == "__main__":
    examples, work, *names = sys.argv[1:]
    for name in names:
        run_one(examples, work, name)
