"""Observed types in the language server: after an edit, the program seeded with the observed
arguments is resumed (observed.resumed_program) instead of evaluated again from scratch, and
the reports are those of a run from scratch."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from hybridize.analysis import Settings, analyze, observed
from hybridize.analysis.workspace import Analyzer
from test_observed import _project, _store

OTHER = '''import tensorflow as tf
from plugins import helper_norm, scaled


def report(x):
    return helper_norm(x)


def run():
    return report(tf.ones((4, 3)))
'''
EDITS = [  # (old, new, whether the seeded program is resumed)
    ("report(tf.ones((4, 3)))", "report(tf.ones((4, 3))) + report(3)", True),
    ("return helper_norm(x)", "print(x)\n    return helper_norm(x)", True),
    ("def run():", "def probe(v):\n    return scaled(v, 0.5)\n\n\ndef run():", False),
    ("print(x)\n    ", "", True),
    ("report(tf.ones((4, 3))) + report(3)", "report(tf.ones((4, 3)))", True),
    ("def probe(v):\n    return scaled(v, 0.5)\n\n\n", "", False),
]


def reports(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [json.dumps(dataclasses.asdict(r), sort_keys=True, default=str)
            for r in result.functions]


def test_an_edit_resumes_the_seeded_program_and_equals_from_scratch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, cache = _project(tmp_path)
    (project / "other.py").write_text(OTHER, encoding="utf-8")
    _store(project, cache)
    settings = Settings(observed_from=cache)
    made = []
    scratch = observed.observed_program
    monkeypatch.setattr(observed, "observed_program",
                        lambda *args: made.append(1) or scratch(*args))
    kept = Analyzer([project], settings)
    first = kept.run()
    assert len(made) == 1
    assert any("observed when running" in r.reason for r in first.functions)
    text = OTHER
    for old, new, resumes in EDITS:
        assert old in text
        text = text.replace(old, new, 1)
        (project / "other.py").write_text(text, encoding="utf-8")
        result = kept.run()
        # Resumed, unless the roots changed (`scaled` gets a caller in the workspace).
        assert len(made) == (1 if resumes else 2), (old, new)
        made[:] = [1]
        kept_entry = list(observed._last_seeded)
        observed._last_seeded.clear()  # a run from scratch, seeded program included
        fresh = analyze([project], settings)
        assert len(made) == 2
        made.pop()
        observed._last_seeded[:] = kept_entry  # the kept Analyzer's, for the next edit
        assert reports(result) == reports(fresh), (old, new)
