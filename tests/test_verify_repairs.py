"""verify counts the traces of the repairs that keep the graph (issue 16): as written and with
the proposals, for R1 (renamed arguments), R2 (`--repair-retracing`: tensors at the call
sites, whose arguments are compared by value) and R3 (reduce_retracing for shapes that vary),
on the two corpus packages that have them. This test runs corpus code (verify runs it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
DRIVER = """from retracing.evaluate import main as retracing_main
from shapes.batches import main

main()
retracing_main()
"""


def test_verify_reports_traces_as_written_and_repaired(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for package in ("shapes", "retracing"):
        shutil.copytree(CORPUS / package, project / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (project / "drive.py").write_text(DRIVER, encoding="utf-8")
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items()
           if k not in ("HYBRIDIZE_VERIFY_FORCE", "PYTEST_ADDOPTS")}
    done = subprocess.run([sys.executable, "-m", "hybridize", "verify", str(project),
                           "--no-cache", "--repair-retracing", "--format", "json", "--output",
                           str(report), "--", sys.executable, "drive.py"], cwd=project,
                          capture_output=True, text=True, timeout=600, env=env)
    assert report.exists(), done.stderr
    found = {(p["qualname"], p["transformation"]): p
             for p in json.loads(report.read_text())["proposals"]}
    expected = {
        # R3: one trace per distinct shape as written, then the first shape and the open one.
        ("batch_mean", "REDUCE_RETRACING"): (7, 2),
        ("normalize_rows", "REDUCE_RETRACING"): (4, 2),
        ("project", "REDUCE_RETRACING"): (3, 2),
        ("sequence_energy", "REDUCE_RETRACING"): (5, 2),
        # R2: a trace per Python value as written, one per tensor shape repaired.
        ("scale_by_step", "PASS_TENSOR_ARGUMENTS"): (15, 2),
        ("shift_by_epoch", "PASS_TENSOR_ARGUMENTS"): (3, 1),
        # R1: the same traces; P3 removes the graph.
        ("batch_total", "RENAME_DEPRECATED_ARGUMENTS"): (2, 2),
        ("first_rows", "CONVERT_TO_EAGER"): (3, None),
    }
    for key, (written, repaired) in expected.items():
        assert key in found, (key, sorted(found))
        proposal = found[key]
        assert proposal["status"] == "confirmed", proposal
        assert (proposal["traces_as_written"], proposal["traces"]) == (written, repaired), \
            proposal
    assert done.returncode == 0, done.stderr


def test_fix_verified_makes_only_the_repairs_verify_confirmed() -> None:
    from hybridize.analysis.model import AnalysisResult, FunctionReport, Refactoring, Repair
    from hybridize.verify.verified import Verified

    repairs = [Repair("RENAME_DEPRECATED_ARGUMENTS", "R1", "rename"),
               Repair("REDUCE_RETRACING", "R3", "relax", argument="reduce_retracing=True")]
    report = FunctionReport("m.py", "f", 3, True, Refactoring.OPTIMIZE_HYBRID_FUNCTION, None,
                            None, {}, repairs=repairs)
    result = AnalysisResult("/r", 1, [report], [])
    kept = Verified(frozenset({("m.py", "f", "REDUCE_RETRACING")}), ()).keep(result)
    assert [r.kind for r in kept.functions[0].repairs] == ["REDUCE_RETRACING"]
    assert Verified(frozenset(), ()).keep(result).functions[0].repairs == []
