"""Ground truth, measured (issue 10): the labels of tests/ground_truth.py, and the engine.

(a) Every label is reproduced by running TensorFlow now: each function of tests/corpus/semantics
    and tests/corpus/everyday runs eagerly and as a tf.function (or, already a tf.function, as
    written and with the decorator removed), and SAME / DIFFERS must come out as the table says.
(b) Soundness: no function measured DIFFERS gets a transformation, under the default settings or
    with --speculative. One test per function, so a failure names the function and what differs.
(c) Reach: how many functions measured SAME the engine transforms (printed and recorded, not
    asserted: declining is always sound).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ground_truth import DIFFERS, SAME, TRUTH, measure, measured_label
from hybridize.analysis import Settings, analyze

CORPUS = Path(__file__).parent / "corpus"
FOLDERS = ("semantics/", "everyday/")


def _id(key: tuple[str, str]) -> str:
    return f"{key[0]}::{key[1]}"


@pytest.fixture(scope="module")
def verdicts() -> dict[tuple[str, str], dict[str, Any]]:
    """(file, qualname) -> {"default": report, "speculative": report} for the whole corpus."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for name, speculative in (("default", False), ("speculative", True)):
        result = analyze([CORPUS], Settings(speculative=speculative, infer_signatures=False))
        for report in result.functions:
            found.setdefault((report.file, report.qualname), {})[name] = report
    return found


def test_the_table_covers_the_corpus_folders(
    verdicts: dict[tuple[str, str], dict[str, Any]],
) -> None:
    labelled = set(TRUTH)
    assert labelled <= set(verdicts), "a labelled function the engine does not report"
    assert len(labelled) >= 160
    assert sum(k[0].startswith("everyday/") for k in labelled) >= 40
    assert {t.label for t in TRUTH.values()} == {SAME, DIFFERS}
    assert all(k[0].startswith(FOLDERS) for k in labelled)


@pytest.mark.parametrize("key", list(TRUTH), ids=_id)
def test_label_is_measured(key: tuple[str, str]) -> None:
    behaviour, _retraces = measure(key)
    truth = TRUTH[key]
    assert measured_label(behaviour) == truth.label, (
        f"the table says {truth.label} ({truth.reason}); measured now:\n" + "\n".join(behaviour)
    )


@pytest.mark.parametrize(
    "key", [k for k, t in TRUTH.items() if t.label == DIFFERS], ids=_id
)
def test_no_transformation_for_a_function_that_differs(
    key: tuple[str, str], verdicts: dict[tuple[str, str], dict[str, Any]]
) -> None:
    stated = TRUTH[key].stated
    proposed = {
        settings: getattr(report.transformation, "value", report.transformation)
        for settings, report in verdicts[key].items()
        if report.transformation is not None
        and not (stated and stated in {a.code for a in report.assumptions})
    }
    assert proposed == {}, (
        f"measured DIFFERS ({TRUTH[key].reason}), but the engine proposes {proposed}"
    )


def test_reach_on_functions_that_behave_the_same(
    verdicts: dict[tuple[str, str], dict[str, Any]], record_property: Any
) -> None:
    same = [k for k, t in TRUTH.items() if t.label == SAME]
    for settings in ("default", "speculative"):
        converted = [k for k in same if verdicts[k][settings].transformation is not None]
        record_property(f"reach_{settings}", f"{len(converted)}/{len(same)}")
        print(f"reach ({settings}): {len(converted)} of {len(same)} functions measured SAME "
              "get a transformation")
    assert same
