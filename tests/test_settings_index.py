"""settings_index.SettingsIndex, kept in the CallIndex across the language server's runs: the
Keras global settings the workspace may set are static_values.settings_written's, after every
edit, and only the functions a run replaced are read again."""

from __future__ import annotations

from pathlib import Path

import pytest
from hybridize.analysis import settings_index, static_values
from hybridize.analysis.call_index import CallIndex
from hybridize.analysis.program import Program
from hybridize.analysis.workspace import Analyzer

FILES = {
    "a.py": "import tensorflow as tf\n\n\ndef setup():\n"
            "    tf.keras.backend.set_floatx('float64')\n",
    "b.py": "import tensorflow as tf\nfrom tensorflow.keras import backend as K\n\n\n"
            "def fmt():\n    K.set_image_data_format('channels_first')\n\n\n"
            "def scaled(x):\n    return x * 2.0\n",
    "c.py": "import tensorflow as tf\n\n\ndef other(x):\n    return tf.reduce_sum(x)\n",
}
EDITS = [
    ("a.py", "set_floatx('float64')", "set_epsilon(1e-3)"),  # one setting for another
    ("c.py", "def other(x):", "def hold():\n    return [tf.keras.backend.set_floatx]\n\n\n"
     "def other(x):"),  # a setter held in a list, in a new function
    ("b.py", "    K.set_image_data_format('channels_first')\n", "    pass\n"),  # one gone
    ("a.py", "def setup():", "def setup2():"),  # renamed
    ("c.py", "def hold():\n    return [tf.keras.backend.set_floatx]\n\n\n", ""),
]



def test_the_kept_settings_are_those_from_scratch(tmp_path: Path,
                                                  programs: list[Program]) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    first = kept.index.settings_written(programs[-1])
    assert first == static_values.settings_written(programs[-1]) and len(first) == 2
    history = [first]
    for rel, old, new in EDITS:
        path = tmp_path / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1))
        kept.run()
        Analyzer([tmp_path]).run()
        incremental, scratch = programs[-2], programs[-1]
        got = kept.index.settings_written(incremental)
        assert got == static_values.settings_written(scratch), (rel, old)
        assert got == static_values.settings_written(incremental), (rel, old)
        history.append(got)
    assert len(set(history)) > 2  # the edits did change the settings


def test_only_replaced_functions_are_read_again(tmp_path: Path, programs: list[Program],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The shares are computed when a file is summarized (FunctionSummary.settings): an edit's
    run computes those of the edited file's functions only, and the index reads the stored
    shares (never computes one again)."""
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    kept.index.settings_written(programs[-1])
    read: list[str] = []
    from hybridize.analysis import summaries

    real = settings_index.function_settings

    def counting(fn):  # type: ignore[no-untyped-def]
        read.append(fn.key)
        return real(fn)

    def recomputed(fn):  # type: ignore[no-untyped-def]
        raise AssertionError(f"share of {fn.key} computed again")

    monkeypatch.setattr(summaries, "function_settings", counting)
    monkeypatch.setattr(settings_index, "function_settings", recomputed)
    (tmp_path / "c.py").write_text(FILES["c.py"] + "\n\ndef more():\n    return 1\n")
    kept.run()
    assert sorted(read) == ["c:<module>", "c:more", "c:other"]  # c.py's, module level too
    assert kept.index.settings_written(programs[-1]) == \
        static_values.settings_written(programs[-1])
    # A fresh index (the command line's) reads the stored shares too.
    index = CallIndex()
    index.update(programs[-1])
    assert index.settings_written(programs[-1]) == static_values.settings_written(programs[-1])


def test_stored_shares_are_the_summaries_own(tmp_path: Path, programs: list[Program]) -> None:
    """Every function's stored share is function_settings of its summary, and a summary built
    without one (None) is computed when read."""
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    Analyzer([tmp_path]).run()
    program = programs[-1]
    shares = {key: fn.settings for key, fn in program.functions.items()}
    assert all(share is not None for share in shares.values())
    assert {k: settings_index.function_settings(fn) for k, fn in program.functions.items()} \
        == shares
    assert shares["b:fmt"] and not shares["b:scaled"]
    for fn in program.functions.values():
        fn.settings = None  # as a summary made by hand
    index = CallIndex()
    index.update(program)
    assert index.settings_written(program) == static_values.settings_written(program)
    assert len(index.settings_written(program)) == 2


def test_a_fresh_index_builds_on_first_use(tmp_path: Path, programs: list[Program]) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    Analyzer([tmp_path]).run()
    index = CallIndex()
    index.update(programs[-1])
    assert index.settings is None
    assert index.settings_written(programs[-1]) == static_values.settings_written(programs[-1])
    assert index.settings is not None
