"""While the user types, a run decides the edited documents only: another open document's facts
cost as much again (70 ms for a 31-function file on 250 KLOC, benchmarks/lsp_latency.py). The
others are decided once the user pauses (server.OTHERS_IDLE_S), or at once before a request
about one of them: a hover never answers from a verdict an edit elsewhere has changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hybridize.lsp.server import OTHERS_IDLE_S
from lsp_support import TIMEOUT, hover_text, start, wait_for

pytestmark = pytest.mark.asyncio(loop_scope="function")

# `scale` decides an `if` on what `make()` returns: a float, then a tensor.
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "cross_module"
USER, FLOAT, TENSOR = ((FIXTURES / name).read_text(encoding="utf-8")
                       for name in ("user.py", "maker_float.py", "maker_tensor.py"))


async def test_the_edited_file_comes_first_and_the_other_once_the_user_pauses(client, workspace):
    (workspace / "maker.py").write_text(FLOAT, encoding="utf-8")
    (workspace / "user.py").write_text(USER, encoding="utf-8")
    session = await start(client, workspace)
    session.open("user.py", "maker.py")  # a run deciding both publishes user.py first
    await session.wait_code("user.py", "scale", "CONVERT_TO_HYBRID")
    version = session.change("maker.py", TENSOR)  # `make` returns a tensor: `if` on a tensor
    await session.wait_code("user.py", "scale", None)
    published, times = session.client.published, session.client.published_at
    edited = next(i for i, p in enumerate(published)
                  if p.uri == session.uri("maker.py") and p.version == version)
    other = next(i for i, p in enumerate(published) if i > edited and
                 p.uri == session.uri("user.py") and
                 not any(d.code == "CONVERT_TO_HYBRID" for d in p.diagnostics))
    # maker.py's diagnostics came from a run that decided it alone; user.py's new ones from a
    # run once the user paused (a run deciding both publishes them one right after the other).
    assert times[other] - times[edited] >= 0.9 * OTHERS_IDLE_S, (edited, other, times)


async def test_a_hover_on_another_open_file_answers_from_its_new_verdict(client, workspace):
    (workspace / "maker.py").write_text(FLOAT, encoding="utf-8")
    (workspace / "user.py").write_text(USER, encoding="utf-8")
    session = await start(client, workspace)
    session.open("user.py", "maker.py")
    await session.wait_code("user.py", "scale", "CONVERT_TO_HYBRID")
    at = session.at("user.py", "def scale", offset=4)
    assert "Can be hybridized" in hover_text(await session.hover("user.py", at))
    count = session.publish_count("maker.py")
    session.change("maker.py", TENSOR)
    await wait_for(lambda: session.publish_count("maker.py") > count, "maker.py's run", TIMEOUT)
    # At once, before the pause after which user.py is decided again.
    text = hover_text(await session.hover("user.py", at))
    assert "Can be hybridized" not in text and "decided by a tensor" in text, text
