"""`a is b` on values whose identity a tf.function does not keep (bodies.NEEDS_VALUE "identity").

bodies.eval_Compare records an `is` / `is not` test with no literal side (`x is None` is the same
both ways: None is passed as itself); facts.value_use already makes a tensor operand a hazard
and one of unknown type unknown. Measured with TF 2.21 (tests/test_identity_tests.py), passing
an object to a tf.function and testing it with `is` against the object itself or against the
same object passed twice:

- a list, tuple, dict or namedtuple (of tensors or not, empty too) is rebuilt: False traced;
- a NumPy array becomes a tensor: False traced;
- some TensorFlow functions come in as another object (tf.exp, tf.math.log, tf.nn.softmax:
  `act is tf.exp` is True eagerly, False traced; tf.nn.relu keeps it): the engine does not tell
  them apart, so any TensorFlow function (a `lib:` value that is not a dtype) counts;
- None, Python numbers and strings, instances, classes, user functions, lambdas,
  functools.partial, tf.Variables, Keras layers and dtypes keep their identity.

The engine cannot tell whether such a value reached the test through an argument of the
function to convert (a module-level list read directly keeps its identity), so any of these
kinds in an operand makes the `is` test UNDETERMINABLE_CONSTRUCT (default-deny).
"""

from __future__ import annotations

from hybridize.analysis import tfapi
from hybridize.analysis import values as V

# Containers a tf.function rebuilds from their leaves when passed as an argument.
_REBUILT = frozenset({V.LIST, V.LIST_OF_TENSORS, V.EMPTY_LIST, V.LIST_OF_LAYERS,
                      V.HOLDS_VARIABLE})


def _changes_identity(value: str) -> str | None:
    """What a tf.function makes of this value as an argument, when it is another object."""
    if value in _REBUILT:
        return "a Python list, tuple or dict, which a tf.function rebuilds"
    if value == V.NUMPY:
        return "a NumPy array, which a tf.function turns into a tensor"
    if value.startswith("lib:tensorflow") and not tfapi.is_dtype(value[4:]):
        return (f"`{value[4:]}`, a TensorFlow function a tf.function may pass as another "
                "object (tf.exp does)")
    return None


def identity_hazard(values: frozenset[str]) -> tuple[str, str] | None:
    """UNDETERMINABLE_CONSTRUCT when an operand of an `is` test may be an object whose identity
    a tf.function argument does not keep."""
    for value in sorted(values):
        what = _changes_identity(value)
        if what:
            return ("UNDETERMINABLE_CONSTRUCT", f"an `is` test on {what} (measured: True "
                    "eagerly, False traced when it is passed as an argument)")
    return None
