"""What call sites pass, and how a decline says it (issue 12): values from libraries the engine
cannot see are unknown (they may be tensors), and the tensor-parameter failures name the call
site or the definition they are about."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hybridize.analysis import Settings, analyze
from hybridize.analysis.model import FunctionReport


def _reports(tmp_path: Path, source: str) -> dict[str, FunctionReport]:
    (tmp_path / "m.py").write_text(textwrap.dedent(source))
    return {f.qualname: f for f in analyze([tmp_path], Settings()).functions}


def test_a_value_from_an_unseen_library_may_be_a_tensor(tmp_path: Path) -> None:
    # tensorflow_addons returns a tensor here: removing the decorator "because no argument is a
    # tensor" would be wrong, and so would saying so.
    reports = _reports(tmp_path, """
        import tensorflow as tf
        import tensorflow_addons as tfa

        @tf.function
        def smooth(x):
            return tf.reduce_mean(x * x)

        def mean_square(x):
            return tf.reduce_mean(x * x)

        def main():
            image = tfa.image.gaussian_filter2d(tf.ones((1, 4, 4, 1)))
            smooth(image)
            mean_square(image)
    """)
    assert reports["smooth"].transformation is None
    eager = reports["mean_square"]
    assert eager.failures[0].code == "UNDETERMINABLE_TENSOR_PARAMETER"
    assert eager.failures[0].message == (
        "main passes a value of unknown type as `x`, which could be a tensor or not")
    assert eager.failures[0].line == 15


def test_tensor_parameter_failures_say_where(tmp_path: Path) -> None:
    reports = _reports(tmp_path, """
        import tensorflow as tf

        def no_parameters():
            return tf.zeros(3)

        def counted(n):
            return tf.zeros(n)

        def unused_helper(x):
            return tf.abs(x)

        def main():
            no_parameters()
            counted(3)
    """)
    none = reports["no_parameters"].failures[0]
    assert (none.code, none.line) == ("HAS_NO_TENSOR_PARAMETERS", 4)
    assert none.message == "no parameter receives a tensor: it takes no parameters"
    counted = reports["counted"].failures[0]
    assert (counted.code, counted.line) == ("HAS_NO_TENSOR_PARAMETERS", 15)
    assert counted.message == "no parameter receives a tensor: main passes a Python int as `n`"
    unused = reports["unused_helper"].failures[0]
    assert (unused.code, unused.line) == ("UNDETERMINABLE_TENSOR_PARAMETER", 10)


def test_every_failure_in_the_corpus_says_where() -> None:
    # Failures about the whole function (no TF op, a generator, decorator arguments, a primitive
    # argument at a call site past those kept) point at its definition.
    corpus = Path(__file__).parent / "corpus"
    missing = sorted({(f.file, f.qualname, failure.code)
                      for f in analyze([corpus], Settings()).functions
                      for failure in f.failures if failure.file is None or failure.line is None})
    assert missing == []


def test_failures_about_the_whole_function_name_its_definition(tmp_path: Path) -> None:
    reports = _reports(tmp_path, """
        import tensorflow as tf

        def batches(x):
            yield x

        def packed(x, y):
            return {"x": x, "y": y}

        def main():
            batches(tf.ones(2))
            packed(tf.ones(2), tf.zeros(2))
    """)
    kind = reports["batches"].failures[0]
    assert (kind.code, kind.file, kind.line) == ("UNSUPPORTED_FUNCTION_KIND", "m.py", 4)
    nothing = [f for f in reports["packed"].failures if f.code == "NO_TENSOR_COMPUTATION"]
    assert [(f.file, f.line) for f in nothing] == [("m.py", 7)]


def test_a_value_from_an_unseen_library_decides_nothing(tmp_path: Path) -> None:
    # `if y:` on what tensorflow_addons returned (a tensor here) becomes a graph conditional, or
    # fails, once traced: the function with a known tensor `x` and such a `y` was proposed
    # "safe" because only `?`, not `ext:`, counted as unknown in the body's constructs.
    reports = _reports(tmp_path, """
        import tensorflow as tf
        import tensorflow_addons as tfa

        def scaled(x, y):
            if y:
                return x * 2.0
            return x

        def sized(x, y):
            return tf.zeros(x.shape) + len(y)

        def main():
            x = tf.ones([2, 2])
            y = tfa.image.gaussian_filter2d(x)
            for _ in range(10):
                scaled(x, y)
                scaled(x, tfa.SOME_FLAG)
                sized(x, y)
    """)
    assert reports["scaled"].transformation is None
    failure = reports["scaled"].failures[0]
    assert (failure.code, failure.message) == (
        "UNDETERMINABLE_CONSTRUCT", "an `if` decided by a value of unknown type (it could be a "
        "tensor)")
    assert reports["sized"].transformation is None


def test_a_site_that_passes_nothing_known_is_not_the_one_quoted(tmp_path: Path) -> None:
    # __init__ forwards its defaults (no value flows yet at that site): the decline quoted it as
    # "Normalizer.__init__ passes  as `mean`" (tests/corpus/realcode/setup.py).
    reports = _reports(tmp_path, """
        class Normalizer:
            def __init__(self, mean=0.0):
                self._set_stats(mean)

            def _set_stats(self, mean):
                self.mean = mean

            def update(self, mean):
                self._set_stats(mean)

        def main():
            normalizer = Normalizer()
            normalizer.update(1.0)
    """)
    failure = reports["Normalizer._set_stats"].failures[0]
    assert failure.code == "HAS_NO_TENSOR_PARAMETERS"
    assert failure.message.endswith("Normalizer.update passes a Python float as `mean`"), \
        failure.message


def test_a_function_called_with_defaults_only_has_a_call_site(tmp_path: Path) -> None:
    reports = _reports(tmp_path, """
        import tensorflow as tf

        ONE = 1.0

        class Scaler:
            def __init__(self, x=ONE):
                self.y = tf.constant(x) * 2.0

        def main():
            Scaler()
    """)
    failure = reports["Scaler.__init__"].failures[0]
    assert failure.code == "UNDETERMINABLE_TENSOR_PARAMETER"
    assert failure.message.startswith("main calls it, but leaves its parameters at their "
                                      "defaults"), failure.message
    assert failure.line == 11


def test_a_function_only_handed_to_a_library_is_not_said_to_be_called(tmp_path: Path) -> None:
    # `functools.partial(norm, y=1.0)` given to `Dataset.map`: main never calls `norm`; the
    # decline said "main calls it, but leaves its parameters at their defaults" (issue 12,
    # wording).
    reports = _reports(tmp_path, """
        import functools
        import tensorflow as tf

        def norm(x, y):
            return tf.sqrt(tf.reduce_sum(x * x)) + y

        def main():
            ds = tf.data.Dataset.from_tensor_slices(tf.ones([4, 3]))
            return ds.map(functools.partial(norm, y=1.0))
    """)
    # Session 22: a partial of a workspace function is where its calls are not followed
    # (bodies.note_escape): said so, for the parameter the partial leaves open.
    failure = reports["norm"].failures[0]
    assert failure.code == "UNDETERMINABLE_TENSOR_PARAMETER"
    assert failure.message == ("main binds norm in a functools.partial, whose calls the "
                               "analysis does not follow: what they pass as `x` is not known, "
                               "which could be a tensor or not"), failure.message
    assert failure.line == 10


def test_every_call_site_of_a_line_has_its_own_column() -> None:
    """Call sites are keyed by (line, column) across the analysis; a call of what another call
    returns starts where that one starts (session 29's second red team, p54)."""
    import ast

    from hybridize.analysis.syntax import call_column

    source = textwrap.dedent("""
        a = parse(line).get("height")
        b = Dense(4)(inputs)
        c = make()[0](x).run(y)
        d = (load(path)
             .get("k"))
        e = tf.reduce_sum(x, axis=f(y))
        """)
    lines: dict[int, list[int]] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            lines.setdefault(node.lineno, []).append(call_column(node))
    assert all(len(set(cols)) == len(cols) for cols in lines.values()), lines
    assert sum(len(cols) for cols in lines.values()) == 11
    plain = ast.parse("tf.reduce_sum(x)").body[0].value  # type: ignore[attr-defined]
    assert call_column(plain) == plain.col_offset  # a call of a name keeps its start
