"""The VS Code extension (clients/vscode) builds offline, passes its unit tests and packages.

Runs, in clients/vscode, `npm ci` (skipped when node_modules was installed by this test from the
same package-lock.json and Node version), the type check, the lint, the esbuild bundle, the mocha
unit tests (pure modules, package.json against the code, and the bundle loaded with a stub
`vscode`), and `npm run package`; then checks what the .vsix holds, and that its settings schema
agrees with the server's settings parser. Needs Node 20 and npm (a fresh machine has them): when
npm is missing, the tests fail instead of skipping.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "clients" / "vscode"
VSIX = EXTENSION / "hybridize-0.1.0.vsix"
STAMP = EXTENSION / "node_modules" / ".hybridize-npm-ci"
CLIENT_ONLY = {"hybridize.interpreter", "hybridize.serverPath", "hybridize.trace.server"}
COMMANDS = {"hybridize.file", "hybridize.workspace", "hybridize.restart", "hybridize.showLogs",
            "hybridize.verifyProposals"}
SERVER_COMMANDS = {"hybridize.hybridizeFile", "hybridize.hybridizeWorkspace", "hybridize.verify",
                   "hybridize.verifyCancel"}
NPM_TIMEOUT_S = 900


def npm(*args: str) -> str:
    """Runs npm in clients/vscode; fails the test with npm's output when it fails."""
    exe = shutil.which("npm")
    if exe is None:
        pytest.fail("npm is not installed: building the VS Code extension needs Node 20 and npm")
    env = {**os.environ, "npm_config_update_notifier": "false", "npm_config_fund": "false",
           "npm_config_audit": "false"}
    try:
        proc = subprocess.run([exe, *args], cwd=EXTENSION, env=env, capture_output=True,
                              text=True, timeout=NPM_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"`npm {' '.join(args)}` took more than {NPM_TIMEOUT_S} s:\n"
                    f"{(exc.stdout or '')!s}\n{(exc.stderr or '')!s}"[-6000:])
    output = f"{proc.stdout}\n{proc.stderr}"
    if proc.returncode != 0:
        pytest.fail(f"`npm {' '.join(args)}` in {EXTENSION} failed (exit {proc.returncode}):\n"
                    f"{output[-8000:]}", pytrace=False)
    return output


def install_fingerprint() -> str:
    node = shutil.which("node")
    version = subprocess.run([node, "--version"], capture_output=True, text=True,
                             timeout=60).stdout.strip() if node else "no node"
    lock = (EXTENSION / "package-lock.json").read_bytes()
    return f"{hashlib.sha256(lock).hexdigest()} {version}"


@pytest.fixture(scope="module")
def installed() -> None:
    """node_modules as package-lock.json says, and the bundle (dist/extension.js)."""
    fingerprint = install_fingerprint()
    if not STAMP.exists() or STAMP.read_text() != fingerprint:
        npm("ci")
        STAMP.write_text(fingerprint)
    npm("run", "bundle")


@pytest.fixture(scope="module")
def vsix(installed: None) -> Path:
    VSIX.unlink(missing_ok=True)
    npm("run", "package")
    assert VSIX.is_file(), f"`npm run package` made no {VSIX.name}"
    return VSIX


@pytest.fixture(scope="module")
def packaged(vsix: Path) -> tuple[list[str], dict[str, Any]]:
    with zipfile.ZipFile(vsix) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("extension/package.json"))
    return names, manifest


def test_typecheck(installed: None) -> None:
    npm("run", "typecheck")


def test_lint(installed: None) -> None:
    npm("run", "lint")


def test_unit_tests(installed: None) -> None:
    output = npm("test")
    assert " passing" in output, output[-3000:]
    assert " failing" not in output and " pending" not in output, output[-3000:]


def test_vsix_holds_the_bundle_readme_and_manifest_only(packaged: tuple[list[str], Any]) -> None:
    names, _ = packaged
    lower = {name.lower() for name in names}
    assert "extension/dist/extension.js" in names, names
    assert "extension/package.json" in names, names
    assert "extension/readme.md" in lower, names  # vsce stores README.md as readme.md
    assert any(name.lower().startswith("extension/license") for name in names), names
    # Every image the README shows travels with it (relative links are kept as written).
    readme = (EXTENSION / "README.md").read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", readme):
        assert f"extension/{image}" in names, f"{image} (shown in the README) is not packaged"
    assert not [n for n in names if "node_modules/" in n], names
    assert not [n for n in names if n.endswith(".ts") or n.endswith(".map")], names
    assert not [n for n in names if n.startswith(("extension/src/", "extension/test/",
                                                  "extension/out/"))], names


def test_vsix_manifest(packaged: tuple[list[str], dict[str, Any]]) -> None:
    _, manifest = packaged
    assert manifest["name"] == "hybridize"
    assert manifest["main"] == "./dist/extension.js"
    assert "extensionDependencies" not in manifest  # works without the marketplace
    assert "onLanguage:python" in manifest["activationEvents"]
    commands = {c["command"] for c in manifest["contributes"]["commands"]}
    assert commands == COMMANDS
    assert not commands & SERVER_COMMANDS  # the language client registers those itself
    properties = manifest["contributes"]["configuration"]["properties"]
    assert properties["hybridize.interpreter"]["type"] == "array"
    assert properties["hybridize.interpreter"]["default"] == []
    assert properties["hybridize.serverPath"]["default"] == ""
    for key in ("speculative", "inferSignatures", "exclude", "debounceMs"):
        assert f"hybridize.{key}" in properties, key


def test_settings_schema_matches_the_server(packaged: tuple[list[str], dict[str, Any]]) -> None:
    """Every contributed server setting is one the server knows, with the server's default."""
    from hybridize.lsp.settings import (
        DEFAULT_SEVERITY,
        SEVERITIES,
        TAGS,
        ServerSettings,
        parse_settings,
    )

    _, manifest = packaged
    properties = manifest["contributes"]["configuration"]["properties"]
    defaults: dict[str, Any] = {}
    for key, prop in properties.items():
        if key in CLIENT_ONLY:
            continue
        node = defaults
        *parents, leaf = key.removeprefix("hybridize.").split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = prop["default"]
    settings, problems = parse_settings(defaults)
    assert problems == []
    expected = ServerSettings()
    assert settings.speculative == expected.speculative
    assert settings.infer_signatures == expected.infer_signatures
    assert settings.exclude == expected.exclude
    assert (settings.observed_types, settings.cache) == (expected.observed_types, expected.cache)
    assert settings.debounce_ms == expected.debounce_ms
    assert (settings.verify_command, settings.verify_timeout) == (
        expected.verify_command, expected.verify_timeout)
    assert settings.severity == expected.severity
    assert all(kind_tags == () for kind_tags in settings.tags.values())
    for kind in DEFAULT_SEVERITY:
        severity = properties[f"hybridize.diagnostics.severity.{kind}"]
        assert severity["enum"] == list(SEVERITIES), kind
        assert properties[f"hybridize.diagnostics.tags.{kind}"]["items"]["enum"] == list(TAGS)
    assert properties["hybridize.debounceMs"]["minimum"] == 0
    assert properties["hybridize.debounceMs"]["maximum"] == 10000


def test_notebook_cells_are_those_the_server_syncs(installed: None) -> None:
    """The extension asks about the Python cells of exactly the notebook types the server syncs
    (its notebookDocumentSync selector): a cell of another type would get requests about a
    notebook the server never opened, and a type left out would get no code actions."""
    from hybridize.lsp.notebooks import SYNC_OPTIONS

    npm("run", "compile-tests")
    script = ("console.log(JSON.stringify("
              "require('./out/src/common/documents.js').DOCUMENT_SELECTOR))")
    done = subprocess.run(["node", "-e", script], cwd=EXTENSION, capture_output=True, text=True,
                          timeout=60, check=True)
    selector = json.loads(done.stdout)
    cells = [f for f in selector if "notebook" in f]
    assert sorted(f["notebook"] for f in cells) == \
        sorted(str(f.notebook) for f in SYNC_OPTIONS.notebook_selector)
    assert {f["language"] for f in cells} == {"python"}
    for notebook_filter in SYNC_OPTIONS.notebook_selector:
        assert [cell.language for cell in notebook_filter.cells or []] == ["python"]
