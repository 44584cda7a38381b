"""The server watches pyproject.toml and hybridize.toml: a change on disk is read again and the
workspace re-analysed with it, without a restart; invalid values are shown with file and key."""

from __future__ import annotations

import pytest
from lsp_support import default_options, start, wait_for
from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="function")

ERROR = types.DiagnosticSeverity.Error
WARNING = types.DiagnosticSeverity.Warning


def severity_is(severity: types.DiagnosticSeverity):
    return lambda ds: any(d.code == "HAS_PYTHON_SIDE_EFFECTS" and d.severity == severity
                          for d in ds)


def notify(s, rel: str, kind: types.FileChangeType) -> None:
    s.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=s.uri(rel), type=kind)]))


async def test_a_changed_configuration_file_is_read_again(client, workspace):
    s = await start(client, workspace, "visual_studio_code", default_options())
    s.open("train.py")
    await s.indexed()
    globs = {w["globPattern"] for r in s.client.registrations
             if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
             for w in r.register_options["watchers"]}
    assert {"**/*.py", "**/pyproject.toml", "**/hybridize.toml"} <= globs
    await s.wait_diagnostics("train.py", severity_is(WARNING), "train_step as a warning")

    pyproject = workspace / "pyproject.toml"
    pyproject.write_text('[project]\nname = "demo"\n\n[tool.hybridize.diagnostics.severity]\n'
                         'warning = "error"\n')
    notify(s, "pyproject.toml", types.FileChangeType.Created)
    await s.wait_diagnostics("train.py", severity_is(ERROR), "train_step as an error")
    await s.wait_code("train.py", "predict", None)

    # hybridize.toml wins over pyproject.toml in the same folder; its bad value is named.
    (workspace / "hybridize.toml").write_text('inferSignatures = "yes"\n')
    notify(s, "hybridize.toml", types.FileChangeType.Created)
    message = await wait_for(
        lambda: next((m for m in s.client.messages if "inferSignatures" in m.message), None),
        "a warning naming the file and the key", describe=lambda: repr(s.client.messages))
    assert message.message == (f"Hybridize: {workspace / 'hybridize.toml'}: inferSignatures "
                               "must be true or false, not 'yes'; using the default.")
    await s.wait_diagnostics("train.py", severity_is(WARNING), "the pyproject.toml set aside")

    (workspace / "hybridize.toml").write_text("inferSignatures = true\n")
    notify(s, "hybridize.toml", types.FileChangeType.Changed)
    await s.wait_code("train.py", "predict", "RECONFIGURE")
