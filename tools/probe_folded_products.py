"""Products and quotients with constants: does a tf.function compute them otherwise than eager
code? (red team, session 8, TF 2.21, the Grappler defaults a tf.function runs with).

Grappler folds the constants of `x * C1 * C2` (and rewrites `x / C`) before the graph runs, so
each result may round differently from the eager order of operations. Prints, per form, how many
elements differ bitwise and the largest difference. Measured: `x / 255.0 * 2.0 - 1.0`, `x /
127.5 - 1.0`, `(x - 127.5) / 127.5` differ in about half of the 256 pixel values by one float32
ulp (1.19e-7), `x * 0.1 * 0.3` in 29% by 7.5e-9; `x * 2.0 * math.pi`, `x * 0.5 * 3.0` not at
all; only constants near the float32 limits change a value (`x * 1e30 * 1e-30` at x = 1e10: inf
eagerly, 1e10 traced). Not declined: an ulp is within the equivalence harness's tolerance, and
products do not cancel (unlike `1.0 - x + eps`, folded_constants.py). Run:
    .venv/bin/python tools/probe_folded_products.py
"""

from __future__ import annotations

import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

PIXELS = tf.constant(np.arange(256, dtype=np.float32))
NORMAL = tf.random.stateless_normal((10000,), seed=(1, 2))
EXTREME = tf.constant([1e10, 3.0, 1e-30], tf.float32)

FORMS = {
    "x / 255.0 * 2.0 - 1.0": (lambda x: x / 255.0 * 2.0 - 1.0, PIXELS),
    "x / 127.5 - 1.0": (lambda x: x / 127.5 - 1.0, PIXELS),
    "(x - 127.5) / 127.5": (lambda x: (x - 127.5) / 127.5, PIXELS),
    "x * 2.0 * math.pi": (lambda x: x * 2.0 * math.pi, NORMAL),
    "x * 0.5 * 3.0": (lambda x: x * 0.5 * 3.0, NORMAL),
    "x * 0.1 * 0.3": (lambda x: x * 0.1 * 0.3, NORMAL),
    "x * 1e30 * 1e-30": (lambda x: x * 1e30 * 1e-30, EXTREME),
    "x * 1e-30 * 1e30": (lambda x: x * 1e-30 * 1e30, EXTREME),
}


def main() -> None:
    for name, (form, x) in FORMS.items():
        eager, traced = form(x).numpy(), tf.function(form)(x).numpy()
        differ = int(np.sum(eager.view(np.uint32) != traced.view(np.uint32)))
        with np.errstate(invalid="ignore"):
            worst = float(np.nanmax(np.abs(eager.astype(np.float64) - traced)))
        print(f"{differ:5d}/{eager.size:<5d} differ  largest {worst:.3g}  {name}")


if __name__ == "__main__":
    main()
