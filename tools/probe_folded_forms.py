"""Which spellings of `C1 - X + C2` a tf.function computes otherwise than eager code (red team,
session 8, TF 2.21, the Grappler defaults a tf.function runs with).

Each form is run eagerly and as tf.function at x = 1 (the terms cancel: eager 1e-6 exactly) and
prints the float32 bits of both; `differs` when they are not equal. Run:
    .venv/bin/python tools/probe_folded_forms.py
"""

from __future__ import annotations

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

EPS = 1e-6
eps = 1e-6
HEADER = 16


class Holder:
    EPS = 1e-6
    eps_class = 1e-6

    def __init__(self) -> None:
        self.eps = 1e-6
        self.eps_tensor = tf.constant(1e-6)


H = Holder()


def default(x, e=1e-6):
    return 1.0 - x + e


FORMS = {
    "literal 1.0 - x + 1e-6": lambda x: 1.0 - x + 1e-6,
    "self.EPS (capitals)": lambda x: 1.0 - x + H.EPS,
    "self.eps (instance attribute)": lambda x: 1.0 - x + H.eps,
    "class attribute eps_class": lambda x: 1.0 - x + Holder.eps_class,
    "module constant lowercase eps": lambda x: 1.0 - x + eps,
    "keras.backend.epsilon()": lambda x: 1.0 - x + keras.backend.epsilon() / 1e1,
    "tf.keras.backend.epsilon()": lambda x: 1.0 - x + tf.keras.backend.epsilon() / 1e1,
    "parameter default e=1e-6": default,
    "tf.constant attribute": lambda x: 1.0 - x + H.eps_tensor,
    "tf.add(tf.subtract(1.0, x), 1e-6)": lambda x: tf.add(tf.subtract(1.0, x), 1e-6),
    "tf.math.add(1.0 - x, 1e-6)": lambda x: tf.math.add(1.0 - x, 1e-6),
    "tf.subtract(1.0, x) + 1e-6": lambda x: tf.subtract(1.0, x) + 1e-6,
    "x - 1.0 - 1e-6 (at x = 1)": lambda x: x - 1.0 - 1e-6,
    "x + 1.0 + 1e-6 (at x = -1)": lambda x: -x + 1.0 + 1e-6,
    "(1.0 + 1e-6) - x (Python sums first)": lambda x: (1.0 + 1e-6) - x,
    "1.0 - x ** 2 + 1e-6": lambda x: 1.0 - x ** 2 + 1e-6,
    "tf.reduce_sum(x) - 1.0 + 1e-6": lambda x: tf.reduce_sum(x) - 1.0 + 1e-6,
    "Python ints HEADER + n + 1 (n a Python int)": lambda x: x * 0.0 + (HEADER + 3 + 1),
    "Python floats 1.0 - 0.5 + 1e-6 (no tensor)": lambda x: x * 0.0 + (1.0 - 1.0 + 1e-6),
}


def bits(value: tf.Tensor) -> str:
    return " ".join(f"{float(v):.9g}" for v in np.ravel(value.numpy()))


def main() -> None:
    x = tf.constant([1.0], tf.float32)
    for name, form in FORMS.items():
        eager = form(x)
        traced = tf.function(form)(x)
        same = eager.numpy().tobytes() == traced.numpy().tobytes()
        print(f"{'same   ' if same else 'differs'}  {name:46s} eager {bits(eager):>14s}  "
              f"traced {bits(traced):>14s}")


if __name__ == "__main__":
    main()
