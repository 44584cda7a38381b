"""Eager vs tf.function on the real tf-models-official 2.20.0 functions of the construct rules
(issue 12, constructs), from the sources unpacked under ~/.cache/hybridize-realcode
(tests/realcode.py).

Part 1: the conversions the `with tf.name_scope` rule (analysis/scoped_assignments.py) adds, run
both ways on synthetic boxes (several ranks, an empty batch, int boxes, a last dimension that does
not split): "equal", or "raise A/B" when both runs raise (an op error eagerly, a shape or dtype
error traced: the TRACE_TIME_ERRORS assumption their verdicts state). Part 2: tf.cond functions
that stay declined (tfapi.GRAPH_BUILDS_EVERY_BRANCH), with an input each where the two differ.
Functions are taken from the source with `ast` and run with only `tf`, `np` and box_ops around
them (their modules import tf_keras and gin, which these functions never use).

    .venv/bin/python benchmarks/constructs_realcode.py
"""

from __future__ import annotations

import ast
import os
import typing
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf

ROOT = os.path.expanduser("~/.cache/hybridize-realcode/tf-models-official-2.20.0/official/")
Runs = list[tuple[tuple[Any, ...], dict[str, Any]]]


def extract(path: str, names: list[str], env: dict[str, Any]) -> dict[str, Any]:
    """The named top-level functions of a module, defined in `env` (nothing else runs)."""
    tree = ast.parse(open(ROOT + path, encoding="utf-8").read())
    nodes: list[ast.stmt] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and
                             n.name in names]
    exec(compile(ast.Module(nodes, []), ROOT + path, "exec"), env)  # noqa: S102
    return env


def rng(shape: tuple[int, ...], seed: int) -> tf.Tensor:
    return tf.random.stateless_uniform(shape, seed=(seed, 3))


def outcome(fn: Callable[..., Any], args: tuple[Any, ...], kw: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", tf.nest.map_structure(np.asarray, fn(*args, **kw))
    except Exception as error:  # noqa: BLE001 - a failure is an outcome to compare
        return "raised", type(error).__name__


def compare(name: str, fn: Callable[..., Any], runs: Runs) -> None:
    verdicts = []
    for args, kw in runs:
        (ke, ve), (kg, vg) = outcome(fn, args, kw), outcome(tf.function(fn), args, kw)
        if ke == kg == "ok":
            same = all(a.dtype == b.dtype and a.shape == b.shape and
                       np.allclose(a, b, atol=1e-5, equal_nan=True)
                       for a, b in zip(tf.nest.flatten(ve), tf.nest.flatten(vg), strict=True))
            verdicts.append("equal" if same else "DIFFER")
        elif ke == kg == "raised":
            verdicts.append(f"raise {ve}/{vg}")
        else:
            verdicts.append(f"DIFFER {ke} {ve if ke == 'raised' else ''} vs {kg} "
                            f"{vg if kg == 'raised' else ''}")
    print(f"{name:36s} {verdicts}")


def describe(fn: Callable[..., Any], args: tuple[Any, ...], seed: int | None) -> str:
    if seed is not None:
        tf.random.set_seed(seed)
    try:
        result = fn(*args)
    except Exception as error:  # noqa: BLE001 - a failure is an outcome to show
        return f"raised {type(error).__name__}"
    shown = np.asarray(result).tolist() if np.size(result) < 6 else np.shape(result)
    return f"{type(result).__name__} {getattr(result, 'dtype', '')} {shown}"


def contrast(label: str, fn: Callable[..., Any], *args: Any, seed: int | None = None) -> None:
    eager = describe(fn, args, seed)
    traced = describe(tf.function(fn), args, seed)
    print(f"{label:52s} eager {eager:34s} traced {traced}")


def main() -> None:
    env: dict[str, Any] = {"tf": tf, "np": np, "math": __import__("math"),
                           "Optional": typing.Optional}
    box_names = ["yxyx_to_xcycwh", "xcycwh_to_yxyx", "intersect_and_union",
                 "smallest_encompassing_box", "compute_iou", "compute_giou", "compute_diou",
                 "compute_ciou", "aggregated_comparitive_iou"]
    mo = extract("projects/yolo/ops/math_ops.py", ["rm_nan_inf", "rm_nan", "divide_no_nan"],
                 dict(env))
    math_ops = type("math_ops", (), {n: staticmethod(mo[n]) for n in
                                     ("rm_nan_inf", "rm_nan", "divide_no_nan")})
    bo = extract("projects/yolo/ops/box_ops.py", box_names, dict(env, math_ops=math_ops))
    box_module = type("box_ops", (), {n: staticmethod(bo[n]) for n in box_names})
    shift = tf.constant([0.0, 0.0, 0.5, 0.5])
    pairs = [(rng((2, 5, 4), 1) + shift, rng((2, 5, 4), 2) + shift),
             (rng((3, 4), 3), rng((3, 4), 4)),
             (tf.zeros((0, 4)), tf.zeros((0, 4))),
             (tf.constant([[1, 2, 5, 8]]), tf.constant([[1, 2, 5, 8]])),
             (rng((2, 3), 5), rng((2, 3), 6))]
    print("-- conversions added by the `with tf.name_scope` rule")
    for name in box_names[:2]:
        compare(name, bo[name], [((a,), {}) for a, _ in pairs])
    for name in box_names[2:8]:
        compare(name, bo[name], [((a, b), {}) for a, b in pairs] +
                [((a, b), {"yxyx": True}) for a, b in pairs[:2]])
    compare("aggregated_comparitive_iou", bo["aggregated_comparitive_iou"],
            [((a, b), {"iou_type": t}) for a, b in pairs[:3] for t in (0, 1, 2)])
    nms = extract("projects/centernet/ops/nms_ops.py", ["aggregated_comparative_iou"],
                  dict(env, box_ops=box_module))
    compare("centernet aggregated_comparative_iou", nms["aggregated_comparative_iou"],
            [((a, b), {"iou_type": t}) for a, b in pairs[:3] for t in ("iou", "giou", "diou")])
    km = extract("projects/yolo/ops/kmeans_anchors.py", ["_iou"], dict(env, box_ops=box_module))
    compare("kmeans_anchors._iou", km["_iou"], [
        ((rng((5, 1, 2), 1), rng((1, 3, 2), 2)), {}),
        ((rng((4, 1, 2), 3), rng((1, 4, 2), 4)), {"iou_type": "giou"}),
        ((tf.zeros((0, 1, 2)), rng((1, 2, 2), 5)), {}), ((rng((2, 3), 6), rng((2, 3), 7)), {})])
    tpu = extract("vision/modeling/layers/edgetpu.py", ["_tensor_sum_vectors"], dict(env))
    compare("edgetpu._tensor_sum_vectors", tpu["_tensor_sum_vectors"], [
        ((rng((1, 4), 1), rng((1, 4), 2)), {}), ((rng((3, 6), 3), rng((3, 6), 4)), {}),
        ((tf.range(5.0), -tf.range(5.0)), {}), ((rng((2, 3), 5), rng((3, 3), 6)), {})])
    aug = extract("vision/ops/augment.py", ["_get_gaussian_kernel", "_randomly_negate_tensor",
                                            "_concat_bbox", "autocontrast"], dict(env))
    compare("augment._get_gaussian_kernel", aug["_get_gaussian_kernel"], [
        ((tf.constant(1.0), 3), {}), ((tf.constant(0.5, tf.float64), 5), {}),
        ((tf.constant(2.0), 1), {}), ((tf.constant(0.0), 3), {}),
        ((tf.constant(1, tf.int32), 3), {})])

    print("-- tf.cond functions that stay declined: an input where eager and traced differ")
    for seed in range(3):
        contrast(f"_randomly_negate_tensor(0.5), seed {seed}", aug["_randomly_negate_tensor"],
                 0.5, seed=seed)
    flips = extract("vision/ops/preprocess_ops_3d.py", ["random_flip_left_right"], dict(env))
    for seed in range(2):
        contrast(f"random_flip_left_right(rank-2 frames), seed {seed}",
                 flips["random_flip_left_right"], tf.ones((2, 3)), seed=seed)
    contrast("_concat_bbox(bbox, rank-1 bboxes of -1)", aug["_concat_bbox"],
             tf.constant([0.1, 0.2, 0.3, 0.4]), tf.constant([-1.0, -1.0, -1.0, -1.0]))
    contrast("autocontrast(float32 image of one value)", aug["autocontrast"],
             tf.fill((2, 2, 3), 7.0))
    contrast("autocontrast(uint8 image)", aug["autocontrast"],
             tf.cast(tf.reshape(tf.range(12), (2, 2, 3)), tf.uint8))


if __name__ == "__main__":
    main()
