"""The JSON report: the contract in CHECK-JSON.md (add fields freely; never rename or remove)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from hybridize import __version__
from hybridize.analysis.model import AnalysisResult, FunctionReport
from hybridize.analysis.reach import Reach, measure_reach
from hybridize.report.cells import json_location

REPORT_VERSION = 1
Buffer = bytes | memoryview


def function_json(report: FunctionReport, result: AnalysisResult | None = None
                  ) -> dict[str, Any]:
    """One function's entry; with `result`, lines in a notebook are its cells' (`cell` added)."""

    def at(file: str | None, line: int | None) -> dict[str, Any]:
        return {"line": line} if not notebooks else json_location(result, file, line)

    notebooks = result is not None and result.notebooks  # else every location is a plain line

    return {
        "file": report.file,
        "qualname": report.qualname,
        **at(report.file, report.line),
        "hybrid": report.hybrid,
        "refactoring": report.refactoring.value,
        "transformation": report.transformation.value if report.transformation else None,
        "precondition": report.precondition,
        "facts": report.facts,
        "failures": [
            {"code": f.code, "message": f.message, "file": f.file, **at(f.file, f.line)}
            for f in report.failures
        ],
        "assumptions": [{"code": a.code, "message": a.message} for a in report.assumptions],
        # --speculative: the verdict assumes a function nothing calls receives tensors.
        "speculative": any(a.code == "SPECULATIVE_ANALYSIS" for a in report.assumptions),
        "reason": report.reason,
        "evidence": {
            fact: [{"file": e.file, **at(e.file, e.line), "reason": e.reason} for e in items]
            for fact, items in report.evidence.items()
        },
        "suppressed": list(report.suppressed),
        # Reconfigure variants that keep the graph (analysis/retracing.py and shapes.py,
        # preconditions R1, R2, R3).
        "repairs": [
            {"transformation": "RECONFIGURE", "kind": r.kind, "precondition": r.precondition,
             "message": r.message, "renames": [list(pair) for pair in r.renames],
             "parameter": r.parameter, "dtype": r.dtype, "opt_in": r.opt_in,
             "argument": r.argument,
             "sites": [{"file": s.file, **at(s.file, s.line),
                        **({"keyword": s.keyword} if s.keyword else {"position": s.position})}
                       for s in r.sites]}
            for r in report.repairs
        ],
    }


def reach_json(reach: Reach) -> dict[str, Any]:
    """The candidate and refactorable counts (analysis/reach.py says how they are counted)."""
    share = reach.share
    return {
        "candidates": reach.candidates,
        "candidates_eager": reach.candidates_eager,
        "candidates_hybrid": reach.candidates_hybrid,
        "refactorable": reach.refactorable,
        "refactorable_share": round(share, 4) if share is not None else None,
        "proposals": reach.proposals,
        "declined": reach.declined,
        "kept_as_is": reach.kept_as_is,
    }


def to_json(result: AnalysisResult, functions: Any = None) -> dict[str, Any]:
    """The report as JSON data (`functions`: what stands for the list of function entries)."""
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "hybridize", "version": __version__},
        "root": result.root,
        "stats": {"files": result.files, "functions": len(result.functions),
                  "seconds": round(result.seconds, 3),
                  **reach_json(measure_reach(result.functions))},
        "errors": [{"file": e.file, **json_location(result, e.file, e.line), "message": e.message}
                   for e in result.errors],
        "functions": [function_json(f, result) for f in result.functions]
        if functions is None else functions,
        "unused_ignores": [{"file": u.file, **json_location(result, u.file, u.line),
                            "codes": list(u.codes) if u.codes is not None else None}
                           for u in result.unused_ignores],
    }


def render_json(result: AnalysisResult) -> str:
    # Compact: the C encoder is several times faster than the indenting one on large trees.
    return json.dumps(to_json(result)) + "\n"


# Stand-ins for what a warm run changes, `stats.seconds` and `unused_ignores` (empty without
# --warn-unused-ignores), and for the function entries, encoded one by one. JSON strings
# ("\u0000..."): no path of the report holds one before `seconds` (only the version, tool and
# root come first), and the other two are the last keys.
_SECONDS, _FUNCTIONS, _UNUSED = "\0seconds", "\0functions", "\0unused_ignores"
# ASCII bytes (json.dumps escapes the rest): the text before the seconds, the pieces between the
# seconds and the unused ignores (one per function entry), and the unused ignores.
JsonParts = tuple[bytes, list[bytes], bytes]


def json_parts(result: AnalysisResult) -> JsonParts:
    """The report cut around `stats.seconds` and the `unused_ignores` list (for report_pieces),
    each function entry encoded apart: no dictionary or text of the whole report (30 MB for
    8,651 functions) is built."""
    head, opening, unused = _frame(result)
    return head, [opening, *_entries(result)], unused


def json_stream(result: AnalysisResult) -> Iterator[bytes]:
    """render_json's text as ASCII bytes, one function entry at a time: a cold run without a
    result cache writes the report without holding it whole (70 MiB at the peak of a
    --no-cache run on 250 KLOC, for the dictionary, the text and its bytes)."""
    head, opening, unused = _frame(result)
    yield head
    yield json.dumps(round(result.seconds, 3)).encode()  # as report_pieces
    yield opening
    yield from _entries(result)
    yield unused
    yield b"}\n"


def _frame(result: AnalysisResult) -> tuple[bytes, bytes, bytes]:
    """The text before the seconds, from the seconds to the first function entry, and the
    unused ignores."""
    document = to_json(result, functions=_FUNCTIONS)
    document["stats"]["seconds"] = _SECONDS
    unused = json.dumps(document["unused_ignores"]).encode("ascii")
    document["unused_ignores"] = _UNUSED
    text = json.dumps(document)
    head, _, rest = text.partition(json.dumps(_SECONDS))
    tail = f', "functions": {json.dumps(_FUNCTIONS)}, "unused_ignores": {json.dumps(_UNUSED)}}}'
    if not rest.endswith(tail):
        raise ValueError("the JSON report no longer ends with functions and unused_ignores")
    return head.encode("ascii"), (rest[:-len(tail)] + ', "functions": [').encode("ascii"), unused


def _entries(result: AnalysisResult) -> Iterator[bytes]:
    for number, report in enumerate(result.functions):
        if number:
            yield b", "
        yield json.dumps(function_json(report, result)).encode("ascii")
    yield b'], "unused_ignores": '


def report_pieces(head: Buffer, middle: Sequence[Buffer], unused_text: Buffer, seconds: float,
                  unused: bool = True) -> list[Buffer]:
    """The report of json_parts' pieces (or of their bytes as stored), with these seconds and,
    unless `unused`, no unused ignores: bytes to write one after the other."""
    return [head, json.dumps(round(seconds, 3)).encode(), *middle,
            unused_text if unused else b"[]", b"}\n"]


def join_json(parts: JsonParts, seconds: float, unused: bool = True) -> str:
    """render_json's text, from json_parts (when `unused` and the result's seconds)."""
    return b"".join(report_pieces(*parts, seconds, unused)).decode("ascii")
