"""Module summaries are cached by content hash: a second run re-analyses nothing, and a run after
one file changed re-analyses only that file, with the same verdicts as a cold run."""

from __future__ import annotations

from pathlib import Path

from helpers_project import verdicts, write_project
from hybridize.analysis import Settings, analyze

FILES = {
    "ops.py": """
        import tensorflow as tf

        def scale(x):
            return x * 2.0
        """,
    "train.py": """
        import tensorflow as tf
        from ops import scale

        def main():
            scale(tf.ones((2, 2)))
        """,
}


def summary(result):
    return {k: (r.transformation, [f.code for f in r.failures])
            for k, r in verdicts(result).items()}


def test_second_run_reuses_every_summary(tmp_path: Path):
    project = write_project(tmp_path / "p", FILES)
    cache = tmp_path / "cache"
    cold = analyze([project], Settings(), cache_dir=cache)
    warm = analyze([project], Settings(), cache_dir=cache)
    assert cold.reused == 0
    assert warm.reused == 2
    assert summary(cold) == summary(warm)


def test_change_in_one_file_reanalyses_it_and_updates_dependents(tmp_path: Path):
    project = write_project(tmp_path / "p", FILES)
    cache = tmp_path / "cache"
    first = analyze([project], Settings(), cache_dir=cache)
    assert verdicts(first)["ops.py::scale"].transformation.value == "CONVERT_TO_HYBRID"
    # The caller now passes a Python int: the callee's verdict changes without touching ops.py.
    (project / "train.py").write_text(FILES["train.py"].replace("tf.ones((2, 2))", "3")
                                      .replace("\n        ", "\n").lstrip("\n"))
    second = analyze([project], Settings(), cache_dir=cache)
    assert second.reused == 1
    scale = verdicts(second)["ops.py::scale"]
    assert scale.transformation is None
    assert scale.failures[0].code == "HAS_NO_TENSOR_PARAMETERS"
    assert summary(second) == summary(analyze([project], Settings()))


def test_corrupt_cache_entry_is_ignored(tmp_path: Path):
    project = write_project(tmp_path / "p", FILES)
    cache = tmp_path / "cache"
    analyze([project], Settings(), cache_dir=cache)
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    again = analyze([project], Settings(), cache_dir=cache)
    assert again.reused == 0
    assert verdicts(again)["ops.py::scale"].transformation.value == "CONVERT_TO_HYBRID"
