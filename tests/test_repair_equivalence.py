"""Every retracing repair the engine proposes for the corpus keeps behaviour and stops the
retracing (issue 16). The program that calls the function (a driver of the corpus) runs as
written and with the repair applied (`fix`'s edits, in a copy of the package): results and
stdout must be equal, and the repaired function must trace fewer times, at most once per
distinct tensor signature, with no Python value left in any trace's signature (R2); a renamed
decorator argument (R1) must trace exactly as often and give the same results.

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
DRIVERS = {"retracing": ("retracing.evaluate", "main"), "tracing": ("tracing.removal", "main")}
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
