"""Parent side: one verify run: the plan to a private folder, COMMAND as written and with the
proposals (each under the runner, output to a log), then the comparison.

When the command fails only with the proposals and no test or call says which proposal made it
fail, a bisection reruns it with halves of the proposals (at most MAX_BISECT_RUNS more runs) to
find the one, or the few together, that make it fail.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hybridize.verify.command import ChildCommand, RunResult, child_environment, run_child
from hybridize.verify.compare import (
    RunSummary,
    command_failed_only_with_proposals,
    compare,
    failed_only_with_proposals,
)
from hybridize.verify.plan import Plan, Proposal, write_plan
from hybridize.verify.report import VerifyReport

MAX_BISECT_RUNS = 8


@dataclass
class Runner:
    child: ChildCommand
    folder: Path
    env: dict[str, str]
    timeout: float | None
    show_progress: bool
    runs: int = 0
    parts: dict[frozenset[str], tuple[Plan, RunSummary, dict[str, Any]]] = field(
        default_factory=dict)  # the runs with part of the proposals, by their ids

    def run(self, plan: Plan, mode: str, label: str) -> tuple[RunSummary, dict[str, Any]]:
        self.runs += 1
        name = f"{self.runs}-{mode}"
        plan_path = write_plan(plan, self.folder, f"{name}.plan.json")
        record_path = self.folder / f"{name}.records.json"
        log = self.folder / f"{name}.log"
        with _progress(self.show_progress, f"running {label}", log) as tick:
            result = run_child(self.child.argv(plan_path, mode, record_path), self.env, log,
                               self.timeout, tick)
        data = _read_records(record_path)
        _say(f"{label}: {_ending(result)} after {result.seconds:.1f} s")
        return _summary(result, data), data or {}

    def run_part(self, part: list[Proposal], plan_for: Callable[[list[Proposal]], Plan],
                 label: str) -> tuple[Plan, RunSummary, dict[str, Any]]:
        """A run with only `part` of the proposals applied (once per part)."""
        key = frozenset(p.pid for p in part)
        if key not in self.parts:
            plan = plan_for(part)
            self.parts[key] = (plan, *self.run(plan, "proposed", label))
        return self.parts[key]


def run_verify(plan: Plan, command: list[str], child: ChildCommand, timeout: float | None,
               show_progress: bool, plan_for: Callable[[list[Proposal]], Plan] | None = None,
               observe: Path | bool = False) -> VerifyReport:
    """`plan_for(proposals)`: the plan with only those proposals applied (for the bisection);
    `observe`: also a run as written that notes argument kinds (observe.py), written to that
    path (True: to the run folder)."""
    folder = Path(tempfile.mkdtemp(prefix="hybridize-verify-"))
    runner = Runner(child, folder, child_environment(folder), timeout, show_progress)
    before, original = runner.run(plan, "original", "as written")
    after, proposed = runner.run(plan, "proposed", "with the proposals")
    runs = (before, after)
    verdicts = compare(plan.proposals, original, proposed, runs)
    notes = list(plan.problems)
    extra: RunSummary | None = None
    if (plan_for is not None and len(plan.proposals) > 1
            and command_failed_only_with_proposals(runs)
            and not failed_only_with_proposals(before, after)):
        # The proposals whose own calls differed explain the failure; else bisection looks.
        blamed = [v.proposal for v in verdicts if v.difference is not None]
        how = "and a call of it differed"
        if not blamed:
            blamed = _bisect(plan.proposals, plan_for, runner, before)
            names = ", ".join(p.qualname for p in blamed)
            how = ("with this proposal alone it fails too (bisection)" if len(blamed) == 1
                   else f"it fails with {names} applied together, not with either half "
                   "(bisection)")
            if blamed:
                notes.append(f"bisection: the command fails with {names} applied")
        if blamed:
            verdicts = compare(plan.proposals, original, proposed, runs,
                               {p.pid: how for p in blamed})
            extra = _without(plan, blamed, plan_for, runner, before, original, verdicts, notes)
        else:
            notes.append("bisection: inconclusive (the command did not fail the same way "
                         "with part of the proposals); every exercised proposal is refuted")
    report = VerifyReport(plan.root, command, runs, verdicts,
                          {f.file: f.digest for f in plan.files}, notes, str(folder))
    report.without_refuted = extra
    if observe:
        observed = observe if isinstance(observe, Path) else folder / "observed.json"
        digests = _digests(plan.workspace)  # the files as they are when observed
        run, data = runner.run(plan, "observe", "as written, observing argument types")
        functions = data.get("observed", [])
        seen = {f.get("file") for f in functions if isinstance(f, dict)}
        observed.write_text(json.dumps({"version": 1, "root": plan.root, "command": command,
                                        "exit_status": run.exit_status,
                                        "digests": {rel: digest for rel, digest in
                                                    sorted(digests.items()) if rel in seen},
                                        "functions": functions}, indent=1) + "\n",
                            encoding="utf-8")
        report.observed = str(observed)
        notes.append(f"observed argument kinds of {len(functions)} functions: {observed}")
    return report


def _without(plan: Plan, blamed: list[Proposal], plan_for: Callable[[list[Proposal]], Plan],
             runner: Runner, before: RunSummary, original: dict[str, Any], verdicts: list[Any],
             notes: list[str]) -> RunSummary | None:
    """Once bisection found the proposals that make the command fail, one more run with all the
    others: when it does not fail, they are judged on it (verdicts replaced in place)."""
    pids = {p.pid for p in blamed}
    rest = [p for p in plan.proposals if p.pid not in pids]
    if not rest:
        return None
    part, after, proposed = runner.run_part(rest, plan_for, "with the other proposals")
    if command_failed_only_with_proposals((before, after)) is not None:
        notes.append("the command fails with the other proposals too; they are judged on the "
                     "run with all proposals")
        return after
    wanted = {p.pid for p in rest}
    judged = {v.proposal.pid: v for v in compare([p for p in part.proposals if p.pid in wanted],
                                                 original, proposed, (before, after))}
    verdicts[:] = [judged.get(v.proposal.pid, v) for v in verdicts]
    notes.append(f"the other {len(judged)} proposals are judged on a run without the refuted "
                 f"ones ({after.seconds:.2f} s, exit status {after.exit_status})")
    return after


def _bisect(proposals: list[Proposal], plan_for: Callable[[list[Proposal]], Plan],
            runner: Runner, before: RunSummary) -> list[Proposal]:
    """The smallest half (recursively) of `proposals` with which the command still fails; []
    when the budget ran out first or a part behaved differently."""
    budget = MAX_BISECT_RUNS

    def fails(part: list[Proposal]) -> bool | None:
        nonlocal budget
        if budget == 0:
            return None
        budget -= 1
        names = ", ".join(p.qualname for p in part)
        _, after, _ = runner.run_part(part, plan_for, f"with {names[:60]} only")
        return command_failed_only_with_proposals((before, after)) is not None

    candidates = list(proposals)
    while len(candidates) > 1:
        half, rest = candidates[:len(candidates) // 2], candidates[len(candidates) // 2:]
        verdict = fails(half)
        if verdict is None:
            return []
        if verdict:
            candidates = half
            continue
        verdict = fails(rest)
        if verdict is None:
            return []
        if not verdict:
            break  # neither half alone: the failure needs proposals from both
        candidates = rest
    return candidates


def _digests(workspace: dict[str, str]) -> dict[str, str]:
    """The SHA-256 of each workspace file's bytes (absolute path -> relative path given)."""
    out = {}
    for path, rel in sorted(workspace.items()):
        try:
            out[rel] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            continue  # gone: its observations cannot count
    return out


def _read_records(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _summary(result: RunResult, data: dict[str, Any] | None) -> RunSummary:
    tests = dict(data.get("tests", {})) if data else {}
    return RunSummary(result.exit_status, result.seconds, result.timed_out, str(result.log),
                      tests, data is not None)


def _ending(result: RunResult) -> str:
    if result.timed_out:
        return "timed out"
    return f"exit status {result.exit_status}"


def _say(text: str) -> None:
    print(f"hybridize: {text}", file=sys.stderr, flush=True)


@contextmanager
def _progress(enabled: bool, description: str, log: Path
              ) -> Iterator[Callable[[float], None] | None]:
    """A spinner with the elapsed time and the run's last line of output (stderr, a terminal
    only); elsewhere a line when the run starts."""
    if not enabled:
        _say(f"{description}...")
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn(description), TimeElapsedColumn(),
                        TextColumn("{task.description}", style="dim"),
                        console=Console(stderr=True), transient=True)
    task = progress.add_task("", total=None)

    def tick(elapsed: float) -> None:
        progress.update(task, description=_last_line(log)[:60])

    with progress:
        yield tick


def _last_line(log: Path) -> str:
    try:
        with open(log, "rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            handle.seek(max(0, size - 400))
            lines = handle.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return ""
    return lines[-1].strip() if lines else ""
