"""The abstract values of a few Python idioms (unit level; the corpus covers them end to end)."""

from __future__ import annotations

from hybridize.analysis import values as V
from hybridize.analysis.calls import binop, builtin_result, element_of, unpack


def test_true_division_of_ints_is_a_float() -> None:
    assert binop(frozenset({"int"}), frozenset({"int"}), true_division=True) == {"float"}
    assert binop(frozenset({"int"}), frozenset({"int"})) == {"int"}


def test_enumerate_gives_an_int_index_and_the_element() -> None:
    enumerated = builtin_result("enumerate", [frozenset({V.TF_DATASET})])
    pair = element_of(enumerated)
    assert unpack(pair, 0) == {"int"}
    # A dataset's element: its shape may depend on the data (session 21).
    assert unpack(pair, 1) == {V.DYNAMIC_TENSOR}
    assert element_of(pair) == {"int", V.DYNAMIC_TENSOR}  # iterating over the pair itself


def test_next_of_iter_of_a_dataset_is_a_batch() -> None:
    iterator = builtin_result("iter", [frozenset({V.TF_DATASET})])
    assert element_of(iterator) == {V.DYNAMIC_TENSOR}  # a batch, of a shape the data decides


def test_a_list_is_of_layers_only_when_every_element_is_one() -> None:
    assert V.container_of(frozenset({V.TF_LAYER})) == {V.LIST_OF_LAYERS}
    assert V.container_of(frozenset({V.TF_LAYER, "fn:m:announce"})) == {V.LIST}
    assert V.container_of(frozenset()) == {V.EMPTY_LIST}
    assert element_of(frozenset({V.LIST_OF_LAYERS})) == {V.TF_LAYER}


def test_an_empty_list_holds_what_is_appended_and_nothing_else_is_assumed() -> None:
    # self.blocks = [] plus self.blocks.append(Dense(...)): the attribute's values
    assert element_of(frozenset({V.EMPTY_LIST, V.LIST_OF_LAYERS})) == {V.TF_LAYER}
    # [] alone, or with a list of unknown things: the elements are unknown
    assert element_of(frozenset({V.EMPTY_LIST})) == {V.UNKNOWN}
    assert element_of(frozenset({V.EMPTY_LIST, V.LIST})) == {V.UNKNOWN}
