"""The Keras global settings the workspace may set (static_values.settings_written), kept per
function with its summary (FunctionSummary.settings) in the command line's snapshot: a run after
an edit reads the stored shares of the files it did not summarize again. Every run here must
give what a run without a cache gives, and the edits do change a verdict (`to_channels` reads
`image_data_format()` in an `if`: safe only while no code of the workspace may set it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.analysis import static_values
from hybridize.analysis import workspace as W

LAYERS = """
import tensorflow as tf


def to_channels(x):
    if tf.keras.backend.image_data_format() == "channels_first":
        return tf.transpose(x, [0, 3, 1, 2])
    return x * 2.0


def main():
    return to_channels(tf.ones((1, 2, 2, 3)))
"""

OTHER = """
import tensorflow as tf


def helper(x):
    return x + 1
"""

SETTER = '    tf.keras.backend.set_image_data_format("channels_first")\n'

# (file, old, new): each edit of a file other than layers.py, whose summary (and stored share)
# the changed run takes from the snapshot.
EDITS = [
    ("other.py", "    return x + 1\n", SETTER + "    return x + 1\n"),  # setter added
    ("other.py", SETTER, ""),  # and removed
    ("more.py", None, "import tensorflow as tf\n\n\nSETTERS = [tf.keras.backend."
                      "set_image_data_format]\n"),  # a new module holds it, module level
    ("more.py", "SETTERS = [tf.keras.backend.set_image_data_format]\n", "SETTERS = []\n"),
    ("other.py", "def helper(x):\n", "def helper(x):\n    getattr(tf.keras.backend, "
                                     "'set_' + str(x))('channels_first')\n"),  # any setter
    ("other.py", "    getattr(tf.keras.backend, 'set_' + str(x))('channels_first')\n", ""),
]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # the cache key
    return tmp_path / "cache"


def cli_json(root: Path, cache: Path | None, capsys: pytest.CaptureFixture[str]) -> dict:
    from hybridize.cli import main

    capsys.readouterr()
    where = ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    main(["check", str(root), "--format", "json", "--no-config", *where])
    report = json.loads(capsys.readouterr().out)
    report["stats"].pop("seconds")
    return report


def verdict(report: dict, qualname: str) -> str | None:
    found = [f for f in report["functions"] if f["qualname"] == qualname]
    assert len(found) == 1
    return found[0]["transformation"]


def test_a_setter_added_or_removed_elsewhere_with_the_cache(
        tmp_path: Path, env: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_project(tmp_path / "p", {"layers.py": LAYERS, "other.py": OTHER})
    programs: list = []
    decide_all = W.decide_all

    def spy(program, *args, **kwargs):  # type: ignore[no-untyped-def]
        programs.append(program)
        return decide_all(program, *args, **kwargs)

    monkeypatch.setattr(W, "decide_all", spy)
    first = cli_json(root, env, capsys)
    assert first == cli_json(root, None, capsys)
    seen = [verdict(first, "to_channels")]
    for rel, old, new in EDITS:
        path = root / rel
        if old is None:
            path.write_text(new)
        else:
            text = path.read_text()
            assert old in text, (rel, old)
            path.write_text(text.replace(old, new, 1))
        before = len(programs)
        cached = cli_json(root, env, capsys)
        changed = programs[before]  # the run with the cache (the other has none)
        scratch = cli_json(root, None, capsys)
        assert cached == scratch, (rel, old, new)
        # layers.py's summary came from the snapshot, its share with it.
        layers = changed.functions["layers:to_channels"]
        assert layers.settings == frozenset()
        assert static_values.settings_written(changed) == \
            frozenset(s for fn in changed.functions.values() for s in fn.settings)
        seen.append(verdict(cached, "to_channels"))
    assert seen == ["CONVERT_TO_HYBRID", None, "CONVERT_TO_HYBRID", None, "CONVERT_TO_HYBRID",
                    None, "CONVERT_TO_HYBRID"]


def test_the_shares_travel_in_the_snapshot(tmp_path: Path, env: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    other = OTHER.replace("    return x + 1\n", SETTER + "    return x + 1\n")
    root = write_project(tmp_path / "p", {"layers.py": LAYERS, "other.py": other})
    cli_json(root, env, capsys)
    snapshot = W.load_snapshot(W.snapshot_path(env, root.resolve()))
    assert snapshot is not None
    shares = {fn.key: fn.settings for m in snapshot.modules.values() for fn in m.functions}
    assert shares["other:helper"] == frozenset({"g:<keras.image_data_format>"})
    assert all(share is not None for share in shares.values())
    assert not shares["layers:to_channels"]
