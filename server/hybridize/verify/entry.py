"""Parent side: `hybridize verify` from parsed arguments (cli.py parses them and supplies the
analysis, as it does for `fix`)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Callable

from hybridize.analysis.model import AnalysisResult, Transformation
from hybridize.refactor import fix_until_settled
from hybridize.verify.command import CommandError, child_command
from hybridize.verify.compare import REFUTED
from hybridize.verify.plan import FORCE_VARIABLE, build_plan
from hybridize.verify.run import run_verify


def verify_command(args: argparse.Namespace, command: list[str],
                   analyse: Callable[[dict[str, str]], AnalysisResult],
                   kinds: frozenset[Transformation], repairs: frozenset[str] = frozenset()
                   ) -> int:
    """0 when it ran and nothing was refuted, 1 when a proposal was refuted, 2 for bad input,
    130 when interrupted."""
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
    plan = build_plan(settled, last[0], os.environ.get(FORCE_VARIABLE))
    if not plan.proposals:
        print("hybridize: verify: no proposal to verify; nothing run", file=sys.stderr)
        for problem in plan.problems:
            print(f"hybridize: {problem}", file=sys.stderr)
        return 0
    print(f"hybridize: verify will run `{shlex.join(command)}` twice, as written and with "
          f"{len(plan.proposals)} proposals applied in memory (no file is changed)",
          file=sys.stderr, flush=True)
    try:
        report = run_verify(plan, command, child, args.timeout, sys.stderr.isatty())
    except KeyboardInterrupt:
        print("hybridize: verify: interrupted; the command was stopped", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"hybridize: verify: cannot run {command[0]}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    if args.format == "json":
        from hybridize.verify.report import render_json

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
