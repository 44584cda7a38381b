"""Shared test setup: quiet TensorFlow, and find the package when it is not installed."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# One temporary folder for the whole run, this process's and its children's, removed at the
# end: `hybridize verify` keeps its run folder for the user to read (its logs), which a test
# run would otherwise leave behind in /tmp by the hundred.
_TEMPORARY = tempfile.mkdtemp(prefix="hybridize-tests-")
os.environ["TMPDIR"] = tempfile.tempdir = _TEMPORARY
atexit.register(shutil.rmtree, _TEMPORARY, ignore_errors=True)

_SERVER = Path(__file__).resolve().parent.parent / "server"
if str(_SERVER) not in sys.path:
    sys.path.append(str(_SERVER))


@pytest.fixture()
def programs(monkeypatch: pytest.MonkeyPatch) -> list:
    """The programs the engine decides, in order (each run's `workspace.decide_all`): what an
    incremental run kept can be compared with a run from scratch."""
    from hybridize.analysis import workspace

    seen: list = []
    decide_all = workspace.decide_all

    def spy(program, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(program)
        return decide_all(program, *args, **kwargs)

    monkeypatch.setattr(workspace, "decide_all", spy)
    return seen
