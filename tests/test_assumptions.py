"""Assumptions a conversion states: STATEFUL_RANDOM, found in the body or in any callee."""

from __future__ import annotations

from pathlib import Path

from hybridize.analysis import Settings, analyze

SOURCE = '''import tensorflow as tf


def jitter(x):
    return x + tf.random.normal(tf.shape(x), stddev=0.01)


def augment(images):
    return tf.image.flip_left_right(jitter(images))


def scale(images):
    return images * 2.0


def seeded(images):
    noise = tf.random.stateless_normal(tf.shape(images), seed=(1, 2))
    return images + noise


def main():
    images = tf.zeros((2, 4, 4, 3))
    augment(images)
    scale(images)
    seeded(images)
'''


def test_stateful_random_is_stated_for_the_drawing_function_and_its_callers(
        tmp_path: Path) -> None:
    (tmp_path / "aug.py").write_text(SOURCE, encoding="utf-8")
    reports = {r.qualname: r for r in analyze([tmp_path], Settings()).functions}
    assumed = {name: [a for a in r.assumptions if a.code == "STATEFUL_RANDOM"]
               for name, r in reports.items()}
    for name in ("jitter", "augment", "scale", "seeded"):
        assert reports[name].transformation == "CONVERT_TO_HYBRID", name
    assert "tf.random.normal() at aug.py:5" in assumed["jitter"][0].message
    assert "tf.random.normal() in jitter at aug.py:5" in assumed["augment"][0].message
    assert assumed["scale"] == []
    assert assumed["seeded"] == []  # stateless ops draw the same numbers in a graph
