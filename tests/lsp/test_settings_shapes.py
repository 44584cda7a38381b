"""The shapes in which editors send settings (no server started: parse_settings alone)."""

from __future__ import annotations

import pytest
from hybridize.lsp.settings import ServerSettings, parse_settings


@pytest.mark.parametrize("raw", [
    {"hybridize": {"speculative": True}},  # Helix sends its whole `config` table
    {"speculative": True, "diagnostics": []},  # Lua clients encode an empty table as []
    {"speculative": True, "diagnostics": {"severity": [], "tags": []}},
])
def test_settings_in_the_shapes_clients_send(raw):
    settings, problems = parse_settings(raw)
    assert problems == []
    assert settings.speculative is True


def test_an_empty_lua_table_is_the_default():
    assert parse_settings([]) == (ServerSettings(), [])
    settings, problems = parse_settings({"hybridize": {"speculative": "yes"}})
    assert problems == ["hybridize.speculative must be true or false, not 'yes'"]
