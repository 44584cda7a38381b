"""Parent side: the plan a verify run hands its child processes (JSON): for each file, the text
`hybridize fix` would write (computed by refactor's `fix_until_settled`, never written), the map
from its lines back to the original lines, and the proposed functions to probe.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hybridize.analysis.model import AnalysisResult, FunctionReport, Transformation
from hybridize.analysis.workspace import decode_source
from hybridize.refactor import FileChange, Settled, plan_changes, split_lines
from hybridize.verify.hook import _definitions

# Test-only: `module:function[,module:function...]` forces CONVERT_TO_HYBRID on functions the
# engine declines, so that tests can show verify refuting an unsafe conversion. Read by verify
# only; `check`, `fix` and the server never see it.
FORCE_VARIABLE = "HYBRIDIZE_VERIFY_FORCE"


@dataclass
class Proposal:
    pid: str  # "file::qualname"
    file: str  # relative to the root, '/' separators: the file of the function
    qualname: str
    line: int  # the `def` line in the file as it is on disk
    transformation: str
    forced: bool = False  # through FORCE_VARIABLE (tests only)


@dataclass
class PlanFile:
    path: str  # absolute
    file: str
    digest: str  # sha256 of the bytes on disk
    before: str
    after: str
    functions: dict[str, str] = field(default_factory=dict)  # qualname -> proposal id

    def line_map(self) -> list[int]:
        """For each line of `after`, the line of `before` it comes from; an inserted line (a
        decorator, an import) takes the line of the original text that follows it."""
        old, new = split_lines(self.before), split_lines(self.after)
        mapped = [0] * len(new)
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new,
                                                           autojunk=False).get_opcodes():
            for j in range(j1, j2):
                if tag == "equal":
                    mapped[j] = i1 + (j - j1) + 1
                elif i2 > i1:
                    mapped[j] = min(i1 + (j - j1), i2 - 1) + 1
                else:
                    mapped[j] = min(i1 + 1, max(len(old), 1))
        return mapped

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "file": self.file, "digest": self.digest, "after": self.after,
                "line_map": self.line_map(), "functions": self.functions}


@dataclass
class Plan:
    root: str
    files: list[PlanFile]
    proposals: list[Proposal]
    problems: list[str]  # proposals that cannot be verified, and why
    workspace: dict[str, str] = field(default_factory=dict)  # every analysed .py: abs -> rel

    def to_json(self) -> dict[str, Any]:
        return {"root": self.root, "files": [f.to_json() for f in self.files],
                "proposals": [dataclasses.asdict(p) for p in self.proposals],
                "workspace": self.workspace}


def build_plan(settled: Settled, result: AnalysisResult, force: str | None = None) -> Plan:
    """The plan for `settled` (the changes of `fix_until_settled`, whose last round produced
    `result`), with the functions named by `force` converted too."""
    problems: list[str] = []
    changes = {c.file: c for c in settled.changes if not c.error and c.file.endswith(".py")}
    for change in settled.changes:
        if change.error:
            problems.append(f"{change.file}: not verified: {change.error}")
        elif not change.file.endswith(".py"):
            # A notebook's cells are not imported: nothing could load the proposed text.
            problems.append(f"{change.file}: not verified: only .py modules are run")
    forced_keys: set[tuple[str, str]] = set()
    if force:
        forced, forced_keys = _forced_changes(force, result, changes, problems)
        changes.update({change.file: change for change in forced})
    root = Path(result.root)
    files: dict[str, PlanFile] = {}
    for change in changes.values():
        files[change.file] = PlanFile(str(change.path), change.file, change.digest, change.before,
                                      change.after)
    proposals = []
    # Transformations, then the repairs that keep a graph (their kind as the change: R1-R3):
    # one proposal per function, a transformation first.
    reports = [(r, r.transformation.value if r.transformation else "")
               for change in changes.values() for r in change.functions]
    reports += [(r, repair.kind) for change in changes.values() for r, repair in change.repaired]
    for report, transformation in sorted(reports, key=lambda item: (
            item[0].file, item[0].line, item[0].qualname, item[0].transformation is None)):
        plan_file = files.get(report.file) or _unchanged(root, report.file, problems)
        if plan_file is None:
            continue
        files[report.file] = plan_file
        line = _original_line(plan_file.before, report)
        if line is None:
            problems.append(f"{report.file}: {report.qualname}: not found; not verified")
            continue
        pid = f"{report.file}::{report.qualname}"
        if report.qualname in plan_file.functions:
            continue  # two rounds' edits of one function (a decorator, then its signature)
        plan_file.functions[report.qualname] = pid
        proposals.append(Proposal(pid, report.file, report.qualname, line, transformation,
                                  (report.file, report.qualname) in forced_keys))
    workspace = {str(root / rel): rel for rel in result.digests if rel.endswith(".py")}
    return Plan(str(root), sorted(files.values(), key=lambda f: f.file), proposals, problems,
                workspace)


def _unchanged(root: Path, rel: str, problems: list[str]) -> PlanFile | None:
    """A file that holds a proposed function but whose text does not change (a wrapper
    `g = tf.function(f)` in another file is the one edited): probed, run as it is."""
    path = root / rel
    try:
        data = path.read_bytes()
        text = decode_source(data)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError) as exc:
        problems.append(f"{rel}: cannot read: {exc}; not verified")
        return None
    return PlanFile(str(path), rel, hashlib.sha256(data).hexdigest(), text, text)


def _original_line(before: str, report: FunctionReport) -> int | None:
    try:
        tree = ast.parse(before)
    except SyntaxError:
        return None
    for node, qualname in _definitions(tree):
        if qualname == report.qualname:
            return node.lineno
    return None


def _forced_changes(force: str, result: AnalysisResult, pending: dict[str, FileChange],
                    problems: list[str]) -> tuple[list[FileChange], set[tuple[str, str]]]:
    """The edits that convert each forced function, on top of the pending changes (each change
    lists the functions of the pending one too), and the forced functions."""
    changes: list[FileChange] = []
    keys: set[tuple[str, str]] = set()
    for entry in force.split(","):
        module, _, qualname = entry.strip().partition(":")
        rel = module.replace(".", "/") + ".py"
        found = [r for r in result.functions if r.file == rel and r.qualname == qualname]
        if not found or found[0].hybrid:
            problems.append(f"{FORCE_VARIABLE}: {entry}: no eager function of that name")
            continue
        forced = dataclasses.replace(found[0], transformation=Transformation.CONVERT_TO_HYBRID)
        one = dataclasses.replace(result, functions=[forced])
        basis = {**pending, **{c.file: c for c in changes}}
        for change in plan_changes(one, frozenset({Transformation.CONVERT_TO_HYBRID}), basis):
            if change.error:
                problems.append(f"{FORCE_VARIABLE}: {entry}: {change.error}")
                continue
            earlier = basis.get(change.file)
            if earlier is not None:
                change.functions = earlier.functions + change.functions
            changes = [c for c in changes if c.file != change.file] + [change]
            keys.add((forced.file, forced.qualname))
    return changes, keys


def write_plan(plan: Plan, folder: Path, name: str = "plan.json") -> Path:
    import json

    path = folder / name
    path.write_text(json.dumps(plan.to_json()), encoding="utf-8")
    os.chmod(path, 0o600)
    return path
