"""Observed types (analysis/observed.py): what `hybridize verify --observe-types` saw a function
called with is evidence for functions with no visible caller, kept in the cache folder, counted
only for the bytes it was observed on, always labelled "observed when running `COMMAND`", and
never overriding a static hazard."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hybridize.analysis import Settings, analyze
from hybridize.analysis.observed import (
    MAX_BYTES,
    load_observations,
    observed_path,
    store_observations,
)
from hybridize.cli import main

ROOT = Path(__file__).resolve().parent.parent

PLUGINS = '''"""Metrics looked up by name (getattr) from a configuration: no visible caller."""

import tensorflow as tf


def helper_norm(x):
    return tf.sqrt(tf.reduce_sum(tf.square(x), axis=-1))


def mean_norm(logits):
    return tf.reduce_mean(helper_norm(logits))


def peek(logits):
    return tf.reduce_max(logits).numpy()


def scaled(values, factor):
    return tf.reduce_sum(values) * factor


def cast_mean(values):
    return tf.reduce_mean(tf.cast(values, tf.float32))


def doubled_mean(values):
    return tf.reduce_mean(values * 2.0)


def inner(logits):
    return tf.nn.softmax(logits)


def top_k(logits, labels, k):
    return tf.reduce_mean(tf.cast(tf.math.in_top_k(labels, logits, k), tf.float32))


def top_k_few_calls(logits, labels, k):
    return tf.reduce_mean(tf.cast(tf.math.in_top_k(labels, logits, k), tf.float32))
'''

TENSOR = [{"kind": "tensor", "dtype": "float32", "shape": [32, 10]}]
ARRAY = [{"kind": "ndarray", "dtype": "float64", "shape": [32]}]
OBSERVED = [
    {"file": "plugins.py", "qualname": "mean_norm", "line": 10, "calls": 12,
     "parameters": {"logits": TENSOR}},
    {"file": "plugins.py", "qualname": "peek", "line": 14, "calls": 3,
     "parameters": {"logits": TENSOR}},
    {"file": "plugins.py", "qualname": "scaled", "line": 18, "calls": 3,
     "parameters": {"values": TENSOR, "factor": [{"kind": "float", "value": 0.5},
                                                 {"kind": "float", "value": 2.0}]}},
    {"file": "plugins.py", "qualname": "cast_mean", "line": 22, "calls": 4,
     "parameters": {"values": ARRAY}},
    {"file": "plugins.py", "qualname": "doubled_mean", "line": 26, "calls": 4,
     "parameters": {"values": ARRAY}},
    {"file": "plugins.py", "qualname": "inner", "line": 30, "calls": 5,
     "parameters": {"logits": [{"kind": "symbolic tensor", "dtype": "float32",
                                "shape": [None, 10]}]}},
]
LABELS = [{"kind": "tensor", "dtype": "int32", "shape": [32]}]
OBSERVED += [
    {"file": "plugins.py", "qualname": "top_k", "line": 34, "calls": 40,
     "parameters": {"logits": TENSOR, "labels": LABELS,
                    "k": [{"kind": "int", "value": 1}, {"kind": "int", "value": 5}]}},
    {"file": "plugins.py", "qualname": "top_k_few_calls", "line": 38, "calls": 7,
     "parameters": {"logits": TENSOR, "labels": LABELS,
                    "k": [{"kind": "int", "value": 1}, {"kind": "int", "value": 5}]}},
]
COMMAND = ["python", "train.py"]


def _project(tmp_path: Path) -> tuple[Path, Path]:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "plugins.py").write_text(PLUGINS, encoding="utf-8")
    cache = tmp_path / "cache"
    return project, cache


def _store(project: Path, cache: Path, functions: list[dict] = OBSERVED) -> Path:
    digest = hashlib.sha256((project / "plugins.py").read_bytes()).hexdigest()
    return store_observations(cache, str(project), COMMAND, 0, functions,
                              {"plugins.py": digest})


def _verdicts(project: Path, cache: Path | None) -> dict[str, object]:
    result = analyze([project], Settings(observed_from=cache))
    return {f.qualname: f for f in result.functions}


def test_without_observations_nothing_with_no_visible_caller_is_converted(tmp_path: Path):
    project, cache = _project(tmp_path)
    found = _verdicts(project, cache)  # no observed file in the cache: static verdicts
    assert all(f.transformation is None for f in found.values())
    assert found["mean_norm"].failures[0].code == "UNDETERMINABLE_TENSOR_PARAMETER"


def test_an_observed_tensor_argument_makes_a_proposal_labelled_with_the_command(tmp_path: Path):
    project, cache = _project(tmp_path)
    _store(project, cache)
    found = _verdicts(project, cache)
    mean_norm = found["mean_norm"]
    assert mean_norm.transformation == "CONVERT_TO_HYBRID"
    label = "observed when running `python train.py`: called 12 times with tensor " \
        "float32[32, 10] as `logits`"
    assert label in mean_norm.reason
    assert mean_norm.evidence["tensor_parameter"][0].reason == label
    # The callee's tensor comes from the observed one: said so.
    helper = found["helper_norm"]
    assert helper.facts["tensor_parameter"] is True
    assert "a value observed when running `python train.py`" in \
        helper.evidence["tensor_parameter"][0].reason


def test_with_speculative_the_observation_is_the_evidence(tmp_path: Path):
    project, cache = _project(tmp_path)
    _store(project, cache)
    result = analyze([project], Settings(speculative=True, observed_from=cache))
    found = {f.qualname: f for f in result.functions}
    assert found["mean_norm"].transformation == "CONVERT_TO_HYBRID"
    # Observed, not assumed (TRACE_TIME_ERRORS: what every conversion states, decide.py).
    assert [a.code for a in found["mean_norm"].assumptions] == ["TRACE_TIME_ERRORS"]
    assert found["mean_norm"].evidence["tensor_parameter"][0].reason.startswith(
        "observed when running `python train.py`")


def test_a_static_hazard_still_declines(tmp_path: Path):
    project, cache = _project(tmp_path)
    _store(project, cache)
    found = _verdicts(project, cache)
    assert found["peek"].transformation is None
    assert found["peek"].failures[0].code == "HAS_EAGER_ONLY_CALLS"
    # Python values really passed retrace: declined, with the observed values as evidence.
    scaled = found["scaled"]
    assert scaled.transformation is None
    assert [f.code for f in scaled.failures][:1] == ["HAS_PRIMITIVE_PARAMETERS"]
    assert "observed when running `python train.py`: called 3 times with float 0.5 or " \
        "float 2.0 as `factor`" in scaled.failures[0].message


def test_observed_python_values_that_repeat_are_a_bounded_set(tmp_path: Path):
    project, cache = _project(tmp_path)
    _store(project, cache)
    found = _verdicts(project, cache)
    # 40 calls with k 1 or 5: two traces, reused (each value served 4 calls or more).
    top_k = found["top_k"]
    assert top_k.transformation == "CONVERT_TO_HYBRID"
    assert "observed when running `python train.py`: 40 calls with only int 1 or int 5 as `k`" \
        in top_k.reason
    # 7 calls with 2 values: not shown to repeat enough; declined as any Python value is.
    few = found["top_k_few_calls"]
    assert few.transformation is None
    assert few.failures[0].code == "HAS_PRIMITIVE_PARAMETERS"
    assert "observed when running `python train.py`: called 7 times with int 1 or int 5 as " \
        "`k`: each new value retraces" == few.failures[0].message


def test_an_observed_numpy_array_follows_the_numpy_argument_rule(tmp_path: Path):
    project, cache = _project(tmp_path)
    _store(project, cache)
    found = _verdicts(project, cache)
    assert found["cast_mean"].transformation == "CONVERT_TO_HYBRID"
    assert "NumPy array float64[32] as `values`, which a tf.function traces like a tensor" in \
        found["cast_mean"].evidence["tensor_parameter"][0].reason
    # `values * 2.0` returns an ndarray eagerly and a tensor traced (array_args.py).
    assert found["doubled_mean"].transformation is None
    assert "observed when running `python train.py`" in found["doubled_mean"].reason


def test_only_called_while_a_graph_is_traced_is_not_a_proposal(tmp_path: Path):
    project, cache = _project(tmp_path)
    _store(project, cache)
    inner = _verdicts(project, cache)["inner"]
    assert inner.transformation is None
    assert "only while a graph was traced" in inner.reason


def test_an_observation_counts_only_for_the_bytes_it_was_made_on(tmp_path: Path, capsys,
                                                                 caplog):
    project, cache = _project(tmp_path)
    _store(project, cache)
    with open(project / "plugins.py", "a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    found = _verdicts(project, cache)
    assert found["mean_norm"].transformation is None
    assert "plugins.py changed since: the observation is ignored (run `hybridize verify " \
        "--observe-types` again)" in found["mean_norm"].reason
    # The command line says so (its -v log too).
    with caplog.at_level("INFO", logger="hybridize.cache"):
        assert main(["check", str(project), "--cache-dir", str(cache), "-v",
                     "--no-config"]) == 0
    assert "plugins.py changed since: the observation is ignored" in capsys.readouterr().out
    assert "observed types of plugins.py are ignored: the file changed since `python " \
        "train.py`" in caplog.text


def test_no_observed_and_no_cache_ignore_the_observations(tmp_path: Path, capsys):
    project, cache = _project(tmp_path)
    _store(project, cache)
    assert main(["check", str(project), "--cache-dir", str(cache), "--no-config"]) == 0
    assert "hybridize   mean_norm" in capsys.readouterr().out
    for flag in ("--no-observed", "--no-cache"):
        assert main(["check", str(project), "--cache-dir", str(cache), flag,
                     "--no-config"]) == 0
        out = capsys.readouterr().out
        assert "hybridize   mean_norm" not in out and "keep        mean_norm" in out, flag
    # The configuration file's observedTypes = false does the same.
    (project / "hybridize.toml").write_text("observedTypes = false\n", encoding="utf-8")
    assert main(["check", str(project), "--cache-dir", str(cache)]) == 0
    assert "keep        mean_norm" in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["not json", "version", "root", "kind", "digest", "large",
                                    "link"])
def test_a_damaged_observed_file_is_ignored_and_said(tmp_path: Path, damage: str, caplog):
    project, cache = _project(tmp_path)
    path = _store(project, cache)
    data = json.loads(path.read_text())
    if damage == "not json":
        path.write_text("{", encoding="utf-8")
    elif damage == "version":
        data["version"] = 99
    elif damage == "root":
        data["root"] = "/elsewhere"
    elif damage == "kind":
        data["files"]["plugins.py"]["functions"][0]["parameters"]["logits"] = [{"kind": "exec"}]
    elif damage == "digest":
        data["files"]["plugins.py"]["sha256"] = "not a digest"
    if damage in ("version", "root", "kind", "digest"):
        path.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "large":
        path.write_text(" " * (MAX_BYTES + 1), encoding="utf-8")
    elif damage == "link":
        target = tmp_path / "elsewhere.json"
        target.write_text(json.dumps(data), encoding="utf-8")
        path.unlink()
        os.symlink(target, path)
    with caplog.at_level("INFO", logger="hybridize.cache"):
        assert load_observations(cache, project) is None
    assert "ignoring the observed types" in caplog.text
    assert _verdicts(project, cache)["mean_norm"].transformation is None


def test_determinism_the_observed_file_of_another_root_changes_nothing(tmp_path: Path):
    project, cache = _project(tmp_path)
    before = {k: (f.transformation, f.reason) for k, f in _verdicts(project, cache).items()}
    other = tmp_path / "other"
    other.mkdir()
    store_observations(cache, str(other), COMMAND, 0, OBSERVED,
                       {"plugins.py": hashlib.sha256(PLUGINS.encode()).hexdigest()})
    assert observed_path(cache, other).exists()
    after = {k: (f.transformation, f.reason) for k, f in _verdicts(project, cache).items()}
    assert after == before


def test_verify_observe_types_then_check_proposes_a_workload_function(tmp_path: Path):
    """End to end on the cnn workload: its diagnostics are looked up with getattr, so check
    declines them; after `verify --observe-types -- python train.py` check proposes them, with
    what the run observed as evidence."""
    project = tmp_path / "cnn"
    shutil.copytree(ROOT / "benchmarks" / "workloads" / "cnn", project,
                    ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    env = {key: value for key, value in os.environ.items()
           if key not in ("HYBRIDIZE_VERIFY_FORCE", "PYTEST_ADDOPTS")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    hybridize = [sys.executable, "-m", "hybridize"]

    def check() -> dict[str, dict]:
        done = subprocess.run([*hybridize, "check", ".", "--cache-dir", str(cache), "--format",
                               "json", "--no-config"], cwd=project, capture_output=True,
                              text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
        return {f["qualname"]: f for f in json.loads(done.stdout)["functions"]}

    assert check()["logit_margin"]["transformation"] is None
    done = subprocess.run([*hybridize, "verify", ".", "--cache-dir", str(cache),
                           "--observe-types", "--format", "json", "--output",
                           str(tmp_path / "report.json"), "--no-config", "--",
                           "python", "train.py", "--steps", "5"],
                          cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "observed types kept in" in done.stderr
    found = check()
    for name in ("logit_margin", "prediction_entropy"):
        assert found[name]["transformation"] == "CONVERT_TO_HYBRID", found[name]
        evidence = found[name]["evidence"]["tensor_parameter"][0]["reason"]
        assert evidence == "observed when running `python train.py --steps 5`: called 8 " \
            "times with tensor float32[64, 10] as `logits`"
    # k took only its default, 3, on all 8 calls: a bounded set of Python values.
    assert found["top_k_hit_rate"]["transformation"] == "CONVERT_TO_HYBRID"
    assert "observed when running `python train.py --steps 5`: 8 calls with only int 3 as `k`" \
        in found["top_k_hit_rate"]["reason"]
