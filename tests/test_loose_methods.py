"""Bound methods taken as values that may outlive their instance (analysis/loose_methods.py,
session 31): the forms of session 30's open probes and of session 31's red team (`/tmp/s31/rt`,
p06-p46, p105-p121), each a module whose `Scorer.score` the engine proposed and whose traced
call found `self` gone (AttributeError on None, measured with TF 2.21), and the safe uses."""

import ast
import textwrap

import pytest
from hybridize.analysis.loose_methods import loose_methods

HEADER = """
import functools
import operator

import tensorflow as tf


class Scorer:
    def __init__(self, scale):
        self.scale = scale

    def score(self, x):
        return tf.reduce_sum(x) * self.scale
"""


def _loose(body: str) -> list[str]:
    tree = ast.parse(HEADER + textwrap.dedent(body))
    return [name for name, *_ in loose_methods(tree)]


@pytest.mark.parametrize("body", [
    "def make(scale):\n    return Scorer(scale).score\n",  # session 30's p58
    "def make():\n    s = Scorer(2.0)\n    return s.score\n",  # p64
    "def main(x):\n    s = Scorer(2.0)\n    fn = s.score\n    del s\n    return fn(x)\n",  # p61
    "def pick(f):\n    return f\ndef main():\n    s = Scorer(2.0)\n    return pick(s.score)\n",
    "HOOKS = []\ndef main():\n    s = Scorer(2.0)\n    HOOKS.append(s.score)\n",  # p119
    "def main():\n    s = Scorer(2.0)\n    return dict(fn=s.score)\n",  # p13
    "def main(h):\n    s = Scorer(2.0)\n    setattr(h, 'fn', s.score)\n",  # p17
    "def main():\n    return (Scorer(2.0).score,)[0]\n",  # p14
    "def main():\n    s = Scorer(2.0)\n    for fn in [s.score]:\n        yield fn\n",  # p19
    "def main():\n    s = Scorer(2.0)\n    def inner():\n        return s.score\n"
    "    return inner\n",  # p06
    "def main():\n    return operator.attrgetter('score')(Scorer(2.0))\n",  # p07
    "def main(name):\n    fn = getattr(Scorer(2.0), name)\n    return fn\n",  # p08
    "def main():\n    return Scorer.score.__get__(Scorer(2.0))\n",  # p09
    "def main():\n    return [Scorer(2.0)][0].score\n",  # p29
    "def main():\n    from functools import partial as bind\n    s = Scorer(2.0)\n"
    "    return bind(s.score)\n",  # p112
    "class Holder:\n    def __init__(self):\n        for _ in range(2):\n"
    "            self.model = Scorer(2.0)\n        self.step = self.model.score\n",  # p20
    "class Holder:\n    @property\n    def model(self):\n        return Scorer(2.0)\n"
    "    def make(self):\n        self.step = self.model.score\n",  # p21
])
def test_a_bound_method_that_may_outlive_its_instance_is_loose(body: str) -> None:
    assert _loose(body), body


@pytest.mark.parametrize("body", [
    "def main(xs):\n    s = Scorer(2.0)\n    return tf.map_fn(s.score, xs)\n",
    "def main(ds):\n    s = Scorer(2.0)\n    return ds.map(s.score)\n",
    "class Model:\n    def __init__(self):\n        self.model = Scorer(2.0)\n"
    "        self.step = self.model.score\n",  # tf-models-official's export_base
    "def main(x):\n    return x.get_shape().rank == 3\n",
    "def main(x):\n    return tf.nn.relu\n",  # a module's function
    "def main(x):\n    return Scorer.score\n",  # a class's function, bound by the caller
    "def main(x):\n    s = Scorer(2.0)\n    return s.score(x)\n",
    "def main(strategy, x):\n    s = Scorer(2.0)\n    return strategy.run(s.score, args=(x,))\n",
])
def test_a_use_while_the_instance_is_held_is_not_loose(body: str) -> None:
    assert not _loose(body), body


def test_a_class_bodys_alias_is_recorded() -> None:
    """`run = score` (p16): a bound `run` taken as a value is `score` taken."""
    tree = ast.parse(HEADER + "class Runner(Scorer):\n    run = Scorer.score\n"
                     "class Aliased:\n    def score(self, x):\n        return x\n"
                     "    run = score\n")
    assert ("=run", "score", "Aliased") in [(name, text, cls) for name, _, text, _, cls
                                            in loose_methods(tree) if name.startswith("=")]
