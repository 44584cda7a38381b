"""`hybridize verify`: runs the user's command as written and with the proposals applied in memory,
and confirms, refutes or leaves unexercised each proposal; `fix --verified` applies only the
confirmed ones. The end-to-end tests run TensorFlow in subprocesses (seconds each)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

import pytest
from hybridize.cli import main
from hybridize.verify.command import CommandError, child_command
from hybridize.verify.hook import instrumented_code
from hybridize.verify.plan import PlanFile
from hybridize.verify.probe import Recorder

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "verify"
HYBRIDIZE = [sys.executable, "-m", "hybridize"]


def _verify(folder: Path, command: list[str], *options: str, env: dict[str, str] | None = None
            ) -> tuple[subprocess.CompletedProcess[str], dict]:
    report = folder.parent / f"{folder.name}-report.json"
    done = subprocess.run([*HYBRIDIZE, "verify", str(folder), "--no-cache", "--format", "json",
                           "--output", str(report), *options, "--", *command],
                          cwd=folder, capture_output=True, text=True, timeout=300,
                          env={**_environment(), **(env or {})})
    assert report.exists(), done.stderr
    return done, json.loads(report.read_text())


def _environment() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items()
            if key not in ("HYBRIDIZE_VERIFY_FORCE", "PYTEST_ADDOPTS")}


def _by_name(report: dict) -> dict[str, dict]:
    return {p["qualname"]: p for p in report["proposals"]}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.py")}


def test_the_rewritten_module_keeps_the_lines_of_the_file_on_disk() -> None:
    # `fix` adds an import and a decorator (two lines); the traceback must still name line 4.
    before = "def f(x):\n    y = x + 1\n\n    return y.missing\n"
    after = "import os\n@(lambda g: g)\ndef f(x):\n    y = x + 1\n\n    return y.missing\n"
    plan = PlanFile("/x/m.py", "m.py", "", before, after, {"f": "m.py::f"})
    assert plan.line_map() == [1, 1, 1, 2, 3, 4]
    code = instrumented_code(plan.after, "/x/m.py", plan.functions, plan.line_map())
    recorder = Recorder("/dev/null", "proposed")
    namespace = {"__hybridize_verify__": recorder}
    exec(code, namespace)
    with pytest.raises(AttributeError) as raised:
        namespace["f"](1)
    frames = traceback.extract_tb(raised.value.__traceback__)
    assert (frames[-1].filename, frames[-1].lineno) == ("/x/m.py", 4)
    assert recorder.functions["m.py::f"].eager_calls == 1


def test_commands_are_run_under_the_runner_with_the_pytest_plugin() -> None:
    script = child_command(["python3", "-u", "train.py", "--steps", "5"])
    assert (script.interpreter, script.target, script.pytest) == (
        ["python3", "-u"], ["train.py", "--steps", "5"], False)
    tests = child_command(["/venv/bin/python", "-m", "pytest", "-x", "tests"])
    assert tests.target == ["-m", "pytest", "-p", "hybridize.verify.pytest_plugin", "-x", "tests"]
    assert tests.argv(Path("P"), "proposed", Path("R"))[:3] == [
        "/venv/bin/python", "-m", "hybridize.verify.runner"]
    for wrong in (["make", "test"], ["python"], ["python", "-"], ["python", "-m"]):
        with pytest.raises(CommandError):
            child_command(wrong)


def test_a_command_that_is_not_python_is_refused_with_a_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES / "unsafe", tmp_path / "p")
    assert main(["verify", str(tmp_path / "p"), "--no-cache", "--", "make", "test"]) == 2
    assert "verify runs a Python program" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "p"), "--no-cache"]) == 2
    assert "give the command to run after --" in capsys.readouterr().err


def test_the_example_project_confirms_the_proposals_and_measures_them(tmp_path: Path) -> None:
    project = tmp_path / "mnist"
    shutil.copytree(ROOT / "examples" / "mnist_trainer", project)
    shutil.copy(FIXTURES / "mnist" / "verify_driver.py", project)
    digests = _digests(project)
    done, report = _verify(project, [sys.executable, "verify_driver.py"], "--observe-types")
    assert "verify will run" in done.stderr
    assert report["runs"]["original"]["exit_status"] == 0
    assert report["runs"]["proposed"]["exit_status"] == 0, report["runs"]["proposed"]["log"]
    found = _by_name(report)
    for name in ("predict_classes", "compute_loss", "learning_rate_for_epoch", "pack_logs"):
        assert found[name]["status"] == "confirmed", found[name]
        assert found[name]["speedup"] > 0
    assert found["predict_classes"]["compared_calls"] == 20  # the first 20 of 41 calls
    assert found["predict_classes"]["traces"] == 1
    # Called only from compute_loss, which is a graph with the proposals: not compared alone.
    assert found["scaled_l2"]["status"] == "not_exercised"
    assert _digests(project) == digests  # nothing written to the user's files
    assert done.returncode == 0

    # Observed types, from a third run as written: what each function was really called with.
    observed = json.loads((tmp_path / "mnist-report.observed.json").read_text())
    assert report["observed_types"] == str(tmp_path / "mnist-report.observed.json")
    seen = {(f["file"], f["qualname"]): f for f in observed["functions"]}
    assert seen["metrics.py", "count_correct"]["parameters"]["logits"] == [
        {"kind": "tensor", "dtype": "float32", "shape": [128, 10]}]
    assert seen["utils.py", "set_seed"]["parameters"]["seed"] == [{"kind": "int", "value": 1234}]
    assert ("model.py", "ScaledDense") not in seen  # a class body is not a function

    # fix --verified applies the confirmed proposals only.
    assert subprocess.run([*HYBRIDIZE, "fix", str(project), "--no-cache", "--verified",
                           str(tmp_path / "mnist-report.json")],
                          capture_output=True, text=True, env=_environment()).returncode == 0
    utils = (project / "utils.py").read_text()
    assert "@tf.function\ndef compute_loss" in (project / "train.py").read_text()
    assert "@tf.function\ndef scaled_l2" not in utils


def test_an_unsafe_conversion_is_refuted_with_the_test_and_the_difference(
        tmp_path: Path) -> None:
    project = tmp_path / "unsafe"
    shutil.copytree(FIXTURES / "unsafe", project)
    done, report = _verify(
        project, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        env={"HYBRIDIZE_VERIFY_FORCE": "counter:scale_and_log"})
    assert done.returncode == 1  # a proposal was refuted
    runs = report["runs"]
    assert set(runs["original"]["tests"].values()) == {"passed"}
    failing = "test_counter.py::test_history_grows_on_every_call"
    assert runs["proposed"]["tests"] == {"test_counter.py::test_double": "passed",
                                         "test_counter.py::test_triple": "passed",
                                         failing: "failed",
                                         "test_counter.py::test_broken_is_not_called": "passed"}
    assert report["tests_failed_only_with_proposals"] == [failing]
    found = _by_name(report)
    unsafe = found["scale_and_log"]
    assert (unsafe["status"], unsafe["forced"], unsafe["failed_tests"]) == (
        "refuted", True, [failing])
    # The print ran once, while tracing: the second call printed nothing.
    assert unsafe["difference"]["call"] == 1
    assert "printed 'scaled a batch of 2\\n' as written, nothing" in unsafe["difference"]["what"]
    # The engine's own proposal ran alone in test_double and matched there.
    assert found["double"]["status"] == "confirmed", found["double"]
    # A helper in a test module: verify's hook goes back in front of pytest's for it.
    assert found["triple"]["status"] == "confirmed", found["triple"]
    assert (project / "counter.py").read_text() == (FIXTURES / "unsafe" / "counter.py").read_text()


def test_a_run_past_the_timeout_is_stopped_and_its_records_kept(tmp_path: Path) -> None:
    project = tmp_path / "slow"
    shutil.copytree(FIXTURES / "unsafe", project)
    command = [sys.executable, "-c", "import time, counter; time.sleep(120)"]
    done, report = _verify(project, command, "--timeout", "3")
    for run in report["runs"].values():
        assert (run["timed_out"], run["exit_status"], run["records"]) == (True, None, True)
        assert run["seconds"] < 60
    assert {p["status"] for p in report["proposals"]} == {"not_exercised"}


def test_a_script_that_fails_only_with_the_proposals_is_bisected_to_the_culprit(
        tmp_path: Path) -> None:
    # Nothing `remember` returns or prints differs; only the script's last check fails.
    project = tmp_path / "script"
    shutil.copytree(FIXTURES / "unsafe", project)
    done, report = _verify(project, [sys.executable, "run_counter.py"],
                           env={"HYBRIDIZE_VERIFY_FORCE": "counter:remember"})
    assert (report["runs"]["original"]["exit_status"],
            report["runs"]["proposed"]["exit_status"]) == (0, 1)
    found = _by_name(report)
    assert found["remember"]["status"] == "refuted"
    assert found["remember"]["difference"] is None
    assert "with this proposal alone it fails too (bisection)" in found["remember"]["reason"]
    # The others are judged on one more run without the culprit.
    assert report["runs"]["proposed_without_refuted"]["exit_status"] == 0
    assert found["double"]["status"] == "confirmed", found["double"]
    # The script never calls the test module's helper.
    assert found["triple"]["status"] == "not_exercised", found["triple"]
    assert "bisection: the command fails with remember applied" in report["problems"]
    # original, proposed, double alone, remember+triple, remember alone, without remember.
    assert done.stderr.count("hybridize: running") == 6


def test_the_text_report_names_the_verdicts_the_numbers_and_the_failed_tests() -> None:
    import io

    from hybridize.verify.compare import Difference, RunSummary, Verdict
    from hybridize.verify.plan import Proposal
    from hybridize.verify.report import VerifyReport, render_text

    fast = Verdict(Proposal("m.py::f", "m.py", "f", 3, "CONVERT_TO_HYBRID"), "confirmed",
                   "exercised 40 times, same results on 20 calls", (40, 40), 20, (0.4, 0.1),
                   (0.01, 0.0025), 4.0, 1, 0)
    unsafe = Verdict(Proposal("m.py::g", "m.py", "g", 9, "CONVERT_TO_HYBRID", forced=True),
                     "refuted", "call 2 differed: printed 'x' as written, nothing", (3, 3), 3,
                     (0.3, 0.1), (0.1, 0.03), 3.0, 1, 0, Difference(1, "printed"), ["t.py::t"])
    runs = (RunSummary(0, 2.0, False, "a.log", {"t.py::t": "passed"}),
            RunSummary(1, 1.5, False, "b.log", {"t.py::t": "failed"}))
    out = io.StringIO()
    render_text(VerifyReport("/r", ["python", "-m", "pytest"], runs, [fast, unsafe], {}, [],
                             "/tmp/logs"), out, color=False)
    text = out.getvalue()
    assert "m.py:3 f" in text and "confirmed" in text and "4x" in text
    assert "convert to hybrid (forced)" in text and "refuted" in text
    assert "as written 2.00 s (exit 0); with the proposals 1.50 s (exit 1)" in text
    assert "failed only with the proposals: t.py::t" in text
    assert "1 confirmed, 1 refuted, 0 not exercised" in text


def test_calls_are_compared_only_when_they_got_the_same_arguments() -> None:
    # psiz's wpnorm differed on a call whose inputs were other random numbers in the other run:
    # that is not the conversion's doing.
    from hybridize.verify.compare import RunSummary, compare
    from hybridize.verify.plan import Proposal

    def call(index: int, argument: float, value: float) -> dict:
        return {"index": index, "printed": "", "result": {"float": repr(value)},
                "arguments": {"list": [{"list": [{"float": repr(argument)}], "length": 1},
                                       {"list": [], "length": 0}], "length": 2}}

    def records(calls: list[dict]) -> dict:
        return {"functions": {"m.py::f": {"calls": calls, "eager_calls": len(calls),
                                          "seconds": 0.1}}, "loaded": ["m.py"]}

    proposal = Proposal("m.py::f", "m.py", "f", 1, "CONVERT_TO_HYBRID")
    runs = (RunSummary(0, 1.0, False, "a"), RunSummary(0, 1.0, False, "b"))
    before = records([call(0, 0.5, 1.0), call(1, 0.25, 2.0)])
    [verdict] = compare([proposal], before, records([call(0, 0.5, 1.0), call(1, 0.75, 9.0)]),
                        runs)
    assert (verdict.status, verdict.compared, verdict.other_arguments) == ("confirmed", 1, 1)
    [verdict] = compare([proposal], before, records([call(0, 0.5, 1.0), call(1, 0.25, 9.0)]),
                        runs)
    assert verdict.status == "refuted" and verdict.difference.call == 1
    # Arguments that differ in their last bits (computed by earlier graph code) are the same.
    [verdict] = compare([proposal], before,
                        records([call(0, 0.5, 1.0), call(1, 0.25 * (1 + 1e-9), 2.0)]), runs)
    assert (verdict.status, verdict.compared) == ("confirmed", 2)


def test_the_comparison_needs_no_numpy_in_hybridize_s_own_environment() -> None:
    # hybridize does not depend on NumPy; only the user's interpreter (the child) has it.
    done = subprocess.run(
        [sys.executable, "-c", "import sys; sys.modules['numpy'] = None\n"
         "from hybridize.verify import compare, entry, report, run\n"
         "a = {'tensor': 'float32', 'shape': [2], 'values': ['1.0', 'nan']}\n"
         "b = {'tensor': 'float32', 'shape': [2], 'values': ['1.0000001', 'nan']}\n"
         "c = {'tensor': 'float32', 'shape': [2], 'values': ['1.5', 'nan']}\n"
         "assert compare.value_difference(a, b, 'r') is None\n"
         "print(compare.value_difference(a, c, 'r'))"],
        capture_output=True, text=True, env=_environment())
    assert done.returncode == 0, done.stderr
    assert "r: element 0 is 1.0 as written, 1.5 with the proposals" in done.stdout


def test_ragged_and_sparse_results_are_compared_by_their_component_tensors() -> None:
    tf = pytest.importorskip("tensorflow")
    from hybridize.verify.compare import value_difference
    from hybridize.verify.probe import describe

    ragged = describe(tf.ragged.constant([[1.0, 2.0], [3.0]]))
    assert value_difference(ragged, describe(tf.ragged.constant([[1.0, 2.0], [3.0]])), "r") \
        is None
    assert value_difference(ragged, describe(tf.ragged.constant([[1.0, 2.0], [3.5]])), "r") \
        .startswith("r[0]: element 2 is 3.0 as written, 3.5 with the proposals")
    sparse = describe(tf.sparse.from_dense(tf.constant([[1.0, 0.0]])))
    assert value_difference(sparse, ragged, "r") == \
        "r: SparseTensor as written, RaggedTensor with the proposals"


def test_a_workload_confirms_its_proposals_with_a_speedup(tmp_path: Path) -> None:
    project = tmp_path / "logreg"
    shutil.copytree(ROOT / "benchmarks" / "workloads" / "logreg", project)
    done, report = _verify(project, [sys.executable, "train.py", "--steps", "30"])
    assert done.returncode == 0, done.stderr
    found = _by_name(report)
    assert set(found) == {"predict_logits", "binary_cross_entropy", "train_step"}
    for proposal in found.values():
        assert proposal["status"] == "confirmed", proposal
        assert proposal["calls_with_other_arguments"] == 0  # float noise is not "other"
        assert proposal["speedup"] > 0
    assert found["train_step"]["compared_calls"] == 20
