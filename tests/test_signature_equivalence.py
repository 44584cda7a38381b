"""Every input_signature the engine proposes (RECONFIGURE, P4, with --infer-signatures) keeps
behaviour: each function runs as written and with the proposed signature, on argument sets of
other shapes, in the harness of tests/equivalence.py (the signature version must not retrace)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from equivalence import Case, differences
from hybridize.analysis import Settings, analyze

tf = pytest.importorskip("tensorflow")

CORPUS = Path(__file__).parent / "corpus"


def _x(*shape: int, seed: int = 1) -> Any:
    return tf.random.stateless_normal(shape, seed=(seed, 11))


def _sets(*arg_sets: tuple) -> Any:
    return lambda load: list(arg_sets)


VECTORS = _sets((_x(3),), (_x(5, seed=2),), (tf.constant([-2.0, 0.5, 3.0]),), (_x(1, seed=3),))
MATRICES = _sets((_x(2, 3),), (_x(4, 3, seed=2),), (_x(1, 7, seed=3),), (tf.zeros((3, 2)),))
# R3's signatures keep the size every call site gives (3 features): batches of other sizes,
# and a zero row that makes check_numerics fail both ways.
ROWS_OF_3 = _sets((_x(2, 3),), (_x(4, 3, seed=2),), (_x(1, 3, seed=3),), (tf.zeros((3, 3)),))
SCALARS = _sets((tf.constant(2.0),), (tf.constant(-0.5),), (tf.constant(float("inf")),),
                (tf.constant(0.0),))

ARGS: dict[tuple[str, str], Any] = {
    ("retracing/steps.py", "batch_total"): MATRICES,
    ("semantics/decorators.py", "traced_softmax"): MATRICES,
    ("semantics/star.py", "traced_square"): SCALARS,
    ("semantics/traced.py", "squared_norm"): VECTORS,
    ("semantics/traced.py", "row_means"): MATRICES,
    ("semantics/traced.py", "sorted_values"): VECTORS,
    ("serving/kernels.py", "fused_gelu"): MATRICES,
    ("shapes/steps.py", "batch_mean"): ROWS_OF_3,
    ("shapes/steps.py", "normalize_rows"): ROWS_OF_3,
    ("shapes/steps.py", "weighted"): MATRICES,
    ("serving/kernels.py", "rms_norm"): MATRICES,
    ("serving/pipeline.py", "clip_scores"): _sets(
        (tf.constant([-0.5, 0.2, 1.5]),), (_x(6, seed=2),), (tf.constant([0.3]),)),
}


WRAPPED = {("semantics/decorators.py", "traced_softmax")}


STATED: set[tuple[str, str]] = set()  # proposals whose verdict states TRACE_TIME_ERRORS


def _proposals() -> dict[tuple[str, str], str]:
    found = {}
    for report in analyze([CORPUS], Settings(infer_signatures=True)).functions:
        if report.transformation is not None and report.transformation.value == "RECONFIGURE":
            signature = report.reason.rpartition("input_signature=")[2]
            found[(report.file, report.qualname)] = signature
            if any(a.code == "TRACE_TIME_ERRORS" for a in report.assumptions):
                STATED.add((report.file, report.qualname))
    return found


PROPOSALS = _proposals()


def test_every_proposed_signature_is_checked() -> None:
    assert PROPOSALS, "the engine proposes no input_signature in the corpus"
    assert sorted(set(PROPOSALS) - set(ARGS)) == [], "add argument sets to ARGS"


@pytest.mark.parametrize("key", sorted(PROPOSALS), ids=lambda k: f"{k[0]}::{k[1]}")
def test_proposed_signature_keeps_behaviour(key: tuple[str, str]) -> None:
    # Under another decorator (`@logged` over `@tf.function`), the module's name is the wrapper.
    entry = key[1] if key in WRAPPED else None
    found = differences(*key, Case(args=ARGS[key], signature=PROPOSALS[key], entry=entry),
                        trace_time_errors=key in STATED)
    assert found == [], "\n".join(found)
