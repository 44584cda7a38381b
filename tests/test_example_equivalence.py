"""Every proposal the engine makes on the bundled example project keeps behaviour, conversions and
removals alike: each runs eagerly and as a tf.function (or, for a removal, as written and with the
decorator removed) in the harness of tests/equivalence.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from equivalence import Args, Case, Loader, Tree, differences
from hybridize.analysis import Settings, analyze

tf = pytest.importorskip("tensorflow")

EXAMPLES = (Path(__file__).parent.parent / "examples").resolve()
TREE = Tree(EXAMPLES, per_folder=True)  # a script folder: modules import by bare name


def _rng(shape: tuple[int, ...], seed: int) -> tf.Tensor:
    return tf.random.stateless_normal(shape, seed=(seed, 3))


def _labels(n: int, seed: int) -> tf.Tensor:
    return tf.random.stateless_uniform((n,), seed=(seed, 5), maxval=10, dtype=tf.int32)


def _images(n: int, seed: int) -> tf.Tensor:
    pixels = tf.random.stateless_uniform((n, 28, 28), seed=(seed, 9), maxval=256, dtype=tf.int32)
    return tf.cast(pixels, tf.uint8)


def _classifier_batches(load: Loader) -> list[Args]:
    model = load("model").MnistClassifier(hidden_units=16)
    images = [load("model").preprocess(_images(n, seed)) for n, seed in ((4, 1), (2, 2), (4, 3))]
    return [(model, x) for x in images]


CASES: dict[tuple[str, str], Case] = {
    ("mnist_trainer/train.py", "compute_loss"): Case(args=lambda load: [
        (_labels(4, 1), _rng((4, 10), 1)), (_labels(2, 2), _rng((2, 10), 2)),
        (_labels(4, 3), 50.0 * _rng((4, 10), 3)), (_labels(4, 1), _rng((4, 10), 1)),
    ]),
    ("mnist_trainer/utils.py", "scaled_l2"): Case(args=lambda load: [
        (_rng((4, 10), 1),), (_rng((2, 3), 2),), (tf.zeros((1, 10)),), (_rng((4, 10), 1),),
    ]),
    ("mnist_trainer/model.py", "predict_classes"): Case(args=_classifier_batches),
    # Removals: run as written (traced) and with the decorator removed.
    ("mnist_trainer/train.py", "learning_rate_for_epoch"): Case(
        args=lambda load: [(0,), (1,), (2,), (5,), (0,)], decorated=True),
    ("mnist_trainer/train.py", "pack_logs"): Case(
        args=lambda load: [(tf.constant(0.5), tf.constant(0.25)),
                           (tf.constant(1.5), tf.constant(0.75)),
                           (tf.constant(0.5), tf.constant(0.25))], decorated=True),
}


@pytest.fixture(scope="module")
def proposals() -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for speculative in (False, True):
        for report in analyze([EXAMPLES], Settings(speculative=speculative)).functions:
            if report.transformation is not None:
                found[(report.file, report.qualname)] = report.transformation.value
    return found


def test_every_proposal_on_the_example_is_checked(proposals: dict) -> None:
    assert proposals, "the engine proposes nothing on the example project"
    assert sorted(set(proposals) - set(CASES)) == [], "add a case to this file"


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: f"{k[0]}::{k[1]}")
def test_proposal_keeps_behaviour(key: tuple[str, str], proposals: dict) -> None:
    if key not in proposals:
        pytest.skip("the engine does not propose this change")
    found = differences(*key, CASES[key], tree=TREE)
    assert found == [], "\n".join(found)
