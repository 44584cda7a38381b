"""Program.attribute: an attribute of None, other than a dunder one, gives nothing (reading it
raises AttributeError, so no value flows on): `tf = try_import_tensorflow()` (the module or
None, keras-hub) then `tf.where(...)` calls TensorFlow's op alone. The verdict and its harness
case are in tests/corpus_expected.py and tests/equivalence_cases.py
(realcode/optional_module.py); here, the values themselves."""

from __future__ import annotations

from hybridize.analysis import values as V
from hybridize.analysis.program import Program


def test_a_non_dunder_attribute_of_none_gives_nothing() -> None:
    program = Program([])
    assert program.attribute(frozenset({V.NONE}), "where") == frozenset()
    assert program.attribute(frozenset({V.NONE, "lib:tensorflow"}), "where") == \
        frozenset({"lib:tensorflow.where"})


def test_a_dunder_attribute_of_none_stays_unknown() -> None:
    """None has `__class__`, `__eq__`, `__bool__`...: what they give is not modelled."""
    program = Program([])
    assert V.has_unknown(program.attribute(frozenset({V.NONE}), "__class__"))


def test_an_attribute_of_another_python_value_stays_unknown() -> None:
    program = Program([])
    assert V.has_unknown(program.attribute(frozenset({V.NONE, "str"}), "upper"))
