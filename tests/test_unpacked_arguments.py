"""A call that unpacks a dict (`f(x, **options)`) fills f's own `**kwargs` with what the dict
holds, which the engine does not see (calls.bind): default-deny."""

from __future__ import annotations

import textwrap
from pathlib import Path

import tensorflow as tf
from hybridize.analysis import Settings, analyze

SOURCE = """
    import tensorflow as tf

    def decode(logits, **options):
        if options["with_scores"]:
            return tf.argmax(logits, -1), tf.reduce_max(logits, -1)
        return tf.argmax(logits, -1)

    def main(options):
        logits = tf.constant([[0.1, 0.9], [0.8, 0.2]])
        decode(logits, **options)
"""


def test_a_kwargs_parameter_filled_by_unpacking_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(textwrap.dedent(SOURCE))
    reports = {f.qualname: f for f in analyze([tmp_path], Settings()).functions}
    # Proposed 'safe' while `**options` received nothing from a `**` call.
    assert reports["decode"].transformation is None
    assert reports["decode"].failures[0].code == "UNDETERMINABLE_CONSTRUCT"


def test_a_tensor_in_the_unpacked_dict_fails_to_trace() -> None:
    def decode(logits, **options):
        if options["with_scores"]:
            return tf.argmax(logits, -1), tf.reduce_max(logits, -1)
        return tf.argmax(logits, -1)

    logits = tf.constant([[0.1, 0.9], [0.8, 0.2]])
    options = {"with_scores": tf.constant(True)}
    assert len(decode(logits, **options)) == 2
    try:
        tf.function(decode)(logits, **options)
    except (TypeError, ValueError) as error:
        assert "structure" in str(error)
    else:
        raise AssertionError("the tf.function traced an `if` on a tensor with unequal branches")
