"""The command line's view of a result kept by the result cache (analysis/result_cache.py): the
JSON report, cut where a warm run changes it (json_report.json_parts), and the flags --fail-on
reads. A warm `check --format json` of an unchanged tree writes it back without decoding the
result: the view is named after the code that renders reports, so another version's is unused.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

from hybridize import __version__
from hybridize.analysis.model import AnalysisResult, Transformation
from hybridize.report.json_report import JsonParts


@functools.cache
def json_view_name() -> str:
    """`json-` and a digest of the code that renders the JSON report and the flags (the
    analysis' own code is in the result cache's key)."""
    here = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode() + b"\0")
    for path in sorted([*here.glob("*.py"), here.parent / "cli.py"]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return "json-" + digest.hexdigest()[:16]


def fail_flags(result: AnalysisResult) -> dict[str, bool]:
    """What each --fail-on condition finds in `result` (cli.fail_status)."""
    from hybridize.report.github import findings

    found = list(findings(result))
    hybrid = Transformation.CONVERT_TO_HYBRID.value
    return {"hybridize": any(f.rule == hybrid for f in found),
            "warning": any(f.warning for f in found),
            "any": bool(found), "unused_ignores": bool(result.unused_ignores)}


def json_view(result: AnalysisResult, parts: JsonParts) -> list[bytes]:
    """A header line (the flags, the three parts' lengths), then the parts, as the pieces of the
    view (result_cache.Chunks)."""
    head, middle, unused = parts
    sizes = [len(head), sum(map(len, middle)), len(unused)]
    header = {"flags": fail_flags(result), "sizes": sizes}
    return [json.dumps(header).encode() + b"\n", head, *middle, unused]


def read_json_view(data: memoryview) -> tuple[dict[str, Any], list[memoryview]] | None:
    """The flags and the three parts of json_view's bytes (views of `data`, not copies); None
    when they are not such bytes."""
    start = bytes(data[:HEADER_LIMIT])
    newline = start.find(b"\n")
    try:
        header = json.loads(start[:newline])
        sizes = [int(size) for size in header["sizes"]]
        flags = dict(header["flags"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if newline < 0 or len(sizes) != 3 or newline + 1 + sum(sizes) != len(data):
        return None
    parts, at = [], newline + 1
    for size in sizes:
        parts.append(data[at:at + size])
        at += size
    return flags, parts


HEADER_LIMIT = 4096  # json_view's first line is far shorter


def text_view_name(verbose: bool, unused: bool) -> str:
    """The text report's view, per --verbose and --warn-unused-ignores (both change it)."""
    return f"text-{int(verbose)}{int(unused)}-{json_view_name().removeprefix('json-')}"


def text_view(result: AnalysisResult, body: str, flags: dict[str, bool]) -> list[bytes]:
    """A header line (the flags, the summary table but its seconds: text.summary_of), then the
    text above the table (text.body_text), UTF-8."""
    from hybridize.report.text import summary_of

    header = {"flags": flags, "summary": summary_of(result)}
    return [json.dumps(header).encode() + b"\n", body.encode("utf-8", "surrogatepass")]


def read_text_view(data: memoryview) -> tuple[dict[str, Any], dict[str, Any], str] | None:
    """The flags, summary and text of text_view's bytes; None when they are not such bytes."""
    raw = bytes(data)
    line, newline, body = raw.partition(b"\n")
    try:
        header = json.loads(line)
        flags, summary = dict(header["flags"]), dict(header["summary"])
        text = body.decode("utf-8", "surrogatepass")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if not newline or not {"functions", "files", "rows", "caption"} <= summary.keys():
        return None
    return flags, summary, text
