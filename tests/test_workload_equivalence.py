"""Every conversion the engine proposes on the benchmark workloads keeps behaviour.

The workloads (benchmarks/workloads) are the programs the speedup benchmark refactors with
`hybridize fix`. Each function the engine converts there (default and speculative settings) must
have a case in tests/workload_cases.py; the harness of tests/equivalence.py runs it eagerly and
as a `tf.function` from fresh module state and compares return values, printed output, module
globals, arguments (models and optimizers after a real training step), and the number of traces
(no retrace for a signature already traced). The negative tests run workload functions the engine
declines for a behaviour reason and require the harness to report a difference.
"""

from __future__ import annotations

import hashlib

import pytest
from equivalence import WORKLOADS, WORKLOADS_TREE, differences
from hybridize.analysis import Settings, analyze
from hybridize.analysis.observed import store_observations
from workload_cases import CASES, NEGATIVE, OBSERVED

pytest.importorskip("tensorflow")


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], str | None]:
    """(file, qualname) -> transformation, or the primary failure code, over both settings, and
    with the observed types of workload_cases.OBSERVED (for the files as they are now)."""
    cache = tmp_path_factory.mktemp("observed-cache")
    digests = {f["file"]: hashlib.sha256((WORKLOADS / f["file"]).read_bytes()).hexdigest()
               for f in OBSERVED["functions"]}
    store_observations(cache, str(WORKLOADS), OBSERVED["command"], 0, OBSERVED["functions"],
                       digests)
    found: dict[tuple[str, str], str | None] = {}
    for speculative, observed in ((False, None), (True, None), (False, cache)):
        result = analyze([WORKLOADS], Settings(speculative=speculative, infer_signatures=False,
                                               observed_from=observed))
        for f in result.functions:
            key = (f.file, f.qualname)
            if f.transformation == "CONVERT_TO_HYBRID" or key not in found:
                found[key] = f.transformation or (f.failures[0].code if f.failures else None)
    return found


def _id(key: tuple[str, str]) -> str:
    return f"{key[0]}::{key[1]}"


def test_every_proposed_conversion_is_checked(verdicts: dict) -> None:
    proposed = {k for k, v in verdicts.items() if v == "CONVERT_TO_HYBRID"}
    assert proposed, "the engine proposes no conversion in the workloads"
    assert sorted(proposed - CASES.keys()) == [], "add a case to tests/workload_cases.py"


def test_no_removal_goes_unchecked(verdicts: dict) -> None:
    # The workloads have no removal today; one would need a `decorated=True` case here.
    removals = {k for k, v in verdicts.items() if v in ("CONVERT_TO_EAGER", "RECONFIGURE")}
    assert sorted(removals - CASES.keys()) == [], "add a decorated=True case"


def test_negative_cases_are_declined(verdicts: dict) -> None:
    for key in NEGATIVE:
        assert verdicts.get(key) not in (None, "CONVERT_TO_HYBRID"), key


@pytest.mark.parametrize("key", sorted(CASES), ids=_id)
def test_conversion_keeps_behaviour(key: tuple[str, str], verdicts: dict) -> None:
    if verdicts.get(key) != "CONVERT_TO_HYBRID":
        pytest.skip("the engine does not propose this conversion")
    found = differences(*key, CASES[key], tree=WORKLOADS_TREE)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("key", sorted(NEGATIVE), ids=_id)
def test_harness_sees_changed_behaviour(key: tuple[str, str]) -> None:
    found = differences(*key, NEGATIVE[key], tree=WORKLOADS_TREE)
    assert found, "the harness saw no difference for a function that does change behaviour"
