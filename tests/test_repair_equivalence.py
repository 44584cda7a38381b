"""Every retracing repair the engine proposes for the corpus keeps behaviour and stops the
retracing (issue 16). The program that calls the function (a driver of the corpus) runs as
written and with the repair applied (`fix`'s edits, in a copy of the package): results and
stdout must be equal, and the repaired function must trace fewer times, at most once per
distinct tensor signature, with no Python value left in any trace's signature (R2); a renamed
decorator argument (R1) must trace exactly as often and give the same results; a decorator
argument for shapes that vary (R3) must trace once with an input_signature, at most twice with
reduce_retracing, fewer times than as written, never twice for one signature.

This test runs corpus code on purpose (the verification, not the analysis)."""

from __future__ import annotations

import contextlib
import importlib
import io
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from equivalence import _diff, _reset_tensorflow, snapshot
from hybridize.analysis import Settings, analyze
from hybridize.refactor import plan_changes

tf = pytest.importorskip("tensorflow")

CORPUS = Path(__file__).parent / "corpus"
# The program that exercises each package's repaired functions: (module, function).
DRIVERS = {"retracing": ("retracing.evaluate", "main"), "tracing": ("tracing.removal", "main"),
           "shapes": ("shapes.batches", "main")}
RESULT = analyze([CORPUS], Settings())


def _repairs(kind: str) -> dict[tuple[str, str], Any]:
    return {(r.file, r.qualname): repair for r in RESULT.functions for repair in r.repairs
            if repair.kind == kind and (repair.sites or repair.renames)}


def _changed_packages(kind: str) -> dict[str, dict[str, str]]:
    """The repaired text of every file the repairs of `kind` edit, by package."""
    out: dict[str, dict[str, str]] = {}
    for change in plan_changes(RESULT, frozenset(), repairs=frozenset({kind})):
        assert change.error is None, f"{change.file}: {change.error}"
        out.setdefault(change.file.split("/")[0], {})[change.file] = change.after
    return out


def _run(root: Path, package: str, functions: list[str]) -> tuple[Any, str, dict[str, Any]]:
    """Import the package from `root` afresh, run its driver; (results, stdout, traces)."""
    module_name, entry = DRIVERS[package]
    sys.path.insert(0, str(root))
    try:
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]
        _reset_tensorflow()
        module = importlib.import_module(module_name)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = snapshot(getattr(module, entry)())
        traces = {}
        for key in functions:
            file, qualname = key.split("::")
            owner = importlib.import_module(file.removesuffix(".py").replace("/", "."))
            traced = getattr(owner, qualname)
            traces[key] = [c.structured_input_signature
                           for c in traced._list_all_concrete_functions()]
            # The concrete functions kept are the traces made (R3 counts them both ways).
            assert traced.experimental_get_tracing_count() == len(traces[key]), key
        return result, out.getvalue(), traces
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]


def _copies(tmp_path: Path, package: str, texts: dict[str, str]) -> tuple[Path, Path]:
    written, repaired = tmp_path / "written", tmp_path / "repaired"
    for root in (written, repaired):
        shutil.copytree(CORPUS / package, root / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for file, text in texts.items():
        (repaired / file).write_text(text, encoding="utf-8")
    return written, repaired


def _python_values(signature: Any) -> list[Any]:
    args, kwargs = signature
    return [a for a in [*args, *kwargs.values()] if not isinstance(a, tf.TensorSpec)]


TENSOR_REPAIRS = _repairs("PASS_TENSOR_ARGUMENTS")
RENAMES = _repairs("RENAME_DEPRECATED_ARGUMENTS")
SHAPE_KINDS = ("ADD_INPUT_SIGNATURE", "REDUCE_RETRACING")
SHAPE_REPAIRS = {kind: {(r.file, r.qualname): repair for r in RESULT.functions
                        for repair in r.repairs if repair.kind == kind and repair.argument}
                 for kind in SHAPE_KINDS}


def test_the_corpus_has_repairs_of_both_kinds_and_drivers_for_them() -> None:
    assert len(TENSOR_REPAIRS) >= 3 and len(RENAMES) >= 2, (TENSOR_REPAIRS, RENAMES)
    for file, _ in [*TENSOR_REPAIRS, *RENAMES]:
        assert file.split("/")[0] in DRIVERS, f"add a driver for {file}"


@pytest.mark.parametrize("package", sorted(_changed_packages("PASS_TENSOR_ARGUMENTS")))
def test_tensor_arguments_keep_results_and_trace_once(package: str, tmp_path: Path) -> None:
    texts = _changed_packages("PASS_TENSOR_ARGUMENTS")[package]
    keys = sorted(f"{f}::{q}" for f, q in TENSOR_REPAIRS if f.startswith(package + "/"))
    written, repaired = _copies(tmp_path, package, texts)
    before, out_before, traces_before = _run(written, package, keys)
    after, out_after, traces_after = _run(repaired, package, keys)
    assert _diff(before, after, "results") == []
    assert out_before == out_after
    for key in keys:
        old, new = traces_before[key], traces_after[key]
        # As written, a Python value in the signature of some trace; repaired, none, one trace
        # per distinct tensor signature, and fewer traces.
        assert any(_python_values(s) for s in old), (key, old)
        assert not any(_python_values(s) for s in new), (key, new)
        assert len({repr(s) for s in new}) == len(new) < len(old), (key, len(old), new)


@pytest.mark.parametrize("package", sorted(_changed_packages("RENAME_DEPRECATED_ARGUMENTS")))
def test_renamed_arguments_keep_results_and_traces(package: str, tmp_path: Path) -> None:
    texts = _changed_packages("RENAME_DEPRECATED_ARGUMENTS")[package]
    for text in texts.values():
        assert "experimental_relax_shapes" not in text and "experimental_compile" not in text
    keys = sorted(f"{f}::{q}" for f, q in RENAMES if f.startswith(package + "/"))
    written, repaired = _copies(tmp_path, package, texts)
    before, out_before, traces_before = _run(written, package, keys)
    after, out_after, traces_after = _run(repaired, package, keys)
    assert _diff(before, after, "results") == [] and out_before == out_after
    for key in keys:
        assert [repr(s) for s in traces_before[key]] == [repr(s) for s in traces_after[key]]


def test_the_corpus_has_shape_repairs_of_both_kinds() -> None:
    signature, reduce = (SHAPE_REPAIRS[k] for k in SHAPE_KINDS)
    assert len(signature) >= 3 and len(reduce) > len(signature), (signature, reduce)
    for file, _ in [*signature, *reduce]:
        assert file.split("/")[0] in DRIVERS, f"add a driver for {file}"


@pytest.mark.parametrize("kind", SHAPE_KINDS)
def test_shape_repairs_keep_results_and_trace_once_per_signature(kind: str,
                                                                 tmp_path: Path) -> None:
    """R3, each variant alone: results (an op that fails included: normalize_rows of a zero
    row) and stdout the same; traces counted as written and repaired."""
    changed = _changed_packages(kind)
    assert set(changed) == {"shapes"}, changed
    keys = sorted(f"{f}::{q}" for f, q in SHAPE_REPAIRS[kind])
    written, repaired = _copies(tmp_path, "shapes", changed["shapes"])
    before, out_before, traces_before = _run(written, "shapes", keys)
    after, out_after, traces_after = _run(repaired, "shapes", keys)
    assert _diff(before, after, "results") == [] and out_before == out_after
    assert "InvalidArgumentError" in repr(before)  # the zero row failed both ways
    for key in keys:
        old, new = traces_before[key], traces_after[key]
        # As written: one trace per distinct shape, all with full shapes.
        assert len(old) == len({repr(s) for s in old}) >= 3, (key, old)
        assert len({repr(s) for s in new}) == len(new) < len(old), (key, len(old), new)
        opened = [s for s in new if "None" in repr(s)]
        if kind == "ADD_INPUT_SIGNATURE":
            assert len(new) == 1 and opened == new, (key, new)
        else:  # the first shape, then one graph with the varying dimension left open
            assert len(new) == 2 and len(opened) == 1, (key, new)


def test_the_declined_shape_repairs_would_change_behaviour(tmp_path: Path) -> None:
    """R3's negative cases: flatten and first_half read the batch size as a Python value. The
    engine explains instead of repairing (VARYING_SHAPES); reduce_retracing added by hand makes
    the program fail from the second batch size on, where as written it runs."""
    declined = {r.qualname: [x.kind for x in r.repairs] for r in RESULT.functions
                if r.file == "shapes/steps.py" and r.qualname in ("flatten", "first_half")}
    assert declined == {"flatten": ["VARYING_SHAPES"], "first_half": ["VARYING_SHAPES"]}
    steps = (CORPUS / "shapes" / "steps.py").read_text(encoding="utf-8")
    for name in sorted(declined):
        forced = steps.replace(f"@tf.function\ndef {name}(",
                               f"@tf.function(reduce_retracing=True)\ndef {name}(")
        assert forced != steps
        written, repaired = _copies(tmp_path / name, "shapes", {"shapes/steps.py": forced})
        _run(written, "shapes", [])
        with pytest.raises(TypeError):
            _run(repaired, "shapes", [])
