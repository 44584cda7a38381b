"""Generate three tables of Keras layer classes for analysis/keras_build.py.

data/keras_layer_plain_args.tsv: the classes whose constructor takes nothing their `call` calls
(no parameter named like a layer, cell, function or activation, and not a Wrapper, RNN or Model):
a workspace subclass without an `__init__` of its own, given a value of unknown kind, cannot hold
a workspace layer that its `call` would run.

data/keras_layer_shapes.tsv: the classes whose `call` Keras never runs on symbolic inputs to get
their output, because they compute it from shapes.

Keras 3's `Layer.compute_output_spec` (what a layer does when it is called on `keras.Input`, in a
functional model or `keras.Sequential`) runs `call` in a scratch graph only when the class's
`compute_output_shape` is the default; otherwise it asks `compute_output_shape`. A class listed
here has its own `compute_output_shape` and Keras' `compute_output_spec`. Read by
analysis/keras_build.py: a workspace layer deriving from one of these (a `Dense` subclass) and
built outside its `call` never runs its `call` symbolically, so a layer it holds is first called
in a real call (measured, docs/analysis-rules.md, IS_KERAS_CALL_METHOD).

data/keras_layer_called_params.tsv: for each layer class that is not a Wrapper, RNN or Model, its
constructor's parameters in positional order and those among them that its `call` calls (an
activation, ...): a `Dense(units)` built with none of them given (or given only a string, None or
a bool) calls nothing a workspace layer could be, so a workspace layer's attribute holding only
such constructions cannot run a workspace layer (keras_build.py, _plain_attribute).

Run it with the interpreter that has TensorFlow and Keras installed:

    .venv/bin/python tools/generate_keras_shapes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import keras  # noqa: E402
from generate_api_tables import HEADER, OUT, issubclass_safe, public_names, versions  # noqa: E402


def keras_layer_shapes() -> list[str]:
    from keras.src.utils.python_utils import is_default

    base = keras.layers.Layer
    rows = []
    for name in public_names(keras.layers):
        obj = getattr(keras.layers, name)
        if isinstance(obj, type) and issubclass_safe(obj, base) and \
                not is_default(obj.compute_output_shape) and \
                obj.compute_output_spec is base.compute_output_spec:
            rows.append(f"tensorflow.keras.layers.{name}")
    return sorted(rows)


# Constructor parameters that Keras layers call (or keep to call) in `call`: an activation, a
# wrapped layer or cell, a function (Lambda, TorchModuleWrapper, JaxLayer), a mask function.
CALLED_PARAMETERS = frozenset({
    "activation", "recurrent_activation", "layer", "layers", "cell", "cells", "backward_layer",
    "forward_layer", "function", "module", "call_fn", "init_fn", "call_endpoint",
    "call_training_endpoint", "arguments", "mask",
})


def _layer_classes() -> list[tuple[str, type, set[str]]]:
    """The public Keras layer classes that are not wrappers, RNNs or models, each with the
    parameter names of every `__init__` in its MRO."""
    import inspect

    excluded = (keras.layers.Wrapper, keras.layers.RNN, keras.Model)
    found = []
    for name in public_names(keras.layers):
        obj = getattr(keras.layers, name)
        if not (isinstance(obj, type) and issubclass_safe(obj, keras.layers.Layer)) or \
                issubclass(obj, excluded):
            continue
        names: set[str] = set()
        for klass in obj.__mro__:
            if "__init__" in vars(klass):
                names |= set(inspect.signature(klass.__init__).parameters)
        found.append((name, obj, names))
    return found


def keras_layer_plain_args() -> list[str]:
    return sorted(f"tensorflow.keras.layers.{name}" for name, _, names in _layer_classes()
                  if not names & CALLED_PARAMETERS)


def keras_layer_called_params() -> list[str]:
    import inspect

    rows = []
    for name, obj, names in _layer_classes():
        positional = [p.name for p in inspect.signature(obj.__init__).parameters.values()
                      if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"]
        called = sorted(names & CALLED_PARAMETERS)
        rows.append(f"tensorflow.keras.layers.{name}\t{','.join(positional)}\t"
                    f"{','.join(called)}")
    return sorted(rows)


def main() -> None:
    plain = keras_layer_plain_args()
    (OUT / "keras_layer_plain_args.tsv").write_text(
        HEADER.replace("generate_api_tables", "generate_keras_shapes").format(
            versions=versions(), columns="layer class whose constructor takes nothing its "
            "call calls") + "\n".join(plain) + "\n", encoding="utf-8")
    rows = keras_layer_shapes()
    (OUT / "keras_layer_shapes.tsv").write_text(
        HEADER.replace("generate_api_tables", "generate_keras_shapes").format(
            versions=versions(), columns="layer class with its own "
                      "compute_output_shape (and Keras' compute_output_spec)")
        + "\n".join(rows) + "\n", encoding="utf-8")
    called = keras_layer_called_params()
    (OUT / "keras_layer_called_params.tsv").write_text(
        HEADER.replace("generate_api_tables", "generate_keras_shapes").format(
            versions=versions(), columns="layer class<TAB>constructor parameters in positional "
                      "order<TAB>those its call calls") + "\n".join(called) + "\n",
        encoding="utf-8")
    print(f"{len(plain)}, {len(rows)} and {len(called)} layer classes -> {OUT}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
