"""Fixtures for the end-to-end tests of the language server (`python -m hybridize serve`).

Each test gets a fresh copy of `workspace/` (three small TensorFlow modules) and a fresh server
process (`client`); `lsp_support.start()` initializes it and returns a `Session` that drives it.
Read-only tests (hover, most code actions) share one session per client kind (`shared`).

The test modules mark themselves `pytest.mark.asyncio` and the fixture names its loop scope, so
they run under pytest-asyncio's strict and auto modes alike. The project's pyproject.toml should
still carry (the loop-scope line silences pytest-asyncio's warning, which it emits before this
file is loaded):

    [tool.pytest.ini_options]
    asyncio_mode = "auto"
    asyncio_default_fixture_loop_scope = "function"
    filterwarnings = [..., "error::pytest_lsp.LspSpecificationWarning"]

`pytest_configure` below adds the filterwarnings entry itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# pygls and pytest-lsp are test dependencies: without them these tests must fail, not vanish.
import pytest_asyncio
from lsp_support import CLIENTS, copy_workspace, spawn, start, stop


def pytest_configure(config: pytest.Config) -> None:
    if pytest_asyncio is not None:
        config.addinivalue_line("filterwarnings", "error::pytest_lsp.LspSpecificationWarning")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of the test workspace (tests may change files on disk)."""
    return copy_workspace(tmp_path / "ws")


if pytest_asyncio is not None:

    @pytest_asyncio.fixture(loop_scope="function")
    async def client(tmp_path: Path):
        """A test client connected to a fresh server process, not yet initialized."""
        lsp_client = await spawn(tmp_path)
        try:
            yield lsp_client
        finally:
            await stop(lsp_client)

    @pytest_asyncio.fixture(scope="module", loop_scope="module", params=CLIENTS)
    async def shared(request, tmp_path_factory):
        """One initialized session per client kind for a whole module of read-only tests
        (hover, code actions): ops.py, train.py and reporting.py open, diagnostics in."""
        scratch = tmp_path_factory.mktemp("shared")
        lsp_client = await spawn(scratch)
        try:
            session = await start(lsp_client, copy_workspace(scratch / "ws"), request.param)
            session.open("ops.py", "train.py", "reporting.py")
            await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
            await session.wait_code("train.py", "evaluate", "CONVERT_TO_HYBRID")
            await session.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
            yield session
        finally:
            await stop(lsp_client)
