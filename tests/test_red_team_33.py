"""Wrong proposals of session 33's red teams (state and side effects; control flow, errors and
numerics), each fixed in the engine: the target is no longer changed, and running the program
as written and as the change would have made it shows the difference (TensorFlow runs it here,
in this process: the labels come from running, not from what is expected).

tests/fixtures/red_team_33 holds one program per finding; `main()` calls the target."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from helpers_project import analyse, verdicts

ROOT = (Path(__file__).parent / "fixtures" / "red_team_33").resolve()

# (file, target, the change the engine proposed before its fix)
CASES = [
    ("removal_caught.py", "to_patches", "remove"),
    ("removal_op_caught.py", "standardize", "remove"),
    ("traced_side_effect.py", "batch_mean", "reduce_retracing"),
    ("dataclass_argument.py", "scale_kept", "add"),
    ("namespace_argument.py", "cosine_margin_logits", "add"),
    ("eq_argument.py", "bag_of_words", "add"),
    ("relu6_argmax.py", "predict_classes", "add"),
    ("keras_switch.py", "head_score", "add"),
    ("keras_foldl.py", "running_prefix", "add"),
    ("binned.py", "bucketize", "add"),
    ("binned_per_epoch.py", "bucketize", "remove"),
    ("split_fields.py", "parse_pair", "add"),
    ("fixed_batch.py", "standardize_batch", "reduce_retracing"),
    ("row_sums.py", "row_sums", "reduce_retracing"),
    ("held_config.py", "TripletLoss.__call__", "add"),
    ("shuffled_order.py", "permute", "add"),
    ("graph_norm.py", "symmetric_norm", "add"),
    ("slice_argument.py", "crop_time", "add"),
    ("index_of_tensor.py", "take_prefix", "add"),
    ("csv_projection.py", "embed_csv", "add"),
    ("constant_of_tensors.py", "loss_vector", "add"),
    ("parsed_flags.py", "smooth", "add"),
    # Objects shared with a global (session 34: red team A's open aliasing findings).
    ("mapping_proxy.py", "rescale", "add"),
    ("chain_map.py", "sample_probs", "add"),
    ("aliased_bias.py", "logits_with_bias", "add"),
    ("asarray_view.py", "masked", "add"),
    ("class_attribute_dict.py", "combine", "add"),
    ("kept_schedule.py", "warmup_factor", "add"),
    ("setter_closure.py", "shifted", "add"),
    ("shallow_copy.py", "weighted_bce", "add"),
    ("unpacked_copy.py", "clip_update", "add"),
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


def _changed(source: str, target: str, change: str) -> str:
    if change == "add":
        name = target.rpartition(".")[2]  # (a method: its `def` indented)
        return re.sub(rf"^(\s*)def {name}\(", rf"\1@tf.function\n\1def {name}(", source,
                      count=1, flags=re.M)
    if change == "remove":
        return re.sub(rf"^@tf.function\n(def {target}\()", r"\1", source, flags=re.M)
    return re.sub(rf"^@tf.function\n(def {target}\()",
                  r"@tf.function(reduce_retracing=True)\n\1", source, flags=re.M)


def _outcome(source: str, file: str, digits: int | None = None) -> str:
    module = types.ModuleType(f"red_team_33_{file[:-3]}")
    sys.modules[module.__name__] = module  # (a @dataclass looks its module up)
    try:
        exec(compile(source, file, "exec"), module.__dict__)  # noqa: S102 - the fixture's code
        result = module.main()
    except Exception as error:  # noqa: BLE001 - the class is what is compared
        return f"raised {type(error).__name__}"
    finally:
        del sys.modules[module.__name__]
    return repr(tf.nest.map_structure(
        lambda t: (np.asarray(t) if digits is None else np.round(np.asarray(t), digits)).tolist()
        if isinstance(t, tf.Tensor) else t, result))


@pytest.mark.parametrize("file, target, change", CASES)
def test_the_change_would_have_changed_behaviour(file: str, target: str, change: str) -> None:
    source = (ROOT / file).read_text(encoding="utf-8")
    changed = _changed(source, target, change)
    assert changed != source
    assert _outcome(source, file) != _outcome(changed, file)


def test_a_division_by_a_power_of_two_stays_converted(found: dict) -> None:
    """The control: `tf.floor(values / 2.0)`, an exact reciprocal, converted and equal."""
    assert found["binned.py::halves"].transformation is not None, found["binned.py::halves"]
    source = (ROOT / "binned.py").read_text(encoding="utf-8")
    assert _outcome(source, "binned.py") == _outcome(
        _changed(source, "halves", "add"), "binned.py")


def test_a_rebound_number_and_a_copy_written_at_its_top_level_stay_converted(found: dict) -> None:
    """The control of the aliasing rules: `n = COUNT; n += 1.0` rebinds a number, and
    `cfg = dict(CONFIG); cfg["scale"] = 2.0` changes the copy only: converted and equal."""
    source = (ROOT / "rebound_number.py").read_text(encoding="utf-8")
    for target in ("bumped", "scaled"):
        assert found[f"rebound_number.py::{target}"].transformation is not None, \
            found[f"rebound_number.py::{target}"]
        assert _outcome(source, "rebound_number.py") == _outcome(
            _changed(source, target, "add"), "rebound_number.py")
