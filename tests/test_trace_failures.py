"""Inputs that make ops fail: what a conversion states, what it declines, what the harness accepts.

Measured with TF 2.21 by tools/probe_trace_failures.py (data/trace_failures.tsv):
- failure -> other failure: nearly every op raises a tf.errors.OpError eagerly and a ValueError or
  TypeError from shape or dtype inference while tracing. Every conversion states it
  (TRACE_TIME_ERRORS), and the equivalence harness accepts exactly that difference, only for
  verdicts that state it;
- success -> failure: pooling on an input smaller than its VALID window (or with a size-0
  dimension) and VALID convolutions with a filter larger than the input return a tensor eagerly
  where tracing fails. A call of such an op is trace-dependent code: never converted.
"""

from __future__ import annotations

from pathlib import Path

from equivalence import Case, Tree, differences
from equivalence_cases import CASES, NEGATIVE
from hybridize.analysis import Settings, analyze, tfapi

SOURCE = '''import tensorflow as tf
from tensorflow.python.ops import nn_ops


def split4(box):
    a, b, c, d = tf.split(box, 4, axis=-1)
    return tf.concat([b, a, d, c], axis=-1)


def pooled(images):
    return tf.nn.max_pool2d(images, 2, 2, "VALID")


def aliased(images):
    return nn_ops.avg_pool_v2(images, 2, 2, "VALID")


def keras_pooled(images):
    return tf.keras.ops.average_pool(images, 2)


def smoothed(images):
    return pooled(images) * 2.0


def framed(signal):
    return tf.signal.frame(signal, 4, 1)


@tf.function
def traced_pool(images):
    return tf.nn.avg_pool2d(images, 2, 2, "VALID")


@tf.function
def make_grid():
    return tf.reshape(tf.range(6), (2, 3))


def main():
    images = tf.ones((1, 8, 8, 3))
    split4(tf.ones((2, 4)))
    aliased(images)
    keras_pooled(images)
    smoothed(images)
    framed(tf.ones((8,)))
    traced_pool(images)
    make_grid()
'''


def _reports(tmp_path: Path) -> dict:
    (tmp_path / "ops.py").write_text(SOURCE, encoding="utf-8")
    return {r.qualname: r for r in analyze([tmp_path], Settings()).functions}


def test_every_conversion_states_trace_time_errors(tmp_path: Path) -> None:
    reports = _reports(tmp_path)
    for name in ("split4", "framed"):  # tf.signal.frame: measured the same both ways
        assert reports[name].transformation == "CONVERT_TO_HYBRID", name
        [stated] = [a for a in reports[name].assumptions if a.code == "TRACE_TIME_ERRORS"]
        assert "raise ValueError or TypeError while the graph is traced" in stated.message
    removal = reports["make_grid"]  # no tensor argument (P2): the difference the other way
    assert removal.transformation == "CONVERT_TO_EAGER"
    [stated] = [a for a in removal.assumptions if a.code == "TRACE_TIME_ERRORS"]
    assert "eagerly instead of the ValueError or TypeError that tracing raised" in stated.message
    assert all(a.code != "TRACE_TIME_ERRORS" for a in reports["main"].assumptions)


def test_ops_that_fail_only_while_tracing_are_declined(tmp_path: Path) -> None:
    reports = _reports(tmp_path)
    for name, call in (("pooled", "tf.nn.max_pool2d()"), ("aliased", "nn_ops.avg_pool_v2()"),
                       ("keras_pooled", "tf.keras.ops.average_pool()"),
                       ("smoothed", "tf.nn.max_pool2d()")):
        report = reports[name]
        assert report.transformation is None, name
        [failure] = [f for f in report.failures if f.code == "HAS_TRACE_DEPENDENT_CODE"]
        assert failure.message.startswith(
            f"{call} returns a tensor eagerly where a graph fails while tracing"), failure.message
        assert "traced a ValueError" in failure.message
    # A tf.function keeps its graph: removing the decorator would turn the failure into a value.
    assert reports["traced_pool"].transformation is None


def test_the_table_names_only_tensor_ops() -> None:
    failing = tfapi.trace_failures()
    assert "tensorflow.nn.avg_pool2d" in failing and "tensorflow.nn.conv2d" in failing
    assert "tensorflow.signal.frame" not in failing and "tensorflow.math.add" not in failing
    assert all(tfapi.classify_call(s) is tfapi.Api.TENSOR_OP for s in failing), \
        [s for s in failing if tfapi.classify_call(s) is not tfapi.Api.TENSOR_OP]


def test_the_harness_accepts_the_stated_difference_only() -> None:
    key = ("realcode/boxes.py", "_to_yxyx")  # three columns split four ways
    unstated = differences(*key, CASES[key])
    assert unstated == ["call 2: result[1]: 'InvalidArgumentError' (eager) != 'ValueError' "
                        "(tf.function)"]
    assert differences(*key, CASES[key], trace_time_errors=True) == []
    # A success turned into a failure is a difference with the assumption stated too.
    key = ("imgclf/pyramid.py", "gaussian_pyramid")
    found = differences(*key, NEGATIVE[key], trace_time_errors=True)
    assert any("call 2: result" in f and "'ValueError'" in f for f in found), found


PAIRS = '''import tensorflow as tf


@tf.function
def pair_sum(x, y):
    return x + y


def main():
    pair_sum(tf.ones((3,)), tf.ones((3,)))
    pair_sum(tf.ones((5,)), tf.zeros((5,)))
'''


def test_a_relaxed_signature_states_it_the_other_way_round(tmp_path: Path) -> None:
    (tmp_path / "pairs.py").write_text(PAIRS, encoding="utf-8")
    result = analyze([tmp_path], Settings(infer_signatures=True))
    [report] = [r for r in result.functions if r.qualname == "pair_sum"]
    assert report.transformation == "RECONFIGURE"
    [stated] = [a for a in report.assumptions if a.code == "TRACE_TIME_ERRORS"]
    assert "pass tracing under the signature's unknown dimensions" in stated.message
    signature = report.reason.rpartition("input_signature=")[2]
    import tensorflow as tf

    case = Case(signature=signature, args=lambda load: [
        (tf.ones((3,)), tf.ones((3,))), (tf.ones((2,)), tf.zeros((2,))),
        (tf.ones((3,)), tf.ones((4,)))])  # as written ValueError, with the signature an OpError
    tree = Tree(tmp_path)
    assert differences("pairs.py", "pair_sum", case, tree) == [
        "call 2: result[1]: 'ValueError' (eager) != 'InvalidArgumentError' (tf.function)"]
    assert differences("pairs.py", "pair_sum", case, tree, trace_time_errors=True) == []


def test_the_mixed_shape_table_names_the_ops_that_read_a_tensorshape_eagerly() -> None:
    # tools/probe_more_trace_failures.py, `mixed-int-shape` rows (analysis/mixed_shapes.py)
    failing = tfapi.mixed_shape_failures()
    assert {"tensorflow.ones", "tensorflow.zeros", "tensorflow.keras.ops.ones",
            "tensorflow.keras.ops.zeros"} <= set(failing)
    # Pack refuses the mixed list eagerly too: an error both ways, not a trace failure.
    assert not {"tensorflow.fill", "tensorflow.reshape", "tensorflow.broadcast_to"} & set(failing)
    assert all(tfapi.classify_call(s) is tfapi.Api.TENSOR_OP for s in failing), failing
    # The folded-constants rows document a value difference; no table reads them.
    assert "python.add" not in tfapi.trace_failures()
