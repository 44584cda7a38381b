"""The command line: `hybridize check` and `hybridize fix`."""

from __future__ import annotations

import argparse
import difflib
import gc
import logging
import os
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hybridize import __version__

# The engine is imported when a run needs it: a warm `check` of an unchanged tree reads the
# kept result (analysis/result_cache.py) and renders it without it.
from hybridize.analysis.cache_file import default_cache_dir
from hybridize.analysis.model import AnalysisResult, Transformation
from hybridize.analysis.settings import Settings

if TYPE_CHECKING:
    from hybridize.analysis.result_cache import Lookup
    from hybridize.analysis.workspace import Analyzer
    from hybridize.report.json_report import JsonParts

PROGRESS_MIN_FILES = 200
FAIL_ON = ("hybridize", "warning", "any")


def _common(parser: argparse.ArgumentParser, paths: str = "+") -> None:
    parser.add_argument("paths", nargs=paths, type=Path, metavar="PATH",
                        default=[Path(".")] if paths == "*" else None,
                        help="files or folders (searched recursively for *.py and *.ipynb)")
    parser.add_argument("--speculative", action="store_true",
                        help="take functions nothing calls as receiving tensors when their "
                        "body uses every parameter as one (reported as an assumption)")
    parser.add_argument("--infer-signatures", action="store_true",
                        help="propose input_signature where every call agrees (P4)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="skip files or folders matching GLOB (repeatable)")
    parser.add_argument("--cache-dir", type=Path, default=None,
                        help=f"summary cache (default: {default_cache_dir()})")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--no-observed", action="store_true",
                        help="ignore the types `verify --observe-types` observed (kept in the "
                        "cache folder)")
    parser.add_argument("--no-config", action="store_true",
                        help="ignore hybridize.toml and [tool.hybridize] in pyproject.toml")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hybridize",
        description="Find TensorFlow functions that are safe and faster as graphs "
        "(@tf.function), and the @tf.functions that hurt.")
    parser.add_argument("--version", action="version", version=f"hybridize {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="report a verdict for every function")
    _common(check)
    check.add_argument("--format", choices=("text", "json", "sarif", "github"), default="text",
                       help="github: workflow annotations for GitHub Actions")
    check.add_argument("--fail-on", choices=FAIL_ON,
                       help="exit 1 when a function can be hybridized (hybridize), a tf.function "
                       "misbehaves (warning), or anything is reported (any)")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 whatever was found, even with --fail-on")
    check.add_argument("--output", type=Path, help="write the report to this file")
    check.add_argument("--verbose", "-v", action="store_true",
                       help="give the reason for every function, kept ones included")
    check.add_argument("--warn-unused-ignores", action="store_true",
                       help="report `# hybridize: ignore` comments that suppress nothing")
    check.add_argument("--baseline", type=Path, metavar="FILE",
                       help="hide the findings recorded in FILE (written by --write-baseline)")
    check.add_argument("--write-baseline", type=Path, metavar="FILE",
                       help="record today's findings in FILE and report nothing")
    fix = sub.add_parser("fix", help="apply the safe transformations")
    _common(fix)
    fix.add_argument("--diff", action="store_true", help="print a unified diff of the changes")
    fix.add_argument("--dry-run", action="store_true", help="change no file")
    fix.add_argument("--repair-retracing", action="store_true",
                     help="keep the graph of a function that retraces on Python numbers: pass "
                     "them as tensors at every call site (edits the callers) instead of "
                     "removing @tf.function")
    fix.add_argument("--verified", type=Path, metavar="REPORT",
                     help="apply only the proposals that REPORT (hybridize verify --format json) "
                     "confirmed, in files unchanged since")
    verify = sub.add_parser("verify", usage="hybridize verify [PATH ...] [options] -- COMMAND ...",
                            help="run COMMAND (python ... or pytest ...) as written and with the "
                            "proposals applied in memory, and compare (runs your code)")
    _common(verify, paths="*")
    verify.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS",
                        help="stop each run after this long (default 600)")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.add_argument("--output", type=Path, help="write the report to this file")
    verify.add_argument("--repair-retracing", action="store_true",
                        help="also apply the repairs fix --repair-retracing makes (tensors "
                        "passed at call sites), and count their traces")
    verify.add_argument("--observe-types", action="store_true",
                        help="one more run as written that records what each function of the "
                        "workspace is called with (next to --output, as .observed.json)")
    serve = sub.add_parser("serve", help="run the language server (stdio by default)")
    serve.add_argument("--tcp", metavar="HOST:PORT", help="listen on TCP instead of stdio")
    serve.add_argument("--log-level", default="WARNING",
                       choices=("DEBUG", "INFO", "WARNING", "ERROR"), help="stderr log level")
    return parser


def _progress_bar(enabled: bool):  # type: ignore[no-untyped-def]
    if not enabled:
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.description}"), console=Console(stderr=True),
                        transient=True)
    task = progress.add_task("", total=None)

    def update(done: int, total: int, name: str) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        if not progress.live.is_started:
            progress.start()
        progress.update(task, completed=done, total=total, description=name[-50:])
        if done >= total:
            progress.stop()

    return progress, update


# The repairs `fix` makes without being asked: renaming deprecated tf.function arguments (R1)
# and reduce_retracing for shapes that vary (R3) keep the behaviour; the input_signature of R3
# (with --infer-signatures) restricts callers; wrapping arguments in tensors edits them (R2).
DEFAULT_REPAIRS = frozenset({"RENAME_DEPRECATED_ARGUMENTS", "REDUCE_RETRACING"})


def engine_settings(args: argparse.Namespace) -> Settings:
    # Observed types are read from the cache folder, unless --no-observed or --no-cache.
    observed = None if args.no_observed or args.no_cache else \
        (args.cache_dir or default_cache_dir())
    return Settings(speculative=args.speculative, infer_signatures=args.infer_signatures,
                    observed_from=observed)


def prepare(args: argparse.Namespace) -> None:
    """Checks the paths and sets the process up for an analysis (once is enough)."""
    missing = [str(p) for p in args.paths if not p.exists() and not p.is_symlink()]
    if missing:
        print(f"hybridize: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        raise SystemExit(2)
    # A short-lived process: the cyclic GC would only scan the analysis' long-lived objects
    # (a full collection of a 100 KLOC workspace takes about half a second).
    gc.disable()
    # The engine logs what it could not use (an ignored cache snapshot, and why) on stderr;
    # `-v` shows the routine ones too.
    logging.basicConfig(stream=sys.stderr, format="hybridize: %(message)s",
                        level=logging.INFO if getattr(args, "verbose", False) else logging.WARNING)


def cache_folder(args: argparse.Namespace) -> Path | None:
    return None if args.no_cache else (args.cache_dir or default_cache_dir())


# The most files an analysis of edited texts updates incrementally (run_analysis).
INCREMENTAL_FILES = 8


def run_analysis(args: argparse.Namespace, overrides: dict[str, str] | None = None,
                 analyzer: Analyzer | None = None, found: Lookup | None = None,
                 views: object = None) -> AnalysisResult:
    """One analysis of `args.paths` (`overrides`: texts in memory by absolute path); with
    `analyzer`, an incremental run of that in-memory analyzer instead of the disk cache's.
    `found` and `views`: see workspace.analyze."""
    prepare(args)
    progress, update = _progress_bar(sys.stderr.isatty())
    # An update of many files at once (fix's later rounds) runs from scratch: the incremental
    # run is made for an edit of a few, and with 63 files changed in tf-models-official it ran
    # for more than 15 minutes where a run from scratch takes 45 s (session 35).
    many = overrides is not None and len(overrides) > INCREMENTAL_FILES
    try:
        if analyzer is not None:
            if many:
                analyzer.reset()
            result = analyzer.run(overrides, progress=update)
        else:
            from hybridize.analysis.workspace import analyze

            result = analyze(args.paths, engine_settings(args),
                             cache_dir=None if many else cache_folder(args),
                             exclude=args.exclude, overrides=overrides, progress=update,
                             found=found, views=views)  # type: ignore[arg-type]
    finally:
        if progress is not None and progress.live.is_started:
            progress.stop()
    # fix --verified: the proposals a verify run did not confirm are taken out.
    verified = getattr(args, "only_verified", None)
    return result if verified is None else verified.keep(result)


def output_problem(output: Path | None) -> str | None:
    """Why the report could not be written to `output` (checked before a long analysis)."""
    if output is None:
        return None
    folder = output.parent
    if not folder.is_dir():
        return f"no such folder: {folder}" if not folder.exists() else f"not a folder: {folder}"
    if output.is_dir():
        return f"is a folder: {output}"
    return None


def check(args: argparse.Namespace) -> int:
    problem = output_problem(args.output)
    if problem is not None:
        print(f"hybridize: cannot write --output: {problem}", file=sys.stderr)
        return 2
    from hybridize import baseline as baselines
    from hybridize.report import baseline_report

    problem = output_problem(args.write_baseline)
    if problem is not None:
        problem = f"cannot write --write-baseline: {problem}"
    entries = None
    try:
        if args.baseline is not None and args.write_baseline is None:
            entries = baselines.read_baseline(args.baseline)  # before a long analysis
    except baselines.BaselineError as exc:
        problem = f"cannot use --baseline: {exc}"
    if problem is not None:
        print(f"hybridize: {problem}", file=sys.stderr)
        return 2
    found = None
    if args.format in ("json", "text") and entries is None and args.write_baseline is None:
        found = warm_lookup(args)
        done = warm_json(args, found) if args.format == "json" else warm_text(args, found)
        if done is not None:
            return done
    views, kept = report_views(args) if found is not None else (None, {})
    result = run_analysis(args, found=found, views=views)
    json_parts = kept.get(id(result)) if args.format == "json" else None
    body = kept.get(id(result)) if args.format == "text" else None
    if not args.warn_unused_ignores:
        result.unused_ignores = []
    if args.write_baseline is not None:
        count = baselines.write_baseline(result, args.write_baseline)
        print(f"hybridize: wrote {count} findings to {args.write_baseline}", file=sys.stderr)
        return 0
    outcome = None
    if entries is not None:
        result, outcome = baselines.apply_baseline(result, args.baseline, entries)
    if args.format == "text":
        from hybridize.report.text import render_text, summary_of

        extra = "" if outcome is None else "".join(
            line + "\n" for line in baseline_report.text_lines(outcome, args.baseline))
        if body is not None and outcome is None:  # rendered once for the cache and for here
            write_text(args, body, summary_of(result), result.seconds)
        elif args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                render_text(result, handle, color=False, verbose=args.verbose)
                handle.write(extra)
        else:
            render_text(result, sys.stdout, verbose=args.verbose)
            sys.stdout.write(extra)
        return fail_status(args, result)
    if args.format == "json":
        from hybridize.report.json_report import json_stream, report_pieces

        if outcome is not None:
            text = baseline_report.render_json_with(result, outcome, args.baseline)
        elif json_parts is not None:  # rendered once for the result cache and for here
            write_pieces(args, report_pieces(*json_parts, result.seconds,
                                             args.warn_unused_ignores))
            return fail_status(args, result)
        else:  # encoded and written one function at a time (no text of the whole report)
            write_pieces(args, json_stream(result))
            return fail_status(args, result)
    elif args.format == "github":
        from hybridize.report.github import render_github

        text = render_github(result) + ("" if outcome is None else "".join(
            line + "\n" for line in baseline_report.github_lines(outcome, args.baseline)))
    else:
        from hybridize.report.sarif import render_sarif

        text = render_sarif(result)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return fail_status(args, result)


def warm_lookup(args: argparse.Namespace) -> Lookup | None:
    """The result cache's answer for this run (no engine imported); None without a cache."""
    cache_dir = cache_folder(args)
    if cache_dir is None:
        return None
    prepare(args)
    from hybridize.analysis.result_cache import lookup

    return lookup(args.paths, engine_settings(args), cache_dir, args.exclude)


def warm_json(args: argparse.Namespace, found: Lookup | None) -> int | None:
    """Writes the kept JSON report of an unchanged tree and returns the exit status; None when
    there is none to write (report/stored.py)."""
    if found is None or found.stored is None:
        return None
    from hybridize.report.json_report import report_pieces
    from hybridize.report.stored import json_view_name, read_json_view

    data = found.stored.view(json_view_name())
    view = None if data is None else read_json_view(data)
    if view is None:
        return None
    flags, (head, middle, unused) = view
    write_pieces(args, report_pieces(head, [middle], unused, time.perf_counter() - found.started,
                                     args.warn_unused_ignores))
    return flags_status(args, flags)


def warm_text(args: argparse.Namespace, found: Lookup | None) -> int | None:
    """Writes the kept text report of an unchanged tree where it is plain text (a file or a
    pipe) and returns the exit status; None when there is none to write (report/stored.py)."""
    if found is None or found.stored is None:
        return None
    from hybridize.report.stored import read_text_view, text_view_name
    from hybridize.report.text import plain

    if args.output is None and not plain(sys.stdout):
        return None  # a terminal: colours and its width
    data = found.stored.view(text_view_name(args.verbose, args.warn_unused_ignores))
    view = None if data is None else read_text_view(data)
    if view is None:
        return None
    flags, summary, body = view
    write_text(args, body, summary, time.perf_counter() - found.started)
    return flags_status(args, flags)


def write_text(args: argparse.Namespace, body: str, summary: dict, seconds: float) -> None:
    from hybridize.report.text import print_summary

    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(body)
            print_summary(summary, seconds, handle, color=False)
    else:
        sys.stdout.write(body)
        print_summary(summary, seconds, sys.stdout)


def flags_status(args: argparse.Namespace, flags: dict) -> int:
    """fail_status from the kept flags (report/stored.fail_flags)."""
    if args.exit_zero or args.fail_on is None:
        return 0
    if args.fail_on == "any" and args.warn_unused_ignores and flags.get("unused_ignores"):
        return 1
    return int(bool(flags.get(args.fail_on)))


def write_pieces(args: argparse.Namespace, pieces: Iterable[bytes | memoryview]) -> None:
    """Writes the report's ASCII bytes to --output or stdout, piece by piece (not joined)."""
    if args.output:
        with open(args.output, "wb") as handle:
            handle.writelines(pieces)
    elif hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.writelines(pieces)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write("".join(bytes(piece).decode("ascii") for piece in pieces))


def report_views(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The `views` callback of workspace.analyze that keeps this run's report in the result
    cache (the JSON report, or the text report where it is plain text), and what it rendered by
    id of the result (so that it is rendered once): (None, {}) for other reports."""
    from hybridize.report import stored

    kept: dict[int, JsonParts | str] = {}
    if args.format == "json":
        from hybridize.report.json_report import json_parts

        def views(result: AnalysisResult) -> dict[str, list[bytes]]:
            parts = kept[id(result)] = json_parts(result)
            return {stored.json_view_name(): stored.json_view(result, parts)}

        return views, kept
    from hybridize.report.text import body_text, plain

    if args.format != "text" or (args.output is None and not plain(sys.stdout)):
        return None, kept

    def text_views(result: AnalysisResult) -> dict[str, list[bytes]]:
        flagged = stored.fail_flags(result)
        unused = result.unused_ignores
        if not args.warn_unused_ignores:
            result.unused_ignores = []
        try:
            body = kept[id(result)] = body_text(result, args.verbose)
            view = stored.text_view(result, body, flagged)
        finally:
            result.unused_ignores = unused
        return {stored.text_view_name(args.verbose, args.warn_unused_ignores): view}

    return text_views, kept


def fail_status(args: argparse.Namespace, result: AnalysisResult) -> int:
    """1 when the --fail-on condition holds (CHECK-JSON: 0 whenever the analysis ran otherwise)."""
    if args.exit_zero or args.fail_on is None:
        return 0
    from hybridize.report.github import findings

    hybrid = Transformation.CONVERT_TO_HYBRID.value
    if args.fail_on == "any" and result.unused_ignores:
        return 1
    return int(any(args.fail_on == "any" or (found.warning if args.fail_on == "warning"
                                              else found.rule == hybrid)
                   for found in findings(result)))


def fix(args: argparse.Namespace) -> int:
    from hybridize.refactor import fix_until_settled, split_lines, write_changes

    if args.verified is not None:
        from hybridize.verify.verified import VerifiedError, load_verified

        try:
            args.only_verified = load_verified(args.verified)
        except VerifiedError as exc:
            print(f"hybridize: --verified: {exc}", file=sys.stderr)
            return 2
        from hybridize.analysis.discovery import root_of

        made_for = Path(args.only_verified.root).resolve()
        asked = root_of([Path(os.path.abspath(p)) for p in args.paths]).resolve()
        if made_for != asked:
            # Its files are named relative to its root: under another root the same names may
            # be other files (a byte-identical copy: an audit of session 20).
            print(f"hybridize: --verified: the report is about {made_for}, not {asked}; run "
                  "fix on the paths verify was given", file=sys.stderr)
            return 2
        for stale in args.only_verified.stale:
            print(f"hybridize: {stale}: changed since it was verified; its proposals are not "
                  "applied", file=sys.stderr)

    kinds = frozenset({Transformation.CONVERT_TO_HYBRID, Transformation.CONVERT_TO_EAGER})
    if args.infer_signatures:
        kinds |= {Transformation.RECONFIGURE}
    # Later rounds analyse the edited texts in memory, incrementally: from the disk cache's
    # snapshot, or without it from the previous round's, kept in memory by an Analyzer.
    from hybridize.analysis.workspace import Analyzer

    analyzer = Analyzer(args.paths, engine_settings(args), args.exclude) if args.no_cache \
        else None
    # Renaming deprecated tf.function arguments keeps the behaviour (R1); wrapping arguments in
    # tensors edits the callers, so it is asked for (R2).
    repairs = set(DEFAULT_REPAIRS)
    if getattr(args, "repair_retracing", False):
        repairs.add("PASS_TENSOR_ARGUMENTS")
    if args.infer_signatures:  # R3's signature extends P4: preferred to reduce_retracing
        repairs.add("ADD_INPUT_SIGNATURE")
    settled = fix_until_settled(lambda overrides: run_analysis(args, overrides, analyzer), kinds,
                                repairs=frozenset(repairs))
    changes = settled.changes
    written = [] if args.dry_run else write_changes(changes)
    for change in changes:
        if args.diff and not change.error:
            # Only what was written (or would be, with --dry-run): a file left unchanged at
            # the write shows no diff. Lines end where Python and LSP end them
            # (str.splitlines also splits at \f, ...). A notebook shows each edited cell's
            # source.
            for name, before, after in change.compared():
                sys.stdout.writelines(difflib.unified_diff(
                    split_lines(before), split_lines(after),
                    fromfile=f"a/{name}", tofile=f"b/{name}"))
    failed = [c for c in changes if c.error]
    for change in failed:
        print(f"hybridize: {change.file}: not changed: {change.error}", file=sys.stderr)
    for change in changes:
        for note in [] if change.error else change.notes:
            print(f"hybridize: {change.file}: not done: {note}", file=sys.stderr)
    if not settled.settled:
        print(f"hybridize: the edits still changed the verdicts after {settled.rounds} rounds; "
              "run fix again to apply the rest", file=sys.stderr)
    functions = len({(r.file, r.qualname, r.line) for c in changes if not c.error
                     for r in [*c.functions, *(report for report, _ in c.repaired)]})
    verb = "would change" if args.dry_run else "changed"
    count = len([c for c in changes if not c.error]) if args.dry_run else len(written)
    print(f"hybridize: {verb} {functions} functions in {count} files"
          + (f"; {len(failed)} files left unchanged" if failed else ""), file=sys.stderr)
    # 1 when an edit it proposed was refused (a file left unchanged, an edit not done): CI and
    # pre-commit see it (an audit of session 26). Edits still changing verdicts after the last
    # round were made; the rest waits for the next run, as said.
    left_out = failed or any(c.notes for c in changes if not c.error)
    return 1 if left_out else 0


def serve(args: argparse.Namespace) -> int:
    from hybridize.lsp.server import build_server

    # stdout is the protocol channel: logs go to stderr only.
    logging.basicConfig(stream=sys.stderr, level=args.log_level,
                        format="hybridize %(levelname)s %(message)s")
    # The cyclic GC would scan the workspace's long-lived summaries after every edit; the server
    # collects now and then itself (see HybridizeServer.analyse_folder).
    gc.disable()
    server = build_server()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        if not port.isdigit():
            print("hybridize: --tcp wants HOST:PORT", file=sys.stderr)
            return 2
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0


def apply_config(args: argparse.Namespace) -> None:
    """Settings from the configuration file nearest the first PATH, where no flag gives them
    (flags win); an invalid value is a warning, and its default is used."""
    from hybridize.config import load_config

    config = load_config(args.paths[0])
    for problem in config.problems:
        print(f"hybridize: warning: {problem}; using the default", file=sys.stderr)
    args.speculative = args.speculative or config.values.get("speculative", False)
    args.infer_signatures = args.infer_signatures or config.values.get("infer_signatures", False)
    args.no_observed = args.no_observed or not config.values.get("observed_types", True)
    if not args.exclude:
        args.exclude = list(config.values.get("exclude", ()))
    if getattr(args, "baseline", None) is None and args.command == "check":
        args.baseline = config.baseline  # relative to the configuration file's folder


def verify(args: argparse.Namespace, command: list[str]) -> int:
    """`hybridize verify`: the proposals `fix` would make (same settings), run; verify/ does it."""
    from hybridize.verify.entry import verify_command

    problem = output_problem(args.output)
    if problem is not None:
        print(f"hybridize: cannot write --output: {problem}", file=sys.stderr)
        return 2
    if not command:
        print("hybridize: verify: give the command to run after --, for example "
              "`hybridize verify . -- python -m pytest tests`", file=sys.stderr)
        return 2
    kinds = frozenset({Transformation.CONVERT_TO_HYBRID, Transformation.CONVERT_TO_EAGER})
    if args.infer_signatures:
        kinds |= {Transformation.RECONFIGURE}
    from hybridize.analysis.workspace import Analyzer

    analyzer = Analyzer(args.paths, engine_settings(args), args.exclude) if args.no_cache \
        else None
    # The repairs `fix` makes with the same options (see fix()).
    repairs = set(DEFAULT_REPAIRS)
    if args.repair_retracing:
        repairs.add("PASS_TENSOR_ARGUMENTS")
    if args.infer_signatures:
        repairs.add("ADD_INPUT_SIGNATURE")
    return verify_command(args, command, lambda overrides: run_analysis(args, overrides, analyzer),
                          kinds, frozenset(repairs))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    command: list[str] = []
    if arguments[:1] == ["verify"] and "--" in arguments:
        # Everything after the first `--` is the user's command, options included.
        split = arguments.index("--")
        arguments, command = arguments[:split], arguments[split + 1:]
    args = build_parser().parse_args(arguments)
    if args.command in ("check", "fix", "verify") and not args.no_config:
        apply_config(args)
    if args.command == "serve":
        return serve(args)
    try:
        if args.command == "verify":
            return verify(args, command)
        return check(args) if args.command == "check" else fix(args)
    except BrokenPipeError:
        # `hybridize check . --format json | head`: the reader left; say nothing more (no
        # traceback), keep the interpreter from failing again when it flushes stdout at exit,
        # and exit 1 as rich does for the text report in the same case.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


FAST_EXIT_COMMANDS = ("check", "fix")


def entry() -> None:
    """The `hybridize` program (console script and `python -m hybridize`). After `check` or
    `fix` has written its report and the cache, the process ends without tearing down the
    interpreter: freeing the millions of objects of a large workspace one by one took about a
    fifth of a cold run. `main` itself returns normally (tests and tools call it in-process)."""
    code = main()
    if sys.argv[1:2] and sys.argv[1] in FAST_EXIT_COMMANDS:
        logging.shutdown()
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            code = code or 1  # the reader left, as `main` reports it
        except OSError:
            code = code or 1
        try:
            sys.stderr.flush()
        except OSError:
            pass
        os._exit(code)
    raise SystemExit(code)


if __name__ == "__main__":
    entry()
