"""A call argument's single root is picked by rank, never by the order of a set (speed-14).

keras_hub's beam_sampler gave an argument the root `new` under some PYTHONHASHSEED values and
`nl:beam_indices` under others: both ranked 2 by their first letter, and `min` kept whichever
the set yielded first.
"""

from __future__ import annotations

import itertools

from hybridize.analysis.bodies import _root_rank


def test_the_pick_does_not_depend_on_the_order() -> None:
    roots = ["new", "nl:beam_indices", "nl:a"]
    picks = {min(order, key=_root_rank) for order in itertools.permutations(roots)}
    assert len(picks) == 1


def test_a_parameter_outranks_a_local() -> None:
    assert min(["nl:x", "p:y"], key=_root_rank) == "p:y"
