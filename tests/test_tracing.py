"""Removing a decorator, decorators and distribution strategies (tracing.py; issue 10, 4/5/7).

Small projects analysed without running them; what each rule protects against was measured with
TensorFlow 2.21 (docs/preconditions.md, the corpus under tests/corpus/tracing and its negative
cases in tests/equivalence_cases.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers_project import analyse, verdicts, write_project
from hybridize.analysis import tracing


def _origins(source: str) -> str:
    """The argument origins of the call of `g` in the body of `def f(p): ...`."""
    fn = ast.parse(source).body[0]
    assert isinstance(fn, ast.FunctionDef)
    call = next(n for n in ast.walk(fn) if isinstance(n, ast.Call) and
                isinstance(n.func, ast.Name) and n.func.id == "g")
    return tracing.argument_origins(call, tracing.local_origins(fn.body), {"p"})


@pytest.mark.parametrize(("source", "expected"), [
    ("def f(p):\n    g(x, 3, -1e-5, 2 * 64)", "?lll"),
    ("def f(p):\n    for size in (16, 32):\n        g(x, size)", "?l"),
    ("def f(p):\n    k = 4\n    g(x, k)", "?l"),
    ("def f(p):\n    for epoch in range(5):\n        g(x, epoch)", "?c"),
    ("def f(p):\n    for epoch in range(5):\n        g(x, epoch + 1)", "?c"),
    ("def f(p):\n    step = 0\n    step += 1\n    g(x, step)", "?c"),
    ("def f(p):\n    g(x, n=len(p))", "?c"),
    ("def f(p):\n    g(x, p)", ""),  # passed through: not known
    ("def f(p):\n    g(x, LIMIT)", ""),  # a global: not known
])
def test_argument_origins(source: str, expected: str) -> None:
    assert _origins(source) == expected


def _project(tmp_path: Path, source: str) -> dict:
    return verdicts(analyse(write_project(tmp_path, {"m.py": source})))


def test_p3_needs_unbounded_values(tmp_path: Path) -> None:
    found = _project(tmp_path, """
        import tensorflow as tf

        @tf.function
        def shift(x, epoch):
            return x + tf.cast(epoch, tf.float32)

        @tf.function
        def resize(images, size):
            return tf.image.resize(images, (size, size))

        @tf.function
        def scale(x, factor):
            return x * factor

        def scale_by(x, factor):
            return scale(x, factor)

        def main():
            x = tf.zeros((2,))
            for epoch in range(10):
                x = shift(x, epoch)
            images = tf.ones((1, 8, 8, 3))
            for size in (16, 32):
                resize(images, size)
            resize(images, 64)
            scale_by(x, 2.0)
    """)
    shift, resize, scale = found["m.py::shift"], found["m.py::resize"], found["m.py::scale"]
    assert (shift.transformation.value, shift.precondition) == ("CONVERT_TO_EAGER", "P3")
    assert "computed value as `epoch`" in shift.reason and "m.py:21" in shift.reason
    assert resize.transformation is None and "literal" in resize.reason
    assert resize.failures == []
    assert scale.transformation is None  # a parameter passed through: cannot tell


def test_decorators(tmp_path: Path) -> None:
    found = _project(tmp_path, """
        import abc
        import functools
        import tensorflow as tf

        def logged(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return fn(*args)
            return wrapper

        def as_float(fn):
            @functools.wraps(fn)
            def wrapper(*args):
                return fn(*[tf.cast(a, tf.float32) for a in args])
            return wrapper

        @logged
        def double(x):
            return x * 2.0

        def uses_double(x):
            return double(x) + 1.0

        @as_float
        def halved(x):
            return x / 2.0

        @tf.function
        @logged
        def traced_double(x):
            return x * 2.0

        @functools.partial(tf.function, jit_compile=True)
        def fused(x):
            return x * 3.0

        class Base(abc.ABC):
            @abc.abstractmethod
            def apply(self, x):
                return tf.identity(x)

        def main():
            x = tf.ones((2,))
            double(x)
            uses_double(x)
            halved(x)
            traced_double(x)
            fused(x)
            Base.apply(None, x)
    """)
    # @logged only forwards its arguments: with @tf.function written under it, it still runs
    # eagerly around the graph, so `double` converts; a caller's graph would trace the wrapper
    # (unknown), and so would @tf.function above it. @as_float changes the arguments: unknown.
    double = found["m.py::double"]
    assert (double.transformation.value, double.precondition) == ("CONVERT_TO_HYBRID", "P1")
    for name, decorator in (("uses_double", "@logged"), ("traced_double", "@logged"),
                            ("halved", "@as_float")):
        report = found[f"m.py::{name}"]
        assert report.transformation is None
        assert report.failures[0].code == "UNDETERMINABLE_DECORATOR", name
        assert decorator in report.failures[0].message
    assert found["m.py::traced_double"].hybrid
    assert found["m.py::fused"].hybrid  # a tf.function: never proposed for conversion again
    wrapper = found["m.py::logged.wrapper"]  # functools.wraps is modelled
    assert "UNDETERMINABLE_DECORATOR" not in {f.code for f in wrapper.failures}
    assert "UNDETERMINABLE_DECORATOR" not in {f.code for f in found["m.py::Base.apply"].failures}


def test_removal_needs_proof(tmp_path: Path) -> None:
    found = _project(tmp_path, """
        import tensorflow as tf

        @tf.function
        def pack(x, y):
            return {"x": x, "y": y}

        @tf.function(reduce_retracing=True)
        def pack_relaxed(x, y):
            return {"x": x, "y": y}

        @tf.function(jit_compile=True)
        def pack_compiled(x, y):
            return {"x": x, "y": y}

        def _pack(x, y):
            return {"x": x, "y": y}

        pack_wrapped = tf.function(_pack, input_signature=[tf.TensorSpec([]), tf.TensorSpec([])])

        @tf.function
        def pack_if_traced(x, y):
            if tf.inside_function():
                return {"x": x, "y": y}
            return {"x": y, "y": x}

        def main():
            a, b = tf.ones(()), tf.zeros(())
            pack(a, b)
            pack_relaxed(a, b)
            pack_compiled(a, b)
            pack_wrapped(a, b)
            pack_if_traced(a, b)
    """)
    for name in ("pack", "pack_relaxed"):
        assert (found[f"m.py::{name}"].transformation.value,
                found[f"m.py::{name}"].precondition) == ("CONVERT_TO_EAGER", "P6")
    for name, code, words in (("pack_compiled", "HAS_DECORATOR_ARGUMENTS", "jit_compile"),
                              ("_pack", "HAS_DECORATOR_ARGUMENTS", "input_signature"),
                              ("pack_if_traced", "HAS_TRACE_DEPENDENT_CODE", "inside_function")):
        report = found[f"m.py::{name}"]
        assert report.transformation is None, name
        assert report.failures[0].code == code and words in report.failures[0].message, name


def test_trace_dependent_code_declines_conversion(tmp_path: Path) -> None:
    found = _project(tmp_path, """
        import tensorflow as tf

        def collect(n: tf.Tensor):
            rows = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
            return rows.stack()

        def collect_shaped(n: tf.Tensor):
            rows = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[2])
            return rows.stack()

        def first_dim(x: tf.Tensor):
            rows = x.shape[0]
            if rows is None:
                return tf.shape(x)[0]
            return tf.constant(rows)
    """)
    assert "HAS_TRACE_DEPENDENT_CODE" in {f.code for f in found["m.py::collect"].failures}
    assert "HAS_TRACE_DEPENDENT_CODE" not in {
        f.code for f in found["m.py::collect_shaped"].failures}
    assert "HAS_TRACE_DEPENDENT_CODE" in {f.code for f in found["m.py::first_dim"].failures}


def test_replica_context_and_strategy_run(tmp_path: Path) -> None:
    found = _project(tmp_path, """
        import tensorflow as tf

        strategy = tf.distribute.MirroredStrategy()

        def all_sum(value: tf.Tensor):
            return tf.distribute.get_replica_context().all_reduce("SUM", value)

        def replica_step(x):
            return all_sum(x * 2.0)

        @tf.function
        def distributed_step(x):
            return strategy.run(replica_step, args=(x,))

        def main():
            distributed_step(tf.ones((2,)))
    """)
    helper = found["m.py::all_sum"]
    assert helper.transformation is None
    assert helper.failures[0].code == "HAS_REPLICA_CONTEXT_CALLS"
    step = found["m.py::replica_step"]  # only strategy.run calls it: covered, not nested
    codes = {f.code for f in step.failures}
    assert "HAS_COVERED_CALLERS" in codes and "HAS_REPLICA_CONTEXT_CALLS" not in codes
    assert step.facts["tensor_parameter"] is True  # strategy.run's args= reach its parameter
    outer = found["m.py::distributed_step"]
    assert "HAS_REPLICA_CONTEXT_CALLS" not in {f.code for f in outer.failures}
    # ... nor an unknown effect for the all_reduce call: the replica rule models it.
    assert not any("synchroniz" in f.message or "all_reduce" in f.message or
                   "replica context" in f.message for f in outer.failures)


def test_strategy_run_with_a_bound_method(tmp_path: Path) -> None:
    found = _project(tmp_path, """
        import tensorflow as tf

        class Trainer:
            def __init__(self):
                self.strategy = tf.distribute.MirroredStrategy()

            def replica_step(self, x):
                return tf.reduce_sum(x * x)

            @tf.function
            def distributed_step(self, x):
                return self.strategy.run(self.replica_step, args=(x,))

        def main():
            Trainer().distributed_step(tf.ones((2,)))
    """)
    step = found["m.py::Trainer.replica_step"]
    assert step.facts["tensor_parameter"] is True
    assert step.failures[0].code == "HAS_COVERED_CALLERS"


def test_replica_hazard_reaches_every_member_of_a_cycle(tmp_path: Path) -> None:
    # ping and pong call each other; only ping reaches the all_reduce. A recursive walk that
    # entered at ping saw pong's call back to ping while ping was in progress and memoized
    # pong as clean.
    write_project(tmp_path, {"m.py": '''
        import tensorflow as tf


        def ping(x, n):
            if n:
                return pong(x, n)
            return synced(x)


        def pong(x, n):
            return ping(x, n)


        def synced(x):
            ctx = tf.distribute.get_replica_context()
            return ctx.all_reduce("sum", x)


        def run_all():
            pong(tf.ones(2), tf.constant(3))
    '''})
    found = verdicts(analyse(tmp_path))
    for name in ("ping", "pong", "synced"):
        codes = [f.code for f in found[f"m.py::{name}"].failures]
        assert "HAS_REPLICA_CONTEXT_CALLS" in codes, (name, codes)
