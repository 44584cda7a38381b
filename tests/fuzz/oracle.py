"""What must hold for every module, however broken: `check` does not crash or hang and
reports every function of a file that parses (or lists the file under `errors`); `fix` on a
copy leaves files that parse and changes only `tf.function` decorator lines and TensorFlow
imports. Both run in-process, through the CLI's own entry point (`hybridize.cli.main`)."""

from __future__ import annotations

import ast
import contextlib
import difflib
import gc
import io
import itertools
import json
import re
import shutil
import signal
import tokenize
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from hybridize.cli import main

from fuzz.modules import FuzzModule

TF_FUNCTION = re.compile(r"([A-Za-z_]\w*\.)*function(\(|$)")  # tf.function, function(...)
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread after `seconds` (a hang is a finding, not a stuck run)."""
    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(argv: list[str], seconds: float) -> str | None:
    """Run `hybridize ARGV` in-process; a description of the crash or hang, or None."""
    try:
        with time_limit(seconds), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            code = main(argv)
        return None if code == 0 else f"`{' '.join(argv[:1])}` exited with {code}"
    except Hang as exc:
        return f"`{argv[0]}` hung: {exc}"
    except BaseException:  # noqa: B036 (SystemExit and all: the CLI must return normally)
        return f"`{argv[0]}` crashed:\n{traceback.format_exc(limit=-8)}"
    finally:
        gc.enable()  # the CLI turns the cyclic GC off for its short-lived process


def check_module(module: FuzzModule, workdir: Path, seconds: float = 20.0,
                 counts: Counter[str] | None = None) -> list[str]:
    """The problems of one module (an empty list when it passes); `counts` tallies what was
    exercised (files with error entries, functions reported, files `fix` edited)."""
    counts = Counter() if counts is None else counts
    project = workdir / "project"
    for rel, data in module.files.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_bytes(data)
    report_path = workdir / "report.json"
    crash = run_cli(["check", str(project), "--no-cache", "--format", "json",
                     "--output", str(report_path), *module.flags], seconds)
    if crash:
        return [crash]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    counts["files with an error entry"] += len({e["file"] for e in report["errors"]})
    counts["functions reported"] += len(report["functions"])
    problems = missing_functions(module.files, report)
    copy = workdir / "fixed"
    shutil.copytree(project, copy)
    crash = run_cli(["fix", str(copy), "--no-cache", *module.flags], seconds)
    if crash:
        return [*problems, crash]
    for rel, before in module.files.items():
        after = (copy / rel).read_bytes()
        if after != before:
            counts["files edited by fix"] += 1
            problems += bad_edits(rel, before, after)
    return problems


def missing_functions(files: dict[str, bytes], report: dict) -> list[str]:
    """Every def of a file that parses is in the report (CHECK-JSON: file, qualname, line),
    or the file is under `errors`."""
    with_errors = {error["file"] for error in report["errors"]}
    reported: dict[str, set[tuple[int, str]]] = {}
    for fn in report["functions"]:
        reported.setdefault(fn["file"], set()).add((fn["line"], fn["qualname"].split(".")[-1]))
    problems = []
    for rel, data in files.items():
        if rel in with_errors:
            continue
        try:
            tree = ast.parse(data)
        except PARSE_ERRORS as exc:
            problems.append(f"{rel} does not parse ({exc!r}) but has no error entry")
            continue
        defs = {(node.lineno, node.name) for node in ast.walk(tree)
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        for line, name in sorted(defs - reported.get(rel, set())):
            problems.append(f"{rel}:{line}: def {name} is not in the report")
    return problems


def bad_edits(rel: str, before: bytes, after: bytes) -> list[str]:
    """`fix` edited `rel`: the result parses, and the changed lines are tf.function decorators
    (added or removed) and added TensorFlow imports; nothing else changes, line ends included."""
    try:
        old_tree = ast.parse(before)
    except PARSE_ERRORS:
        return [f"{rel}: fix edited a file that does not parse"]
    try:
        new_tree = ast.parse(after)
    except PARSE_ERRORS as exc:
        return [f"{rel}: fix left a file that does not parse: {exc!r}\n"
                f"{_diff(before, after)}"]
    old_lines, new_lines = _lines(before), _lines(after)
    old_ok = _decorator_lines(old_tree) | _tensorflow_import_lines(old_tree)
    new_ok = _decorator_lines(new_tree) | _tensorflow_import_lines(new_tree)
    if not _tensorflow_imports(old_tree) <= _tensorflow_imports(new_tree):
        return [f"{rel}: fix removed a TensorFlow import:\n{_diff(before, after)}"]
    # Without those lines (and blank ones) both texts are the same, line ends included. (A diff
    # of the whole texts can pair repeated blocks, e.g. a function pasted twice, the wrong way.)
    kept_before = [(n, line) for n, line in enumerate(old_lines, 1)
                   if line.strip() and n not in old_ok]
    kept_after = [(n, line) for n, line in enumerate(new_lines, 1)
                  if line.strip() and n not in new_ok]
    for (old_n, old), (new_n, new) in itertools.zip_longest(
            kept_before, kept_after, fillvalue=(0, "")):
        if old != new:
            return [f"{rel}: fix changed lines that are not tf.function decorators or imports "
                    f"(before line {old_n}: {old!r}, after line {new_n}: {new!r}):\n"
                    f"{_diff(before, after)}"]
    return []


def _decorator_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            for decorator in node.decorator_list:
                if TF_FUNCTION.match(ast.unparse(decorator)):
                    lines.update(range(decorator.lineno, (decorator.end_lineno or 0) + 1))
    return lines


def _tensorflow_import_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)) and "tensorflow" in ast.unparse(node):
            lines.update(range(node.lineno, (node.end_lineno or 0) + 1))
    return lines


def _tensorflow_imports(tree: ast.Module) -> set[str]:
    imports = (ast.unparse(node) for node in tree.body
               if isinstance(node, (ast.Import, ast.ImportFrom)))
    return {text for text in imports if "tensorflow" in text}


def _lines(data: bytes) -> list[str]:
    """Lines as Python numbers them (\\n, \\r\\n and \\r end a line), ends kept."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    text = data.decode(encoding, "replace")
    return LINE.findall(text)


def _diff(before: bytes, after: bytes) -> str:
    return "".join(difflib.unified_diff(_lines(before), _lines(after), "before", "after"))[:3000]
