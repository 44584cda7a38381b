"""Same input, same output, on real projects (issue 10, "Determinism").

Six TensorFlow projects from PyPI (tests/realcode.py: pinned wheels, unpacked, never installed or
imported) are checked with `hybridize check --format json` in child processes, as a user runs it:
under three PYTHONHASHSEED values with a cold cache, again with the warm cache, and with the
files given one by one in reverse order. Every report must be identical apart from
`stats.seconds`. The language server's engine entry point (an `Analyzer` kept across runs, open
documents passed as overrides, as server/hybridize/lsp/session.py uses it) must give the same
verdicts, reasons and evidence as the command line.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
import realcode
from hybridize.analysis import Analyzer, Settings
from hybridize.report.json_report import to_json

SEEDS = ("0", "1", "4242")


def same(expected: str, actual: str, what: str) -> None:
    if expected != actual:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True),
                                            actual.splitlines(keepends=True),
                                            fromfile="first run", tofile=what, n=2))
        pytest.fail(f"{what} differs from the first run:\n{diff[:8000]}", pytrace=False)


@pytest.fixture(scope="module", params=realcode.PROJECTS, ids=lambda p: f"{p.name}-{p.version}")
def project(request: pytest.FixtureRequest) -> Path:
    try:
        return realcode.sources(request.param)
    except realcode.FetchError as exc:
        pytest.fail(f"cannot fetch the project's wheel from PyPI: {exc}", pytrace=False)


def test_same_report_for_any_seed_cache_and_file_order(project: Path, tmp_path: Path) -> None:
    warm = tmp_path / "cache-0"
    first = realcode.comparable(realcode.check_json([project], warm, SEEDS[0]))
    assert '"functions": [' in first and first.count('"qualname"') > 100
    for seed in SEEDS[1:]:
        report = realcode.check_json([project], tmp_path / f"cache-{seed}", seed)
        same(first, realcode.comparable(report), f"PYTHONHASHSEED={seed}, cold cache")
    for seed in SEEDS:
        report = realcode.check_json([project], warm, seed)
        same(first, realcode.comparable(report), f"PYTHONHASHSEED={seed}, warm cache")
    files = sorted(project.rglob("*.py"), reverse=True)
    report = realcode.check_json(files, None, SEEDS[1])
    same(first, realcode.comparable(report), "files given one by one in reverse order")


def test_language_server_engine_agrees_with_the_command_line(project: Path) -> None:
    cli = realcode.check_json([project], None, SEEDS[0])
    cli_text = realcode.comparable({"functions": cli["functions"]})
    analyzer = Analyzer([project], Settings())  # what Session.new_folder builds
    first = analyzer.run()
    same(cli_text, realcode.comparable({"functions": to_json(first)["functions"]}),
         "the server's first run")
    # An editor opened three files (texts as overrides; verdicts of those files only), on the
    # analyzer's in-memory state from the first run.
    opened = sorted(project.rglob("*.py"))[::37][:3]
    texts = {str(p): p.read_text(encoding="utf-8") for p in opened}
    rels = {p.relative_to(project).as_posix() for p in opened}
    again = analyzer.run(texts, None, rels)
    expected = [f for f in cli["functions"] if f["file"] in rels]
    assert expected, "the opened files have functions"
    same(realcode.comparable({"functions": expected}),
         realcode.comparable({"functions": to_json(again)["functions"]}),
         "the server's verdicts of three open files")
