"""Checks a module written by `derive ... --format numpy` against central finite differences.

usage: python3 check_numpy.py MODULE.py [SEED]

Draws inputs for several sizes as the module's INPUTS and SAMPLE say, compares gradient(**inputs)
with central differences of loss(**inputs) in every entry of inputs[WRT], and prints one line:
    numpy-check: N entries, max relative error E, seed S
Exit 0 when every entry agrees within the tolerance, 1 when one does not, 2 on a broken module.
"""
import importlib.util
import sys

import numpy as np


def load(path):
    spec = importlib.util.spec_from_file_location("generated", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def draw(module, sizes, rng, cls):
    inputs = {}
    for name, dims in module.INPUTS.items():
        shape = tuple(sizes[d] for d in dims)
        how = module.SAMPLE.get(name)
        if how == "one-hot":
            value = np.zeros(shape)
            flat = value.reshape(-1, shape[-1]) if shape else value.reshape(1, 1)
            for row in range(flat.shape[0]):
                flat[row, (cls + row) % flat.shape[1]] = 1.0
            value = flat.reshape(shape)
        elif how == "probability":
            value = rng.uniform(0.1, 1.0, size=shape)
            value = value / value.sum(axis=-1, keepdims=True)
        elif how == "positive":
            value = rng.uniform(0.2, 2.0, size=shape)
        elif how == "invertible":
            # Strictly diagonally dominant with a positive diagonal: invertible, of positive determinant.
            value = rng.normal(size=shape)
            off = np.abs(value).sum(axis=1) - np.abs(np.diag(value))
            value[np.diag_indices(shape[0])] = np.abs(np.diag(value)) + off + 0.5
        else:
            value = rng.normal(size=shape)
        inputs[name] = value
    return inputs


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    module = load(sys.argv[1])
    rng = np.random.default_rng(seed)
    names = sorted({d for dims in module.INPUTS.values() for d in dims})
    worst, count = 0.0, 0
    for trial in range(6):
        sizes = {d: 2 + (trial + 3 * n) % 5 for n, d in enumerate(names)}
        inputs = draw(module, sizes, rng, trial)
        grad = np.asarray(module.gradient(**inputs), dtype=float)
        x = np.asarray(inputs[module.WRT], dtype=float)
        if grad.shape != x.shape:
            print(f"numpy-check: gradient has shape {grad.shape}, {module.WRT} has {x.shape}")
            return 1
        h = 1e-6
        for idx in np.ndindex(*x.shape) if x.shape else [()]:
            plus, minus = x.copy(), x.copy()
            plus[idx] += h
            minus[idx] -= h
            fd = (module.loss(**{**inputs, module.WRT: plus}) - module.loss(**{**inputs, module.WRT: minus})) / (2 * h)
            g = grad[idx]
            if not (np.isfinite(fd) and np.isfinite(g)):
                print(f"numpy-check: non-finite value at {idx}: gradient {g}, difference {fd}")
                return 1
            err = abs(g - fd) / max(1.0, abs(fd))
            worst = max(worst, err)
            count += 1
            if err > 1e-5:
                print(f"numpy-check: entry {idx} at sizes {sizes}: gradient {g}, finite difference {fd}")
                return 1
    print(f"numpy-check: {count} entries, max relative error {worst:.2g}, seed {seed}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # a module that does not run is broken, not wrong
        print(f"numpy-check: {type(e).__name__}: {e}")
        sys.exit(2)
