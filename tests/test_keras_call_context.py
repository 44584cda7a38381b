"""keras_context.py: a layer called without `training=` in a function that a Keras `call` runs.
The verdicts, and the behaviour they rest on run with TensorFlow (eagerly and as tf.function)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from helpers_project import analyse, verdicts, write_project

FIXTURE = Path(__file__).parent / "fixtures" / "soundness" / "call_context.py"


def _verdicts(tmp_path: Path) -> dict:
    write_project(tmp_path, {"m.py": FIXTURE.read_text()})
    return verdicts(analyse(tmp_path))


def test_a_context_reader_is_not_converted(tmp_path: Path) -> None:
    found = _verdicts(tmp_path)
    for name in ("Helper._call_dense", "NoFlag.call"):
        report = found[f"m.py::{name}"]
        assert report.transformation is None, name
        assert any(f.code == "IS_KERAS_CALL_METHOD" and "training" in f.message
                   for f in report.failures), name
    for name in ("Helper.call", "Passing.call", "Passing._dense"):
        report = found[f"m.py::{name}"]
        assert not any("without `training=`" in f.message for f in report.failures), name


def _zeros(module, name: str, method: str | None) -> list[int]:
    import tensorflow as tf

    cls = getattr(module, name)
    if method is not None:
        setattr(cls, method, tf.function(getattr(cls, method)))
    module.keras.utils.set_random_seed(0)
    layer = cls()
    x = tf.ones((4, 3))
    return [int((layer(x, training=flag).numpy() == 0).sum()) for flag in (True, False, False)]


def _load(tag: str):
    spec = importlib.util.spec_from_file_location(f"call_context_{tag}", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_traced_the_first_flag_stays() -> None:
    """Measured: eagerly the Dropout drops only under training=True; converted, the helper and
    the `call` without a `training` parameter keep dropping under training=False."""
    for name, method in (("Helper", "_call_dense"), ("NoFlag", "call")):
        eager = _zeros(_load(f"{name}_eager"), name, None)
        traced = _zeros(_load(f"{name}_traced"), name, method)
        assert eager[0] > 0 and eager[1:] == [0, 0], (name, eager)
        assert traced[1] > 0, (name, traced)  # the wrong 'safe' this rule closes
    # Passing the flag on, or a `call` that takes it: equal both ways.
    for name, method in (("Passing", "_dense"), ("Passing", "call"), ("Helper", "call")):
        eager = _zeros(_load(f"{name}_{method}_eager"), name, None)
        traced = _zeros(_load(f"{name}_{method}_traced"), name, method)
        assert [e > 0 for e in eager] == [t > 0 for t in traced], (name, method, eager, traced)


# The reasons a reader is given depend on the order of the whole program's fixed point; the
# on-demand answer (keras_context.CallContext.reader) must give each function the same one.
ORDERED = '''
import keras
import tensorflow as tf


class Inner(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.drop = keras.layers.Dropout(0.5)

    def call(self, x):
        return self.drop(x)


class Flagged(keras.layers.Layer):
    def call(self, x, training=None):
        return x


class Quiet(keras.layers.Layer):
    def call(self, x):
        return x * 2.0


class Outer(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
        self.flagged = Flagged()
        self.quiet = Quiet()

    def call(self, x, training=None):
        return self.ping(x, 3) + self.both(x) + self.calm(x)

    def ping(self, x, n):
        return self.pong(x, n - 1) if n else self.inner(x)

    def pong(self, x, n):
        return self.ping(x, n)

    def both(self, x):
        return self.uses_flagged(x) + self.ping(x, 1)

    def uses_flagged(self, x):
        return self.flagged(x)

    def calm(self, x):
        return self.calm2(x)

    def calm2(self, x):
        return self.quiet(x) if x is None else self.calm(x)
'''


def _contexts(tmp_path: Path):
    from hybridize.analysis import workspace as W
    from hybridize.analysis.call_index import CallIndex
    from hybridize.analysis.keras_build import KerasBuilds
    from hybridize.analysis.keras_context import CallContext
    from hybridize.analysis.program import Program

    write_project(tmp_path, {"m.py": ORDERED})
    modules = []
    for source in W.discover([tmp_path]).files:
        key, import_name, is_package = W.module_names(source.rel, set())
        modules.append(W.summarize_source(source.path.read_bytes(), source.rel, key,
                                          import_name, is_package, "test"))
    program = Program(modules)
    program.run()
    index = CallIndex()
    index.update(program)

    def fresh() -> CallContext:
        builds = KerasBuilds(program, index.callers)
        return CallContext(program, index.callers, builds.is_reached, builds.reach)

    return program, fresh


def test_each_answer_is_the_whole_programs(tmp_path: Path) -> None:
    program, fresh = _contexts(tmp_path)
    whole = fresh().readers
    names = {key.rsplit(":", 1)[-1]: key for key in program.functions}
    readers = sorted(name for name, key in names.items() if key in whole)
    assert readers == ["Inner.call", "Outer.both", "Outer.call", "Outer.ping", "Outer.pong",
                       "Outer.uses_flagged"], readers
    # `both` reaches two readers: the reason names the one the whole program's order gives.
    assert "`Outer.uses_flagged`" in whole[names["Outer.both"]][1], whole[names["Outer.both"]]
    for key in sorted(program.functions):  # each asked first, in a context of its own
        assert fresh().reader(key) == whole.get(key), key
    shared = fresh()  # and all asked of one context, in reverse order
    for key in sorted(program.functions, reverse=True):
        assert shared.reader(key) == whole.get(key), key


def test_a_question_reads_only_what_decides_it(tmp_path: Path) -> None:
    """The language server asks about the open files' functions: only their callees and the
    `call`s their layers run are classified, not the whole program (about 2 s per edit)."""
    program, fresh = _contexts(tmp_path)
    names = {key.rsplit(":", 1)[-1]: key for key in program.functions}
    context = fresh()
    assert context.reader(names["Outer.calm"]) is None
    assert sorted(context._sites) == sorted(names[n] for n in
                                            ("Outer.calm", "Outer.calm2", "Quiet.call"))
    context = fresh()
    assert context.reader(names["Outer.ping"]) is not None
    assert sorted(context._sites) == sorted(names[n] for n in
                                            ("Outer.ping", "Outer.pong", "Inner.call"))
