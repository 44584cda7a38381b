"""Child side: `python -m hybridize.verify.runner --plan P --mode M --records R -- TARGET...`
runs TARGET (`script.py ARGS`, `-m module ARGS` or `-c CODE ARGS`) as `python TARGET` would,
with the import hook installed, and writes the records when it ends (SIGTERM included).
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import signal
import sys
import traceback
from types import ModuleType
from typing import Any

from hybridize.verify import probe
from hybridize.verify.hook import GLOBAL, PlanFile, VerifyFinder, install
from hybridize.verify.probe import Recorder


def _terminated(signum: int, frame: Any) -> None:
    # verify's timeout: end like an interrupted program, so that `finally` writes the records.
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int | str | None:
    parser = argparse.ArgumentParser(prog="hybridize.verify.runner")
    parser.add_argument("--plan", required=True)
    parser.add_argument("--mode", choices=("original", "proposed", "observe"), required=True)
    parser.add_argument("--records", required=True)
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:split])
    target = argv[split + 1:]
    if not target:
        parser.error("nothing to run after --")
    with open(args.plan, encoding="utf-8") as handle:
        plan = json.load(handle)
    signal.signal(signal.SIGTERM, _terminated)
    # The user's program ends on an interrupt as it would in a terminal, even when an ancestor
    # ignored SIGINT (verify then stops it with SIGINT, and SIGKILL only after a grace period).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if args.mode == "observe":
        # As written, no hook, no probe: only the profile hook that notes argument kinds.
        from hybridize.verify.observe import Observer, dump

        observer = Observer(dict(plan.get("workspace", {})))
        observer.install()
        try:
            return _run(target, None)
        finally:
            observer.uninstall()
            dump(observer, args.records)
    recorder = probe.current = Recorder(args.records, args.mode)
    files = {item["path"]: PlanFile(item, args.mode == "proposed") for item in plan["files"]}
    finder = install(files, recorder)
    try:
        return _run(target, finder)
    finally:
        recorder.dump()


def _run(target: list[str], finder: VerifyFinder | None) -> int | str | None:
    try:
        if target[0] == "-m":
            sys.argv = ["-m", *target[2:]]  # sys.path[0] is the working folder, as for -m
            runpy.run_module(target[1], run_name="__main__", alter_sys=True)
        elif target[0] == "-c":
            sys.argv = ["-c", *target[2:]]
            sys.path[0] = ""
            main_module = _fresh_main("<string>")
            exec(compile(target[1], "<string>", "exec"), main_module.__dict__)
        else:
            _run_script(target[0], target[1:], finder)
    except SystemExit as exc:
        return exc.code
    except Exception as exc:
        # As Python reports an uncaught exception, without the runner's own frames on top.
        tb = exc.__traceback__
        while tb is not None and _is_ours(tb.tb_frame.f_code.co_filename):
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb)
        return 1
    return 0


def _is_ours(filename: str) -> bool:
    return filename in (__file__, "<frozen runpy>") or filename.endswith(os.sep + "runpy.py")


def _fresh_main(filename: str) -> ModuleType:
    module = ModuleType("__main__")
    module.__dict__.update({"__file__": filename, "__builtins__": __builtins__,
                            "__spec__": None, "__loader__": None, "__package__": None})
    sys.modules["__main__"] = module
    return module


def _run_script(script: str, args: list[str], finder: VerifyFinder | None) -> None:
    """`python script.py ARGS`: the script's folder first on sys.path, run as __main__; the
    script itself is instrumented when it is one of the planned files."""
    sys.argv = [script, *args]
    script = os.path.abspath(script)  # as Python names the main script in tracebacks
    sys.path[0] = os.path.dirname(script)
    plan = finder.plan_for(script) if finder is not None else None
    code = finder.code_for(plan, script) if finder is not None and plan is not None else None
    if code is None or finder is None:
        runpy.run_path(script, run_name="__main__")
        return
    module = _fresh_main(script)
    module.__dict__[GLOBAL] = finder.recorder
    exec(code, module.__dict__)


if __name__ == "__main__":
    # The runner's own module must not stand for the user's __main__: `_run` replaces it.
    code = main(sys.argv[1:])
    sys.stdout.flush()
    raise SystemExit(code)
