"""Observed types in the editor: a function nothing in the workspace calls, whose arguments
`hybridize verify --observe-types` recorded (kept in the cache folder), gets the hint, and the
hover shows the evidence "observed when running `COMMAND`"; the setting observedTypes: false
ignores them; once the file is edited the observation no longer counts and the hover says so."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hybridize.analysis.observed import store_observations
from lsp_support import copy_workspace, default_options, spawn, start, stop

pytestmark = pytest.mark.asyncio(loop_scope="function")

PLUGIN = '''"""Metrics looked up by name from a configuration file (getattr): no visible caller."""

import tensorflow as tf


def mean_entropy(logits):
    log_probabilities = tf.nn.log_softmax(logits)
    return -tf.reduce_mean(tf.reduce_sum(tf.exp(log_probabilities) * log_probabilities, axis=-1))
'''
OBSERVED = [{"file": "plugins.py", "qualname": "mean_entropy", "line": 6, "calls": 12,
             "parameters": {"logits": [{"kind": "tensor", "dtype": "float32",
                                        "shape": [32, 10]}]}}]


async def test_hover_shows_the_observed_types(tmp_path: Path):
    root = copy_workspace(tmp_path / "ws")
    (root / "plugins.py").write_text(PLUGIN, encoding="utf-8")
    digest = hashlib.sha256(PLUGIN.encode()).hexdigest()
    # The server's cache folder: $XDG_CACHE_HOME/hybridize (lsp_support.server_env).
    store_observations(tmp_path / "cache" / "hybridize", str(root), ["python", "train.py"], 0,
                       OBSERVED, {"plugins.py": digest})
    client = await spawn(tmp_path)
    try:
        s = await start(client, root)
        s.open("plugins.py")
        await s.wait_code("plugins.py", "mean_entropy", "CONVERT_TO_HYBRID")
        hover = await s.hover("plugins.py", s.at("plugins.py", "def mean_entropy", offset=5))
        assert hover is not None
        value = hover.contents.value
        assert "observed when running `python train.py`: called 12 times with tensor " \
            "float32[32, 10] as `logits`" in value, value

        # The setting observedTypes: false ignores them; back on, they count again.
        s.configure(default_options(observedTypes=False))
        await s.wait_code("plugins.py", "mean_entropy", None)
        s.configure(default_options())
        await s.wait_code("plugins.py", "mean_entropy", "CONVERT_TO_HYBRID")

        # Edited: the observation was made on other bytes, so it no longer counts.
        s.change("plugins.py", PLUGIN.replace("axis=-1", "axis=1"))
        await s.wait_code("plugins.py", "mean_entropy", None)
        hover = await s.hover("plugins.py", s.at("plugins.py", "def mean_entropy", offset=5))
        assert hover is not None
        value = hover.contents.value
        assert "plugins.py changed since: the observation is ignored" in value, value
    finally:
        await stop(client)
