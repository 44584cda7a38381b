"""A tf.function that wraps a method reached through an object calls whichever override the
object's class has.

`step = tf.function(self.train_step)` in a base class wraps `self.train_step` as it resolves on
the object: a subclass's override, whose body is the one that runs. Judging the base method's
own body (orbit's abstract `StandardTrainer.train_step` is `pass`: "runs no TensorFlow
operation", P6) and removing the wrapper runs every override eagerly: tf-models-official 2.20.0
`orbit/standard_runner.py` was proposed for CONVERT_TO_EAGER, and in
tests/fixtures/soundness/overrides.py the override's `print` then ran on every call instead of
once, while tracing (measured, TF 2.21). Such a wrapper's removal is not proposed
(UNDETERMINABLE_CONSTRUCT, which keeps a tf.function without a warning) when a workspace class
derived from the method's class overrides it. A wrapper of the function itself (`tf.function(
Trainer.train_step)`, a decorator on the def) wraps only that body and is judged by it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis.model import Evidence

if TYPE_CHECKING:
    from hybridize.analysis.program import Program


def wrapped_overrides(program: Program) -> dict[str, Evidence]:
    """Method key -> evidence, for a method wrapped through an object (`tf.function(self.m)`,
    a `bfn:` target) that a derived workspace class overrides."""
    out: dict[str, Evidence] = {}
    for key in sorted(program.wrapped):
        fn = program.functions.get(key)
        if fn is None or fn.kind != "method" or fn.class_key is None:
            continue
        through = [w for w in program.wrapped[key]
                   if f"bfn:{key}" in program.expand(w.target)]
        if not through:
            continue
        overriding = sorted(
            cls.methods[fn.name] for other, cls in program.classes.items()
            if other != fn.class_key and fn.name in cls.methods and
            cls.methods[fn.name] != key and
            any(base.key == fn.class_key for base in program.mro(other)))
        if not overriding:
            continue
        wrapper = through[0]
        override = program.functions.get(overriding[0])
        shown = override.qualname if override is not None else overriding[0]
        module = program.modules.get(wrapper.scope.split(":", 1)[0])
        out[key] = Evidence(
            module.path if module is not None else program.file_of.get(key, ""),
            wrapper.span.line,
            f"tf.function({wrapper.target_text}) wraps whichever override the object has "
            f"({shown}{' and others' if len(overriding) > 1 else ''}), not only this body")
    return out
