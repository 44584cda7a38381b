"""Parent side: one verify run: the plan to a private folder, COMMAND as written and with the
proposals (each under the runner, output to a log), then the comparison."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hybridize.verify.command import ChildCommand, RunResult, child_environment, run_child
from hybridize.verify.compare import RunSummary, compare
from hybridize.verify.plan import Plan, write_plan
from hybridize.verify.report import VerifyReport

MODES = (("original", "as written"), ("proposed", "with the proposals"))


def run_verify(plan: Plan, command: list[str], child: ChildCommand, timeout: float | None,
               show_progress: bool) -> VerifyReport:
    folder = Path(tempfile.mkdtemp(prefix="hybridize-verify-"))
    plan_path = write_plan(plan, folder)
    env = child_environment(folder)
    runs: list[RunSummary] = []
    records: list[dict[str, Any]] = []
    for mode, label in MODES:
        record_path = folder / f"{mode}.records.json"
        log = folder / f"{mode}.log"
        with _progress(show_progress, f"running {label}", log) as tick:
            result = run_child(child.argv(plan_path, mode, record_path), env, log, timeout, tick)
        data = _read_records(record_path)
        runs.append(_summary(result, data))
        records.append(data or {})
        _say(f"{label}: {_ending(result)} after {result.seconds:.1f} s")
    verdicts = compare(plan.proposals, records[0], records[1], (runs[0], runs[1]))
    return VerifyReport(plan.root, command, (runs[0], runs[1]), verdicts,
                        {f.file: f.digest for f in plan.files}, plan.problems, str(folder))


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
