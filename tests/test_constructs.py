"""Default-deny over Python's syntax: every statement and expression kind has a rule, constructs
whose meaning depends on whether a value is a tensor are judged by that value, and statements
that used to be skipped (except handlers, match cases, definitions under loops) are analysed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project
from hybridize.analysis import bodies


def _kinds(base: type) -> set[str]:
    """Node classes of `ast` the parser can produce (deprecated aliases such as ast.Num are
    subclasses of a listed class and never produced)."""
    out = set()
    for name in dir(ast):
        cls = getattr(ast, name)
        if isinstance(cls, type) and issubclass(cls, base) and cls is not base:
            out.add(cls)
    return {c.__name__ for c in out if not any(
        other is not c and issubclass(c, other) for other in out)}


def test_every_statement_kind_has_a_rule() -> None:
    known = set(bodies.STATEMENTS) | set(bodies.UNMODELLED_STATEMENTS)
    assert sorted(_kinds(ast.stmt) - known) == []


def test_every_expression_kind_has_a_rule() -> None:
    known = set(bodies.EXPRESSIONS) | set(bodies.UNMODELLED_EXPRESSIONS)
    assert sorted(_kinds(ast.expr) - known) == []


CALLER = '''
    def main():
        x = tf.constant([1.0, 2.0, 3.0])
        {calls}
'''


def _verdicts(tmp_path: Path, body: str, names: list[str]) -> dict:
    calls = "\n        ".join(f"{n}(x)" for n in names)
    source = "import tensorflow as tf\n" + body + CALLER.format(calls=calls)
    write_project(tmp_path, {"m.py": source})
    return {k.split("::")[1]: v for k, v in verdicts(analyse(tmp_path)).items()}


def _codes(report: object) -> list[str]:
    return [f.code for f in report.failures]  # type: ignore[attr-defined]


def test_a_kind_without_a_rule_makes_the_verdict_unknown(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    body = '''
def halve_until_small(x):
    n = 0
    while n < 3:
        n += 1
    return x / 2.0
'''
    assert _verdicts(tmp_path, body, ["halve_until_small"])[
        "halve_until_small"].transformation == "CONVERT_TO_HYBRID"
    monkeypatch.delitem(bodies.STATEMENTS, "While")
    report = _verdicts(tmp_path / "again", body, ["halve_until_small"])["halve_until_small"]
    assert report.transformation is None
    assert "UNDETERMINABLE_CONSTRUCT" in _codes(report)
    assert "`While` statement at line 5" in report.failures[0].message


def test_match_is_not_modelled_and_its_cases_are_analysed(tmp_path: Path) -> None:
    body = '''
def activation(x, kind="relu"):
    match kind:
        case "relu":
            return tf.nn.relu(x)
        case _:
            print("unknown activation", kind)
            return x
'''
    report = _verdicts(tmp_path, body, ["activation"])["activation"]
    assert report.transformation is None
    # The print in the second case is seen (it used to be skipped), and the match is named.
    assert _codes(report)[0] == "HAS_PYTHON_SIDE_EFFECTS"
    assert "UNDETERMINABLE_CONSTRUCT" in _codes(report)


def test_except_handler_bodies_are_analysed(tmp_path: Path) -> None:
    body = '''
FAILURES = []


def safe_inverse(x):
    try:
        return tf.linalg.inv(x)
    except tf.errors.InvalidArgumentError:
        FAILURES.append("singular")
        return tf.zeros_like(x)
'''
    report = _verdicts(tmp_path, body, ["safe_inverse"])["safe_inverse"]
    assert report.transformation is None
    assert _codes(report)[0] == "HAS_PYTHON_SIDE_EFFECTS"  # the append in the handler
    assert "HAS_EXCEPTION_HANDLING" in _codes(report)


@pytest.mark.parametrize(("body", "name", "code"), [
    ('''
def describe(x):
    return tf.strings.as_string(x) if f"{x}" else x
''', "describe", "HAS_TENSOR_TO_PYTHON_CONVERSION"),
    ('''
def checked(x):
    assert tf.reduce_min(x) >= 0
    return tf.sqrt(x)
''', "checked", "HAS_TENSOR_TO_PYTHON_CONVERSION"),
    ('''
def size_scaled(x):
    return x / len(x)
''', "size_scaled", "HAS_TENSOR_TO_PYTHON_CONVERSION"),
    ('''
def larger(x):
    return max(x[0], x[1]) * x
''', "larger", "HAS_TENSOR_TO_PYTHON_CONVERSION"),
    ('''
def positives(x):
    return tf.stack([v for v in x if v > 0])
''', "positives", "HAS_TENSOR_TO_PYTHON_CONVERSION"),
    ('''
def clipped(x):
    if tf.reduce_max(x) > 1.0:
        x = x / tf.reduce_max(x)
    return x
''', "clipped", "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"),
    ('''
def cumulative(x):
    out = []
    for i in tf.range(tf.shape(x)[0]):
        out.append(tf.reduce_sum(x[: i + 1]))
    return tf.stack(out)
''', "cumulative", "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"),
    ('''
def total(x):
    s = 0
    for i in tf.range(tf.shape(x)[0]):
        s += x[i]
    return s
''', "total", "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"),
    ('''
def count_positive(x):
    return int(tf.reduce_sum(tf.cast(x > 0, tf.int32))) + 0 * tf.reduce_sum(x)
''', "count_positive", "HAS_TENSOR_TO_PYTHON_CONVERSION"),
    ('''
def warmup_rate(x):
    tf.debugging.assert_non_negative(x)
    return 0.01
''', "warmup_rate", "HAS_PYTHON_RETURN_VALUES"),
])
def test_constructs_that_need_a_tensors_value(tmp_path: Path, body: str, name: str,
                                              code: str) -> None:
    report = _verdicts(tmp_path, body, [name])[name]
    assert report.transformation is None, report.reason
    assert code in _codes(report), _codes(report)


def test_loops_that_carry_nothing_and_python_loops_still_convert(tmp_path: Path) -> None:
    body = '''
def apply_all(x):
    for scale in (1.0, 2.0, 3.0):
        x = x * scale
    return x


def touch_rows(x, v):
    for i in tf.range(tf.shape(x)[0]):
        v.assign_add(x[i])
    return v.read_value()
'''
    source = "import tensorflow as tf\n" + body + '''
def main():
    x = tf.constant([1.0, 2.0])
    apply_all(x)
    touch_rows(x, tf.Variable(0.0))
'''
    write_project(tmp_path, {"m.py": source})
    found = {k.split("::")[1]: v for k, v in verdicts(analyse(tmp_path)).items()}
    assert found["apply_all"].transformation == "CONVERT_TO_HYBRID", found["apply_all"].reason
    assert found["touch_rows"].transformation == "CONVERT_TO_HYBRID", found["touch_rows"].reason


def test_definitions_under_module_loops_and_class_blocks_are_reported(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": '''
import tensorflow as tf

for _name in ("a", "b"):
    def scaled(x):
        return x * 2.0

while False:
    def never(x):
        return x

match 3:
    case 3:
        def matched(x):
            return x + 1.0
    case _:
        pass


class Model(tf.Module):
    if True:
        def step(self, x):
            return x
    try:
        def fast(self, x):
            return x
    except ImportError:
        def fallback(self, x):
            return x
'''})
    names = {r.qualname for r in analyse(tmp_path).functions}
    assert names >= {"scaled", "never", "matched", "Model.step", "Model.fast", "Model.fallback"}


def test_signature_inference_only_where_open_dimensions_change_nothing(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": '''
        import tensorflow as tf


        @tf.function
        def rms(x):
            return tf.sqrt(tf.reduce_mean(tf.square(x), axis=-1))


        @tf.function
        def flatten_rows(x):
            return tf.reshape(x, [x.shape[0], -1])


        def affine(x):
            return x * 2.0 + 1.0


        fast_affine = tf.function(affine)


        def main():
            x = tf.zeros((4, 3))
            rms(x)
            flatten_rows(x)
            fast_affine(x)
    '''})
    found = {k.split("::")[1]: v for k, v in
             verdicts(analyse(tmp_path, infer_signatures=True)).items()}
    assert found["rms"].transformation == "RECONFIGURE"
    # x.shape[0] is None under input_signature=[TensorSpec((None, None))]: reshape would fail.
    assert found["flatten_rows"].transformation is None
    # A tf.function(f) wrapper has no decorator to give an argument to.
    assert found["affine"].transformation is None
