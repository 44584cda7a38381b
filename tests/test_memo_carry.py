"""The language server's runs take over the last run's memo of expanded placeholders
(incremental.carry_memo): an entry is used again only when no token it read changed since it
was made, so the verdicts are those of a run from scratch after every edit."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from hybridize.analysis import incremental, workspace
from hybridize.analysis.program import Program
from hybridize.analysis.workspace import Analyzer

# `scale` decides an `if` on what `make()` returns: a float, then a tensor.
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cross_module"
CALLER, FLOAT, TENSOR = ((FIXTURES / name).read_text(encoding="utf-8")
                         for name in ("user.py", "maker_float.py", "maker_tensor.py"))


def verdicts(result: workspace.AnalysisResult) -> list[str]:
    return [json.dumps(dataclasses.asdict(r), sort_keys=True, default=str)
            for r in result.functions]



def test_an_expansion_that_read_a_changed_result_is_not_taken_over(
        tmp_path: Path, programs: list[Program]) -> None:
    (tmp_path / "a.py").write_text(CALLER)
    (tmp_path / "maker.py").write_text(FLOAT)
    kept = Analyzer([tmp_path])
    first = kept.run()
    assert any(r.qualname == "scale" and r.transformation for r in first.functions)
    for text in (TENSOR, FLOAT, TENSOR):
        (tmp_path / "maker.py").write_text(text)
        result = kept.run()
        fresh = Analyzer([tmp_path]).run()
        assert verdicts(result) == verdicts(fresh), text
        assert any(r.qualname == "scale" and bool(r.transformation) == (text == FLOAT)
                   for r in result.functions)
    # The last incremental run's facts did read entries the run before left.
    assert isinstance(programs[-2], incremental.ResumedProgram)
    assert programs[-2].memo is programs[-4].memo
