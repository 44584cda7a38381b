"""While the user types, the server's update leaves the cycles of values through what it
evaluates for later (Analyzer.run, not exact); once the user is idle, the exact update brings
the verdicts back to those of a run from scratch (docs/cache.md, "Values that keep themselves
through sites outside the update")."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from hybridize.analysis import Analyzer
from lsp_support import TIMEOUT, hover_text, start

pytestmark = pytest.mark.asyncio(loop_scope="function")

SHARED = (Path(__file__).resolve().parent.parent / "fixtures" / "stale_cycle" /
          "shared.py").read_text(encoding="utf-8")


async def test_the_idle_update_ends_where_a_run_from_scratch_does(client, workspace):
    (workspace / "shared.py").write_text(SHARED, encoding="utf-8")
    session = await start(client, workspace)
    session.open("shared.py")
    await session.wait_code("shared.py", "same", None)
    edited = SHARED.replace("return tf.ones((2,))", "return 1.0")
    # What a run from scratch says of `same` once source returns a float.
    scratch = Analyzer([workspace]).run({str(workspace / "shared.py"): edited})
    report = next(r for r in scratch.functions if r.qualname == "same")
    wanted = next(f for f in report.failures if f.code == "HAS_NO_TENSOR_PARAMETERS")
    count = session.publish_count("shared.py")
    session.change("shared.py", edited)
    await session.wait_publish("shared.py", count)
    # The edit's own run may keep the tensor that b's calls give each other (pending); after
    # SAVE_IDLE_S of quiet, the exact update drops it.
    deadline = time.monotonic() + TIMEOUT
    text = ""
    while time.monotonic() < deadline:
        text = hover_text(await session.hover("shared.py", session.at("shared.py", "def same",
                                                                       offset=4)))
        if "no parameter receives a tensor" in text:
            break
        await asyncio.sleep(0.5)
    assert "no parameter receives a tensor" in text, text
    assert "no parameter receives a tensor" in wanted.message
