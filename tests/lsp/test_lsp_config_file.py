"""The server reads [tool.hybridize] in the workspace folder's pyproject.toml (or a
hybridize.toml), combined with the editor's settings by configurationPreference."""

from __future__ import annotations

import pytest
from lsp_support import default_options, start, wait_for
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

ERROR = types.DiagnosticSeverity.Error
PYPROJECT = """[project]
name = "demo"

[tool.hybridize]
inferSignatures = true

[tool.hybridize.diagnostics.severity]
warning = "error"
"""


async def severity_of_train_step(s) -> types.DiagnosticSeverity:
    diagnostic = await s.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    return diagnostic.severity


async def test_settings_come_from_pyproject(client, workspace):
    (workspace / "pyproject.toml").write_text(PYPROJECT)
    s = await start(client, workspace, "visual_studio_code", default_options())
    s.open("train.py")
    await s.indexed()
    await s.wait_code("train.py", "predict", "RECONFIGURE")  # inferSignatures from the file
    assert await severity_of_train_step(s) == ERROR
    assert s.client.messages == []


async def test_editor_settings_win_unless_the_file_is_preferred(client, workspace):
    (workspace / "pyproject.toml").write_text(PYPROJECT)
    editor = {"diagnostics": {"severity": {"warning": "hint"}}}
    s = await start(client, workspace, "visual_studio_code", default_options(**editor))
    s.open("train.py")
    await s.indexed()
    assert await severity_of_train_step(s) == types.DiagnosticSeverity.Hint
    await s.wait_code("train.py", "predict", "RECONFIGURE")  # what the editor leaves unset
    s.configure(default_options(**editor, configurationPreference="filesystemFirst"))
    await s.wait_diagnostics("train.py", lambda ds: any(
        d.code == "HAS_PYTHON_SIDE_EFFECTS" and d.severity == ERROR for d in ds),
        "train_step as an error, the file's severity")


async def test_an_invalid_value_in_the_file_is_shown_with_file_and_key(client, workspace):
    (workspace / "hybridize.toml").write_text('inferSignatures = "yes"\n')
    s = await start(client, workspace, "visual_studio_code", default_options())
    s.open("train.py")
    await s.indexed()

    def found():
        return next((m for m in s.client.messages if "inferSignatures" in m.message), None)

    message = await wait_for(found, "a warning naming the key",
                             describe=lambda: repr(s.client.messages))
    assert message.type == types.MessageType.Warning
    assert message.message == (f"Hybridize: {workspace / 'hybridize.toml'}: inferSignatures "
                               "must be true or false, not 'yes'; using the default.")
    await s.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    assert s.diagnostic_on("train.py", "predict") == []
    # Read again with each change of settings: still one warning.
    s.configure(default_options(debounceMs=1))
    await s.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    assert len([m for m in s.client.messages if "inferSignatures" in m.message]) == 1


async def test_each_workspace_folder_has_its_own_file(client, tmp_path):
    from lsp_support import Session, copy_workspace
    from test_lsp_multiroot import initialize

    plain, configured = copy_workspace(tmp_path / "plain"), copy_workspace(tmp_path / "conf")
    (configured / "pyproject.toml").write_text(PYPROJECT)
    first = await initialize(client, [plain, configured])
    second = Session(client, configured, first.caps, first.result, first.encoding)
    first.open("train.py")
    second.open("train.py")
    assert await severity_of_train_step(second) == ERROR
    assert await severity_of_train_step(first) == types.DiagnosticSeverity.Warning
    assert first.diagnostic_on("train.py", "predict") == []  # no inferSignatures there
