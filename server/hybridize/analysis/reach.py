"""Reach: the share of candidate functions that the engine can refactor.

Counted like the published evaluation of the Hybridize Functions refactoring (Khatchadourian et
al., ASE 2023: 326 of 766 candidate functions refactorable, 42.6%), with candidates defined from
this engine's own facts, so that the figure never counts a function the engine did not look at:

- a *candidate* is a `tf.function` (one of the hybrid refactorings may apply to it), or an eager
  function with a tensor parameter (the `tensor_parameter` fact is true: a call site passes a
  tensor, a parameter is annotated as one, Keras passes tensors to a layer's `call`, or under
  `--speculative` the function itself suggests it). An eager function with no tensor argument,
  or whose arguments are unknown, is not a candidate: graph execution has nothing to offer it
  that the engine could show;
- a candidate is *refactorable* when the engine proposes a transformation for it (any kind).

The figures are plain counts over the verdicts (no timing, no order of discovery), so the same
sources always give the same figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from hybridize.analysis.model import FunctionReport, Transformation


@dataclass(frozen=True)
class Reach:
    candidates_eager: int = 0
    candidates_hybrid: int = 0
    # Proposals on candidates, by kind (every kind present, 0 when none).
    proposals: dict[str, int] = field(default_factory=dict)
    # Candidates with no proposal, by the code of their first failure (most frequent first).
    declined: dict[str, int] = field(default_factory=dict)
    # Candidates with no proposal and no failure: tf.functions already in their best form or
    # retracing only for a few Python values, and verdicts a suppression comment emptied.
    kept_as_is: int = 0

    @property
    def candidates(self) -> int:
        return self.candidates_eager + self.candidates_hybrid

    @property
    def refactorable(self) -> int:
        return sum(self.proposals.values())

    @property
    def share(self) -> float | None:
        """Refactorable candidates over candidates; None when there is no candidate."""
        return self.refactorable / self.candidates if self.candidates else None


def is_candidate(report: FunctionReport) -> bool:
    return report.hybrid or report.facts.get("tensor_parameter") is True


def measure_reach(functions: Iterable[FunctionReport]) -> Reach:
    eager = hybrid = kept = 0
    proposals = Counter({kind.value: 0 for kind in Transformation})
    declined: Counter[str] = Counter()
    for report in functions:
        if not is_candidate(report):
            continue
        if report.hybrid:
            hybrid += 1
        else:
            eager += 1
        if report.transformation is not None:
            proposals[report.transformation.value] += 1
        elif report.failures:
            declined[report.failures[0].code] += 1
        else:
            kept += 1
    ordered = dict(sorted(declined.items(), key=lambda item: (-item[1], item[0])))
    return Reach(eager, hybrid, dict(proposals), ordered, kept)
