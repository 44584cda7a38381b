"""Parent side: `hybridize verify` from parsed arguments (cli.py parses them and supplies the
analysis, as it does for `fix`)."""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from hybridize.analysis.model import AnalysisResult, Transformation
from hybridize.refactor import fix_until_settled
from hybridize.verify.command import CommandError, child_command
from hybridize.verify.compare import REFUTED
from hybridize.verify.plan import FORCE_VARIABLE, Plan, Proposal, build_plan
from hybridize.verify.run import run_verify
from hybridize.verify.verified import Verified


def verify_command(args: argparse.Namespace, command: list[str],
                   analyse: Callable[[dict[str, str]], AnalysisResult],
                   kinds: frozenset[Transformation], repairs: frozenset[str] = frozenset()
                   ) -> int:
    """0 when it ran and nothing was refuted, 1 when a proposal was refuted, 2 for bad input,
    130 when interrupted."""
    # An interrupt (Ctrl-C, the editor's Cancel: the server sends SIGINT) must reach this
    # process even when it was started with SIGINT ignored, as a background job of a
    # non-interactive shell is (`nohup ... &`), or Python never turns it into KeyboardInterrupt:
    # then nothing stops the user's command, which runs in its own session (measured: the
    # server's cancel and shutdown tests left `slow.py` running under `trap "" INT`).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        child = child_command(command)
    except CommandError as exc:
        print(f"hybridize: verify: {exc}", file=sys.stderr)
        return 2
    last: list[AnalysisResult] = []

    def analyse_and_keep(overrides: dict[str, str]) -> AnalysisResult:
        last[:] = [analyse(overrides)]
        return last[0]

    settled = fix_until_settled(analyse_and_keep, kinds, repairs=repairs)
    force = os.environ.get(FORCE_VARIABLE)
    plan = build_plan(settled, last[0], force)

    def plan_for(proposals: list[Proposal]) -> Plan:
        """The plan with only `proposals` applied: fix's rounds with the others taken out."""
        only = Verified(frozenset((p.file, p.qualname, p.transformation) for p in proposals), ())
        part = fix_until_settled(lambda overrides: only.keep(analyse_and_keep(overrides)), kinds,
                                 repairs=repairs)
        forced = ",".join(f"{p.file[:-3].replace('/', '.')}:{p.qualname}"
                          for p in proposals if p.forced)
        return build_plan(part, last[0], forced or None)

    if not plan.proposals:
        print("hybridize: verify: no proposal to verify; nothing run", file=sys.stderr)
        for problem in plan.problems:
            print(f"hybridize: {problem}", file=sys.stderr)
        return 0
    count = len(plan.proposals)
    print(f"hybridize: verify will run `{shlex.join(command)}` twice, as written and with "
          f"{count} proposal{'' if count == 1 else 's'} applied in memory (no file is changed; "
          "more runs if it fails only with them, to find which)",
          file=sys.stderr, flush=True)
    try:
        observed: Path | bool = False
        if args.observe_types:
            # Next to the report (report.json -> report.observed.json), else in the run folder.
            observed = args.output.with_suffix(".observed.json") if args.output else True
        report = run_verify(plan, command, child, args.timeout, sys.stderr.isatty(), plan_for,
                            observed)
    except KeyboardInterrupt:
        print("hybridize: verify: interrupted; the command was stopped", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"hybridize: verify: cannot run {command[0]}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    from hybridize.verify.report import render_json

    _store_latest(args, report.root, render_json(report))
    if report.observed and not args.no_cache:
        _store_observed(args, report.root, Path(report.observed))
    if args.format == "json":
        text = render_json(report)
        if args.output:
            args.output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    else:
        from hybridize.verify.report import render_text

        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                render_text(report, handle, color=False)
        else:
            render_text(report, sys.stdout)
    return int(any(v.status == REFUTED for v in report.verdicts))


def _store_latest(args: argparse.Namespace, root: str, text: str) -> None:
    """The JSON report, also as the latest of this root in the cache folder (verify/latest.py:
    what the language server shows), unless --no-cache."""
    if args.no_cache:
        return
    from hybridize.analysis import default_cache_dir
    from hybridize.verify.latest import store_latest

    try:
        store_latest(args.cache_dir or default_cache_dir(), root, text)
    except OSError as exc:
        print(f"hybridize: verify: could not keep the report in the cache: "
              f"{exc.strerror or exc}", file=sys.stderr)


def _store_observed(args: argparse.Namespace, root: str, path: Path) -> None:
    """The observed types, also in the cache folder, where check, fix and the language server
    read them as evidence (analysis/observed.py), unless --no-cache."""
    import json

    from hybridize.analysis import default_cache_dir
    from hybridize.analysis.observed import store_observations

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stored = store_observations(args.cache_dir or default_cache_dir(), root,
                                    data["command"], data["exit_status"], data["functions"],
                                    data["digests"])
    except (OSError, ValueError, KeyError) as exc:
        print(f"hybridize: verify: could not keep the observed types in the cache: {exc}",
              file=sys.stderr)
        return
    print(f"hybridize: observed types kept in {stored}: check, fix and the language server use "
          "them as evidence (--no-observed to ignore them)", file=sys.stderr)
