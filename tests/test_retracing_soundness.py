"""R2 (`fix --repair-retracing`) and P4 (`--infer-signatures`) where a soundness audit found wrong
edits, each run with TensorFlow 2.21 (tests/fixtures/retracing_soundness, one program per
module, run as written and edited):

- a TensorFlow call that needs a Python value where the parameter goes (`tf.squeeze(x, axis=a)`,
  `tf.nn.softmax(x, axis=a)`) or another dtype than the tensor beside it (`tf.gather(x, i)`,
  `tf.math.top_k(x, k=k)`, `tf.roll(x, shift=k)`, `tf.reduce_sum(x, axis=a)`): R2 wrapped the
  argument in `tf.constant(v, dtype=tf.float32)` and the program failed. R2 is now default-deny:
  only arithmetic with tensors, tf.cast and friends, and the data arguments of elementwise ops
  (retracing.ELEMENTWISE_CALLS) take the tensor;
- a partner made by tf.cast: its dtype is the cast's, not the function's tensors';
- an int literal beyond int32 makes tf.constant int64 (one float, float32), whatever the first
  element: P4 wrote an int32 input_signature that refused the call.

Each declined case failed before its fix (the engine proposed the edit); the edit it proposed is
applied here by hand and changes behaviour. The repairs it still proposes are applied as `fix`
does and must keep the output and trace less."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import itertools
import shutil
from pathlib import Path

import pytest
from hybridize.analysis import Settings, Transformation, analyze
from hybridize.refactor import plan_changes

tf = pytest.importorskip("tensorflow")

ROOT = (Path(__file__).parent / "fixtures" / "retracing_soundness").resolve()
RESULT = analyze([ROOT], Settings(infer_signatures=True))
REPORTS = {(r.file, r.qualname): r for r in RESULT.functions}
_NAMES = itertools.count()


def _tensor_repairs(file: str, name: str) -> list:
    return [r for r in REPORTS[(file, name)].repairs if r.kind == "PASS_TENSOR_ARGUMENTS"]


def _run(path: Path, functions: tuple[str, ...] = ()) -> tuple[str, dict[str, int]]:
    """Run the module's main(): its output (an exception ends it, named), and how many times
    each of `functions` traced."""
    spec = importlib.util.spec_from_file_location(f"retracing_probe_{next(_NAMES)}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            module.main()
    except Exception as error:  # noqa: BLE001 - the failure is the behaviour compared
        out.write(f"raised {type(error).__name__}\n")
    return out.getvalue(), {name: getattr(module, name).experimental_get_tracing_count()
                            for name in functions}


def _edited(tmp_path: Path, file: str, text: str) -> Path:
    path = tmp_path / file
    path.write_text(text, encoding="utf-8")
    return path


# (module, function, why it is declined, the call as written, the edit R2 proposed before)
DECLINED = [
    ("squeeze_axis.py", "squeezed_total", "passes it to tf.squeeze()",
     "squeezed_total(x, axis)", "squeezed_total(x, tf.constant(axis, dtype=tf.float32))"),
    # An int32 tensor is refused too: the axis must be a Python int.
    ("squeeze_axis.py", "squeezed_total", "passes it to tf.squeeze()",
     "squeezed_total(x, axis)", "squeezed_total(x, tf.constant(axis))"),
    ("softmax_axis.py", "normalized", "passes it to tf.nn.softmax()",
     "normalized(logits, axis - 1)",
     "normalized(logits, tf.constant(axis - 1, dtype=tf.float32))"),
    ("softmax_axis.py", "normalized", "passes it to tf.nn.softmax()",
     "normalized(logits, axis - 1)", "normalized(logits, tf.constant(axis - 1))"),
    ("top_k.py", "top_k_mean", "passes it to tf.math.top_k()",
     "top_k_mean(scores, k)", "top_k_mean(scores, tf.constant(k, dtype=tf.float32))"),
    ("gather_rows.py", "doubled_row", "passes it to tf.gather()",
     "doubled_row(table, index)", "doubled_row(table, tf.constant(index, dtype=tf.float32))"),
    ("roll_shift.py", "differences", "passes it to tf.roll()",
     "differences(series, lag)", "differences(series, tf.constant(lag, dtype=tf.float32))"),
    ("reduce_axis.py", "totals", "passes it to tf.reduce_sum()",
     "totals(x, axis)", "totals(x, tf.constant(axis, dtype=tf.float32))"),
    # The partner is float64 (a local made by tf.cast, then tf.abs): R2 wrote a float32 one.
    ("cast_local.py", "soft_threshold", "a tensor whose dtype the analysis cannot show",
     "soft_threshold(x, 0.1 * i + 0.05)", "soft_threshold(x, tf.constant(0.1 * i + 0.05))"),
]


@pytest.mark.parametrize("file, name, words, written, forced", DECLINED,
                         ids=[f"{d[1]}-{i}" for i, d in enumerate(DECLINED)])
def test_a_value_an_op_may_refuse_as_a_tensor_is_not_repaired(
        file: str, name: str, words: str, written: str, forced: str, tmp_path: Path) -> None:
    report = REPORTS[(file, name)]
    assert _tensor_repairs(file, name) == [], report.repairs
    assert "cannot become a tensor" in report.reason and words in report.reason, report.reason
    text = (ROOT / file).read_text(encoding="utf-8")
    head, call, tail = text.rpartition(written)  # the call in main(), not the def
    assert call and "def main" in head
    before, _ = _run(ROOT / file)
    after, _ = _run(_edited(tmp_path, file, head + forced + tail))
    assert "raised" not in before and "raised" in after, (before, after)


# (module, function, parameter, dtype written in the repair)
KEPT = [
    ("elementwise.py", "floor_at", "level", None),  # after x: float32, a float's default
    ("elementwise.py", "warmup", "step", "float32"),  # after the literal 1.0: float32
    ("elementwise.py", "offset", "k", "float32"),  # x - k is a tensor before tf.nn.relu
    ("cast_local.py", "scaled_in_double", "gain", "float64"),  # y = tf.cast(x, tf.float64)
]


def test_the_safe_repairs_are_kept_with_their_dtype() -> None:
    for file, name, parameter, dtype in KEPT:
        found = _tensor_repairs(file, name)
        assert [(r.parameter, r.dtype) for r in found] == [(parameter, dtype)], (name, found)


@pytest.mark.parametrize("file", sorted({k[0] for k in KEPT}))
def test_the_kept_repairs_keep_results_and_trace_less(file: str, tmp_path: Path) -> None:
    changes = [c for c in plan_changes(RESULT, frozenset(),
                                       repairs=frozenset({"PASS_TENSOR_ARGUMENTS"}))
               if c.file == file]
    assert len(changes) == 1 and changes[0].error is None, changes
    names = tuple(k[1] for k in KEPT if k[0] == file)
    before, traced_before = _run(ROOT / file, names)
    after, traced_after = _run(_edited(tmp_path, file, changes[0].after), names)
    assert "raised" not in before and after == before, (before, after)
    for name in names:
        assert traced_after[name] == 1 < traced_before[name], (name, traced_after)


def test_int_literals_beyond_int32_give_int64_signatures(tmp_path: Path) -> None:
    signatures = {r.qualname: r.signature for r in RESULT.functions
                  if r.file == "big_ints.py" and r.transformation == Transformation.RECONFIGURE}
    # hashed is called with an int32 and an int64 tensor: no one signature.
    assert signatures == {
        "bucketed": "[tf.TensorSpec(shape=(None,), dtype=tf.int64)]",
        "halved": "[tf.TensorSpec(shape=(None,), dtype=tf.float32)]"}, signatures
    changes = [c for c in plan_changes(RESULT, frozenset({Transformation.RECONFIGURE}))
               if c.file == "big_ints.py"]
    assert len(changes) == 1 and changes[0].error is None, changes
    before, _ = _run(ROOT / "big_ints.py")
    after, traced = _run(_edited(tmp_path, "big_ints.py", changes[0].after),
                         ("bucketed", "halved"))
    assert "raised" not in before and after == before, (before, after)
    assert traced == {"bucketed": 1, "halved": 1}
    # The int32 signature written before refuses the first call.
    forced = changes[0].after.replace("dtype=tf.int64", "dtype=tf.int32")
    shutil.rmtree(tmp_path / "__pycache__", ignore_errors=True)
    refused, _ = _run(_edited(tmp_path, "big_ints.py", forced))
    assert "raised TypeError" in refused, refused
