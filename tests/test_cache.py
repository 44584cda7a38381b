"""Module summaries are cached by content hash: a second run re-analyses nothing, and a run after
one file changed re-analyses only that file, with the same verdicts as a cold run."""

from __future__ import annotations

from pathlib import Path

from helpers_project import verdicts, write_project
from hybridize.analysis import Settings, analyze
from hybridize.analysis.workspace import Analyzer

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


def test_language_server_state_is_saved_and_the_next_session_starts_from_it(tmp_path: Path):
    """Analyzer (the language server's engine) with a cache folder: `save` writes the state of
    the last run as `hybridize check` would have left it, the next Analyzer's first run starts
    from it, and edits after that give what a run from scratch gives."""
    project = write_project(tmp_path / "p", FILES)
    cache = tmp_path / "cache"
    first = Analyzer([project], cache_dir=cache)
    cold = first.run()
    assert cold.reused == 0 and first.save_due()
    # An edit arriving while it writes: it gives up between two pieces, leaving nothing.
    assert first.save(stop=lambda: True) is False
    folder = cache / "workspaces"
    assert not folder.exists() or list(folder.iterdir()) == []
    assert first.save() is True and not first.save_due()
    assert [p.suffix for p in folder.iterdir()] == [".pickle"]

    second = Analyzer([project], cache_dir=cache)
    warm = second.run()
    assert warm.reused == 2 and not second.save_due()
    assert summary(warm) == summary(cold)
    # The command line reads what the server wrote (the same file for the same root).
    assert analyze([project], Settings(), cache_dir=cache).reused == 2

    # Edited in the editor after starting from the file: as from scratch.
    edited = FILES["train.py"].replace("tf.ones((2, 2))", "3").replace("\n        ", "\n")
    overrides = {str(project / "train.py"): edited}
    edited_run = second.run(overrides)
    assert verdicts(edited_run)["ops.py::scale"].transformation is None
    assert summary(edited_run) == summary(Analyzer([project]).run(overrides))
    assert second.save_due()  # one of two modules differs from the file (over 5%)


def test_a_snapshot_that_cannot_be_written_is_not_tried_again(tmp_path: Path):
    project = write_project(tmp_path / "p", FILES)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    analyzer = Analyzer([project], cache_dir=blocked)
    analyzer.run()
    assert analyzer.save_due()
    assert analyzer.save() is False
    assert not analyzer.save_due()  # logged once; the session goes on without a cache



def test_the_language_server_starts_from_what_the_command_line_left(tmp_path: Path):
    project = write_project(tmp_path / "p", FILES)
    cache = tmp_path / "cache"
    cold = analyze([project], Settings(), cache_dir=cache)
    analyzer = Analyzer([project], cache_dir=cache)
    warm = analyzer.run()
    assert analyzer.from_disk == 2 and warm.reused == 2
    assert summary(warm) == summary(cold)
    assert not analyzer.save_due()  # nothing differs from the file the command line wrote
