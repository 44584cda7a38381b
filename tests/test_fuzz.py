"""The fuzz stage (issue 11): no input makes the analysis crash, hang or blow up, no function of
a file that parses goes missing from the report, and `fix` only adds or removes tf.function
decorators and TensorFlow imports, in files that still parse.

Three sources of input: deeply nested shapes at 300 levels (each in its own process, with a
time and a memory limit), real files of the repository mutated line by line, and modules that
hypothesmith generates from Python's grammar. Seeded: every run checks the same modules.
`benchmarks/fuzz.py` runs the same checks on many more."""

from __future__ import annotations

import ast
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import hypothesmith
import pytest
from fuzz.modules import generated_module, mutated_module, seed_packages
from fuzz.oracle import bad_edits, check_module, missing_functions
from fuzz.shapes import CHAINS, SHAPES
from hybridize.analysis import Settings, analyze
from hybridize.analysis.model import FileError, Transformation
from hybridize.analysis.workspace import summarize_source
from hypothesis import HealthCheck, given, settings

DEPTH = 300
CHAIN_LENGTH = 3000  # flat text, but as deep for the analysis (each link needs the next)
SHAPE_SECONDS = 30  # each shape takes well under a second; exponential ones never finish
SHAPE_MEMORY = 2 << 30  # address space of the child (bytes); 300 nested lambdas needed more
MUTATED = 150
GENERATED = 100
SEED = 17  # among seeds 11-18, the one whose modules hit most of the old redefinition crash (4)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (SHAPE_MEMORY, SHAPE_MEMORY))


@pytest.mark.parametrize("shape", sorted(SHAPES) + sorted(CHAINS))
def test_deep_nesting_is_analysed_quickly(tmp_path: Path, shape: str):
    source = SHAPES[shape](DEPTH) if shape in SHAPES else CHAINS[shape](CHAIN_LENGTH)
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "deep.py").write_text(source, encoding="utf-8")
    try:
        run = subprocess.run(
            [sys.executable, "-m", "hybridize", "check", str(tmp_path / "project"),
             "--no-cache", "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
            timeout=SHAPE_SECONDS, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{shape} at {DEPTH} levels still running after {SHAPE_SECONDS} s")
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    # Every function is reported, or the file is an error entry that says why (never dropped).
    assert missing_functions({"deep.py": source.encode()}, report) == []
    for error in report["errors"]:
        assert error["message"]


def test_mutated_real_files(tmp_path: Path):
    """Real TensorFlow files (tests/corpus, examples, benchmark workloads) with lines deleted,
    duplicated, swapped, re-indented or truncated, random decorators and tokens inserted."""
    rng = random.Random(SEED)
    packages = seed_packages()
    failures = []
    for number in range(MUTATED):
        module = mutated_module(rng, packages)
        problems = check_module(module, tmp_path / str(number))
        if problems:
            failures.append(f"module {number} ({module.describe()}):\n" + "\n".join(problems))
    assert not failures, "\n\n".join(failures[:5])


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith compiles odd code
@settings(max_examples=GENERATED, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(source=hypothesmith.from_grammar())
def test_generated_modules(source: str):
    with tempfile.TemporaryDirectory() as workdir:
        assert check_module(generated_module(source), Path(workdir)) == []


LAMBDA_SOURCES = {
    "lambda chain": SHAPES["lambda_chain"](8),
    "applied lambdas": SHAPES["applied_lambdas"](8),
    "augmented target": "d = {}\n\n\ndef g(x):\n"
                        "    d[(lambda a: (lambda b: b)(a))(x)] += 1\n    return x\n",
}


@pytest.mark.parametrize("name", sorted(LAMBDA_SOURCES))
def test_every_lambda_is_summarized_once(name: str):
    """The work per lambda is bounded: one summary per lambda of the text, however deeply
    nested or however often the expression around it is evaluated."""
    source = LAMBDA_SOURCES[name]
    summary = summarize_source(source.encode(), "m.py", "m", "m", False, "digest")
    assert not isinstance(summary, FileError), summary
    lambdas = [fn for fn in summary.functions if fn.name == "<lambda>"]
    assert len(lambdas) == sum(isinstance(n, ast.Lambda) for n in ast.walk(ast.parse(source)))


# Found by the fuzzer (a duplicated or swapped line gives two definitions of one name).
REDEFINED_METHOD = '''
import tensorflow as tf


class Block(tf.keras.layers.Layer):
    def __init__(self, dim):
        super().__init__()
        self.norm = tf.keras.layers.LayerNormalization()
        self.dense = tf.keras.layers.Dense(dim)

    def __init__(self, x):
        return self.dense(self.norm(x))


def run(x):
    return Block(2).dense(x)
'''
REDEFINED_FUNCTION = '''
import tensorflow as tf


def f(x):
    print("tracing")
    return tf.abs(x)


def f(x):
    return tf.abs(x)


def g():
    return f(tf.zeros(2))
'''


def test_a_redefined_method_is_analysed(tmp_path: Path):
    """Both definitions shared one summary key: the first one's placeholders indexed the
    second one's deferred expressions (IndexError)."""
    (tmp_path / "block.py").write_text(REDEFINED_METHOD.lstrip(), encoding="utf-8")
    result = analyze([tmp_path], Settings())
    assert [(r.qualname, r.line) for r in result.functions] == \
        [("Block.__init__", 5), ("Block.__init__", 10), ("run", 14)]


def test_an_earlier_definition_has_a_verdict_of_its_own(tmp_path: Path):
    """The first `f` prints: it was reported safe to hybridize with the second one's facts."""
    (tmp_path / "m.py").write_text(REDEFINED_FUNCTION.lstrip(), encoding="utf-8")
    reports = {r.line: r for r in analyze([tmp_path], Settings()).functions}
    assert reports[4].qualname == reports[9].qualname == "f"
    assert reports[4].transformation is None
    assert reports[4].facts["side_effects"] is not False
    assert reports[9].transformation is Transformation.CONVERT_TO_HYBRID


def test_the_checks_can_fail():
    """The fuzz checks themselves: a body edit, a broken file and a missing def are caught; a
    decorator added above a def with the TensorFlow import is not."""
    before = b"import numpy as np\n\n\ndef f(x):\n    return x * 2\n"
    decorated = b"import numpy as np\nimport tensorflow as tf\n\n\n@tf.function\n" \
        b"def f(x):\n    return x * 2\n"
    assert bad_edits("m.py", before, decorated) == []
    assert bad_edits("m.py", before, before.replace(b"x * 2", b"x * 3"))
    assert bad_edits("m.py", before, b"@tf.function\n" + before.replace(b"def f", b"def f("))
    assert bad_edits("m.py", before, before.replace(b"\n", b"\r\n"))  # line ends are kept
    report = {"errors": [], "functions": [{"file": "m.py", "qualname": "f", "line": 4}]}
    assert missing_functions({"m.py": before}, report) == []
    assert missing_functions({"m.py": before + b"\n\nclass C:\n    def g(self):\n        pass\n"},
                             report) == ["m.py:9: def g is not in the report"]


def test_a_file_too_deep_to_analyse_names_its_construct(tmp_path: Path):
    """Past Python's recursion limit the file is an error entry that says where and what."""
    (tmp_path / "chain.py").write_text(SHAPES["method_chain"](DEPTH), encoding="utf-8")
    # In a fresh interpreter: where the recursive walk runs out of stack depends on how deep the
    # caller already is, and on the recursion limit earlier tests of this process left.
    run = subprocess.run(
        [sys.executable, "-m", "hybridize", "check", str(tmp_path), "--format", "json",
         "--no-cache"], capture_output=True, text=True, timeout=120, cwd=tmp_path.parent)
    errors = json.loads(run.stdout)["errors"]
    assert [(e["file"], e["line"]) for e in errors] == [("chain.py", 5)], errors
    assert "mostly Attribute and Call nodes" in errors[0]["message"]


def test_too_deep_is_decided_the_same_whatever_the_callers_stack(tmp_path: Path):
    """The server's worker, a test deep in its own stack or code that raised the recursion
    limit must find a file too deep exactly when the command line does."""
    (tmp_path / "chain.py").write_text(SHAPES["method_chain"](DEPTH), encoding="utf-8")

    def nested(levels: int) -> list[tuple[str, int | None]]:
        if levels:
            return nested(levels - 1)
        return [(e.file, e.line) for e in analyze([tmp_path], Settings()).errors]

    limit = sys.getrecursionlimit()
    try:
        seen = set()
        for new_limit, levels in ((limit, 0), (limit, 400), (10_000, 0), (10_000, 2_000)):
            sys.setrecursionlimit(new_limit)
            seen.add(tuple(nested(levels)))
    finally:
        sys.setrecursionlimit(limit)
    assert seen == {(("chain.py", 5),)}


def test_too_deep_names_a_line_of_the_file_even_when_shared_nodes_carry_positions():
    """The parser shares one ast.Load() (and each operator) between all trees; other code in the
    process (the equivalence harness did) may set a position on it. The line named is the file's."""
    from hybridize.analysis.syntax import deepest_nesting

    shared = ast.parse("x").body[0].value.ctx  # type: ignore[attr-defined]
    shared.lineno = 99
    try:
        _, line, _ = deepest_nesting(ast.parse(SHAPES["method_chain"](DEPTH)))
    finally:
        del shared.lineno
    assert line == 5
