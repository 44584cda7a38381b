"""Wrong proposals of session 34's red teams C and D about shapes and retracing, each fixed in
the engine: the target is no longer changed, and running the program as written and as the
change would have made it shows the difference (TensorFlow runs it here, in this process: the
labels come from running, not from what is expected).

- A tensor whose shape depends on its values reaching a Keras layer built in the graph through
  an item (`t[tf.newaxis]`, `t[None, ...]`, `uniq, _ = tf.unique(ids)`) or from ops whose size
  a tensor gives (`tf.sequence_mask` without `maxlen`, `tf.one_hot` of a tensor `depth`, a
  RaggedTensor's `to_tensor()`): converted, the layer's build raises ValueError.
- R3 `reduce_retracing=True` where the body reads a static dimension of a value it computes
  (`tf.unstack(tf.transpose(x))`), a rank (`x.ndim`, `keras.ops.ndim(x)`,
  `len(tf.unstack(tf.shape(x)))`), `getattr(x, "shape")[0]`, state changed between calls, or
  where the program reads `experimental_get_tracing_count()`.

tests/fixtures/red_team_34_shapes holds one program per finding; `main()` calls the target."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_red_team_33 as red_team_33
from helpers_project import analyse, verdicts
from test_red_team_33 import _changed

ROOT = (Path(__file__).parent / "fixtures" / "red_team_34_shapes").resolve()

# (file, target, the change the engine proposed before its fix)
CASES = [
    ("masked_newaxis.py", "pooled_valid", "add"),  # C p114
    ("decoded_batch.py", "classify_png", "add"),  # C p110
    ("unique_ids.py", "unique_hist", "add"),  # C p116
    ("length_mask.py", "mask_features", "add"),  # C p125
    ("onehot_depth.py", "onehot_score", "add"),  # C p126
    ("ragged_rows.py", "padded_score", "add"),  # C p128
    ("unstack_derived.py", "first_and_last", "reduce_retracing"),  # C p43
    ("unstack_derived.py", "channel_sum", "reduce_retracing"),  # C p63
    ("keras_unstack.py", "time_sum", "reduce_retracing"),  # C p66
    ("rank_branch.py", "total_per_example", "reduce_retracing"),  # D p16
    ("rank_branch.py", "keras_total", "reduce_retracing"),  # D p49
    ("rank_branch.py", "counted_total", "reduce_retracing"),  # D p50
    ("getattr_shape.py", "first_half", "reduce_retracing"),  # D p22
    ("changed_config.py", "scaled_mean", "reduce_retracing"),  # D p18
    ("tracing_count.py", "batch_mean", "reduce_retracing"),  # D p19
    ("size_divisor.py", "mean_abs", "reduce_retracing"),  # D p15
    ("size_local_divisor.py", "standardize", "reduce_retracing"),  # D p03
]


@pytest.fixture(scope="module")
def found() -> dict:
    return verdicts(analyse(ROOT))


@pytest.mark.parametrize("file, target, change", CASES)
def test_the_engine_no_longer_proposes_the_change(found: dict, file: str, target: str,
                                                  change: str) -> None:
    report = found[f"{file}::{target}"]
    assert report.transformation is None, report.reason
    assert not [r for r in report.repairs if r.precondition in ("R2", "R3") and
                r.kind != "VARYING_SHAPES"], report.repairs
    if change == "reduce_retracing":  # the reason is given
        assert [r for r in report.repairs if r.kind == "VARYING_SHAPES"], report.repairs


def _outcome(source: str, file: str) -> str:
    return red_team_33._outcome(source, file, digits=4)


@pytest.mark.parametrize("file, target, change", CASES)
def test_the_change_would_have_changed_behaviour(file: str, target: str, change: str) -> None:
    source = (ROOT / file).read_text(encoding="utf-8")
    changed = _changed(source, target, change)
    assert changed != source
    assert _outcome(source, file) != _outcome(changed, file)


def test_one_rank_and_a_static_item_keep_their_proposals(found: dict) -> None:
    """The control: `x.ndim` where every call passes a vector keeps R3, and `t[tf.newaxis]` of
    a tensor whose shape the caller gives keeps the conversion; both keep the results."""
    repaired = found["one_rank.py::total_per_example"]
    assert [r for r in repaired.repairs if r.kind == "REDUCE_RETRACING"], repaired.repairs
    converted = found["one_rank.py::project_one"]
    assert converted.transformation is not None, converted.reason
    source = (ROOT / "one_rank.py").read_text(encoding="utf-8")
    for target, change in (("total_per_example", "reduce_retracing"), ("project_one", "add")):
        changed = _changed(source, target, change)
        assert changed != source
        assert _outcome(source, "one_rank.py") == _outcome(changed, "one_rank.py")
