"""Diagnostics: what is published for open documents, and how it follows edits, other files,
the disk, syntax errors and fast typing."""

from __future__ import annotations

import asyncio

import pytest
from hybridize.analysis import analyze
from lsp_support import (
    CLIENTS,
    QUIET,
    SOURCE,
    Session,
    default_options,
    line_of,
    start,
    wait_for,
)
from lsprotocol import types

# A Python int of unknown value: scale() retraces per value (a literal would be one of a bounded
# set of values, which keeps it convertible).
UNBOUNDED_INT_CALL = "inputs = scale(int(input()))"

pytestmark = pytest.mark.asyncio(loop_scope="function")

HINT = types.DiagnosticSeverity.Hint
INFO = types.DiagnosticSeverity.Information
WARNING = types.DiagnosticSeverity.Warning
ERROR = types.DiagnosticSeverity.Error


def reasons(session: Session) -> dict[str, str]:
    """The engine's one-line reason for every function, as `file::qualname`."""
    result = analyze([session.root])
    return {f"{r.file}::{r.qualname}": r.reason for r in result.functions}


async def opened(client, workspace, name: str, *rels: str) -> Session:
    session = await start(client, workspace, name)
    session.open(*rels)
    if "ops.py" in rels:
        await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    if "train.py" in rels:
        await session.wait_code("train.py", "train_step", "HAS_PYTHON_SIDE_EFFECTS")
    return session


def same_reason(message: str, reason: str) -> bool:
    """The diagnostic's message carries the verdict's reason. (The server words the verdict
    itself its own way, e.g. "Can be hybridized with @tf.function: ..." for the engine's
    "safe to hybridize: ...": only the explanation is compared.)"""
    return reason.removeprefix("safe to hybridize: ") in message


def hybridize_diagnostics(diags):
    return [d for d in diags if d.source == SOURCE]


@pytest.mark.parametrize("name", CLIENTS)
async def test_diagnostics_of_open_documents(client, workspace, name):
    session = await opened(client, workspace, name, "ops.py", "train.py")
    why = reasons(session)

    ops = session.diagnostics("ops.py")
    assert all(d.source == SOURCE for d in ops), session.describe("ops.py")
    expected_ops = {
        # function: (code, severity)
        "scale": ("CONVERT_TO_HYBRID", HINT),
        "pack_logs": ("CONVERT_TO_EAGER", INFO),
        # Its name has a non-ASCII letter: the range differs between utf-8 and utf-16.
        "décroissance": ("CONVERT_TO_EAGER", INFO),
    }
    for function, (code, severity) in expected_ops.items():
        on = session.diagnostic_on("ops.py", function)
        assert len(on) == 1, f"{function}: {session.describe('ops.py')}"
        assert on[0].code == code and on[0].severity == severity, session.describe("ops.py")
        assert same_reason(on[0].message, why[f"ops.py::{function}"]), on[0].message
        if on[0].code_description is not None:
            assert on[0].code_description.href.startswith(("http://", "https://", "file://"))
    # Declined eager function (a print two calls deep): no diagnostic; nothing else either.
    assert session.diagnostic_on("ops.py", "monitored_loss") == []
    assert len(ops) == len(expected_ops), session.describe("ops.py")

    train = session.diagnostics("train.py")
    step = session.diagnostic_on("train.py", "train_step")
    assert len(step) == 1, session.describe("train.py")
    assert step[0].code == "HAS_PYTHON_SIDE_EFFECTS" and step[0].severity == WARNING
    assert same_reason(step[0].message, why["train.py::train_step"]), step[0].message
    # The evidence: the print in reporting.py (line 5, 0-based 4), reached through two calls.
    related = step[0].related_information or []
    reporting = session.uri("reporting.py")
    print_line = line_of(session.disk("reporting.py"), "print(")
    assert any(r.location.uri == reporting and r.location.range.start.line == print_line
               for r in related), f"no related information at the print: {related}"
    on = session.diagnostic_on("train.py", "evaluate")
    assert [(d.code, d.severity) for d in on] == [("CONVERT_TO_HYBRID", HINT)], \
        session.describe("train.py")
    # The nested correct() is declined (IS_NESTED_FUNCTION): no diagnostic.
    assert session.diagnostic_on("train.py", "correct") == []
    # predict is kept as it is (no inferSignatures), main is declined: no diagnostics.
    assert session.diagnostic_on("train.py", "predict") == []
    assert session.diagnostic_on("train.py", "main") == []
    assert len(train) == 2, session.describe("train.py")

    # reporting.py is not open: nothing (or only an empty list) is published for it.
    assert not session.client.diagnostics.get(session.uri("reporting.py"))


@pytest.mark.parametrize("name", CLIENTS)
async def test_diagnostics_appear_and_disappear_after_edits(client, workspace, name):
    session = await opened(client, workspace, name, "ops.py")
    original = session.text("ops.py")
    # A print in scale: it is no longer safe to convert.
    with_print = original.replace('    """uint8 pixels -> float32 in [0, 1]."""\n',
                                  '    """uint8 pixels -> float32 in [0, 1]."""\n'
                                  '    print("scaling", x)\n')
    assert with_print != original
    session.change("ops.py", with_print)
    await session.wait_code("ops.py", "scale", None)
    assert [d.code for d in session.diagnostic_on("ops.py", "pack_logs")] == ["CONVERT_TO_EAGER"]
    # Back as it was: the diagnostic comes back.
    session.change("ops.py", original)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")
    # A new tf.function that computes nothing gets its own diagnostic.
    # A new tf.function without parameters gets its own diagnostic.
    session.change("ops.py", original + '\n\n@tf.function\ndef zero_loss():\n'
                   '    return tf.zeros(())\n')
    await session.wait_code("ops.py", "zero_loss", "CONVERT_TO_EAGER")


@pytest.mark.parametrize("name", CLIENTS)
async def test_cross_file_update(client, workspace, name):
    """scale() in ops.py is convertible because train.py passes it a tensor; passing an int
    instead retraces on every value, so the diagnostic in ops.py must go."""
    session = await opened(client, workspace, name, "ops.py", "train.py")
    train = session.text("train.py")
    assert train.count("inputs = scale(images)") == 1
    session.change("train.py", train.replace("inputs = scale(images)", UNBOUNDED_INT_CALL))
    await session.wait_code("ops.py", "scale", None)
    session.change("train.py", train)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")


async def test_change_on_disk_of_a_closed_file(client, workspace):
    session = await opened(client, workspace, "visual_studio_code", "ops.py")
    train = session.disk("train.py")
    session.write_disk("train.py", train.replace("inputs = scale(images)", UNBOUNDED_INT_CALL))
    await session.wait_code("ops.py", "scale", None)
    session.write_disk("train.py", train)
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")


async def test_new_and_deleted_files_on_disk(client, workspace):
    session = await opened(client, workspace, "visual_studio_code", "ops.py")
    # A second, eager caller passes a Python float of unknown value: scale now retraces.
    session.write_disk("calibrate.py", "from ops import scale\n\n\ndef calibrate():\n"
                       "    return scale(float(input()))\n", types.FileChangeType.Created)
    await session.wait_code("ops.py", "scale", None)
    (workspace / "calibrate.py").unlink()
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=session.uri("calibrate.py"),
                                 type=types.FileChangeType.Deleted)]))
    await session.wait_code("ops.py", "scale", "CONVERT_TO_HYBRID")


async def test_save_reanalyses(client, workspace):
    session = await opened(client, workspace, "visual_studio_code", "ops.py", "train.py")
    session.change("train.py", session.text("train.py").replace("inputs = scale(images)",
                                                                   UNBOUNDED_INT_CALL))
    session.save("train.py")
    await session.wait_code("ops.py", "scale", None)


async def test_closing_a_document_clears_its_diagnostics(client, workspace):
    session = await opened(client, workspace, "visual_studio_code", "ops.py", "train.py")
    session.close("ops.py")
    uri = session.uri("ops.py")
    await wait_for(lambda: uri in session.client.diagnostics and
                   len(session.client.diagnostics[uri]) == 0,
                   "empty diagnostics for the closed ops.py",
                   describe=lambda: session.describe("ops.py"))
    # Edits elsewhere do not bring diagnostics back for the closed file.
    session.change("train.py", session.text("train.py") + "\n")
    await asyncio.sleep(QUIET)
    assert len(session.client.diagnostics[uri]) == 0
    assert session.diagnostic_on("train.py", "train_step")


@pytest.mark.parametrize("name", CLIENTS)
async def test_syntax_error_keeps_the_last_good_verdicts(client, workspace, name):
    session = await opened(client, workspace, name, "ops.py", "train.py")
    # Wait for indexing: the server resets its analyzer when it reads the settings at startup,
    # which loses the last good state (test_settings_change_while_a_file_is_broken).
    await session.indexed()

    def snapshot(rel):
        return sorted((d.range.start.line, d.range.start.character, d.range.end.character,
                       str(d.code), d.severity, d.message)
                      for d in hybridize_diagnostics(session.diagnostics(rel))
                      if d.code != "SYNTAX_ERROR")

    before_ops, before_train = snapshot("ops.py"), snapshot("train.py")
    # Half-typed statement at the end of main() in train.py (nothing above it moves).
    train = session.text("train.py")
    line = line_of(train, "print({name: float(value)")
    offset = sum(len(x) for x in train.splitlines(keepends=True)[:line + 1])
    count = session.publish_count("train.py")
    session.type_at("train.py", offset, "        optimizer.apply_gradients(zip(\n")
    await session.wait_publish("train.py", count)
    await asyncio.sleep(QUIET / 2)  # let any follow-up publish arrive
    broken_line = line + 1
    for diag in session.diagnostics("train.py"):
        if diag.code == "SYNTAX_ERROR":
            assert diag.severity == ERROR
            assert broken_line <= diag.range.start.line <= broken_line + 3, diag
    assert snapshot("train.py") == before_train, session.describe("train.py")
    # ops.py's scale() stays convertible: its only caller is main() in the broken file.
    assert snapshot("ops.py") == before_ops, session.describe("ops.py")

    # Fixed again: no syntax error, same verdicts.
    session.change("train.py", train)
    await session.wait_diagnostics(
        "train.py", lambda ds: not any(d.code == "SYNTAX_ERROR" for d in ds) and ds,
        "the syntax error to go")
    assert snapshot("train.py") == before_train
    assert snapshot("ops.py") == before_ops


async def test_no_stale_results_after_fast_typing(client, workspace):
    """Ten quick versions of ops.py: scale() is convertible in the even ones (and in the opened
    version 1) only. Whatever is published in between must belong to the version it names, and
    the last state must be the last version's."""
    session = await opened(client, workspace, "visual_studio_code", "ops.py")
    original = session.text("ops.py")
    with_print = original.replace("    return tf.cast(x, tf.float32) / PIXEL_MAX",
                                  "    print(x)\n    return tf.cast(x, tf.float32) / PIXEL_MAX")
    start_index = len(session.client.published)
    uri = session.uri("ops.py")
    texts = {1: original}  # a publish for the opened version may still be on its way
    for _ in range(10):
        version = session.versions[uri] + 1
        text = with_print if version % 2 else original
        texts[version] = text
        session.change("ops.py", text)
    final = session.versions[uri]
    assert final % 2 == 1  # print version: no scale diagnostic at the end
    await session.wait_code("ops.py", "scale", None)
    await asyncio.sleep(QUIET)
    await session.wait_code("ops.py", "scale", None, timeout=0.1)
    versions = [p.version for p in session.client.published[start_index:]
                if p.uri == uri and p.version is not None]
    assert versions == sorted(versions), f"published versions went backwards: {versions}"
    assert not versions or versions[-1] == final, versions
    for params in session.client.published[start_index:]:
        if params.uri != uri or params.version is None:
            continue
        text = texts.get(params.version)
        assert text is not None, f"diagnostics for unknown version {params.version}"
        has_scale = any(d.code == "CONVERT_TO_HYBRID" and d.range.start.line ==
                        line_of(text, "def scale(") for d in params.diagnostics)
        assert has_scale == (text == original), \
            f"diagnostics published for version {params.version} do not match it"


async def test_settings_change_while_a_file_is_broken(client, workspace):
    """The last good verdicts of a file being typed must survive a settings change."""
    session = await opened(client, workspace, "visual_studio_code", "ops.py", "train.py")
    await session.indexed()

    def snapshot(rel):
        return sorted((d.range.start.line, str(d.code), d.message)
                      for d in session.diagnostics(rel) if d.code != "SYNTAX_ERROR")

    before_ops, before_train = snapshot("ops.py"), snapshot("train.py")
    train = session.text("train.py")
    offset = train.index("\n\n\nif __name__") + 1
    count = session.publish_count("train.py")
    session.type_at("train.py", offset, "    optimizer.apply_gradients(zip(\n")
    await session.wait_publish("train.py", count)
    await asyncio.sleep(QUIET / 2)
    assert snapshot("train.py") == before_train, session.describe("train.py")
    count = session.publish_count("train.py")
    session.configure(default_options(diagnostics={"severity": {"convertToEager": "information"}}))
    await session.wait_publish("train.py", count)
    await asyncio.sleep(QUIET / 2)
    assert (snapshot("train.py"), snapshot("ops.py")) == (before_train, before_ops), \
        session.describe("train.py", "ops.py")
    # A change the engine depends on: verdicts are computed again, still from the last good
    # text of train.py (predict() may now get its RECONFIGURE; nothing else changes).
    count = session.publish_count("train.py")
    session.configure(default_options(inferSignatures=True))
    await session.wait_publish("train.py", count)
    await asyncio.sleep(QUIET / 2)
    predict = line_of(train, "def predict(")
    after_train = [d for d in snapshot("train.py") if d[0] != predict]
    assert (after_train, snapshot("ops.py")) == (before_train, before_ops), \
        session.describe("train.py", "ops.py")
