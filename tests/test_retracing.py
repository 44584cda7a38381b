"""Repairs that keep the graph (issue 16, analysis/retracing.py, refactor/repairs.py): deprecated
decorator arguments renamed (R1), Python numbers passed as tensors at every call site (R2), and
the reasons a repair is declined."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers_project import analyse, write_project
from hybridize.cli import main

PROJECT = {
    "pkg/__init__.py": "",
    "pkg/steps.py": '''
        import tensorflow as tf


        @tf.function(experimental_relax_shapes=True)
        def scale(x, n):
            return x * n


        @tf.function(experimental_compile=True, autograph=True)
        def shift(x, k):
            return tf.add(x, tf.cast(k, tf.float32))


        @tf.function
        def head(x, k):
            return x[:k]


        @tf.function
        def repeat(x, k):
            for _ in range(k):
                x = x * 2.0
            return x


        @tf.function
        def damp(x, lr):
            return x * (lr * 0.3)
        ''',
    "pkg/train.py": '''
        from pkg import steps
        from pkg.steps import head, repeat, scale

        import tensorflow as tf


        def main():
            x = tf.ones([3])
            for n in range(5):
                scale(x, n)
                steps.shift(x, k=n + 1)
                head(x, n)
                repeat(x, n)
                steps.damp(x, 0.1 * n)
        ''',
    "pkg/other.py": '''
        from pkg.steps import scale


        def loop(x):
            for step in range(10):
                scale(x, step * 2)
        ''',
}


def _by_name(root: Path) -> dict:
    return {r.qualname: r for r in analyse(root).functions}


def test_deprecated_arguments_are_named_with_the_version(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    reports = _by_name(tmp_path)
    rename = [r for r in reports["scale"].repairs if r.kind == "RENAME_DEPRECATED_ARGUMENTS"]
    assert rename and rename[0].renames == (("experimental_relax_shapes", "reduce_retracing"),)
    assert "TensorFlow 2.9" in rename[0].message
    compile_ = [r for r in reports["shift"].repairs if r.kind == "RENAME_DEPRECATED_ARGUMENTS"]
    assert compile_[0].renames == (("experimental_compile", "jit_compile"),)
    assert "TensorFlow 2.5" in compile_[0].message
    assert not [r for r in reports["head"].repairs if r.kind == "RENAME_DEPRECATED_ARGUMENTS"]


def test_python_numbers_become_tensors_at_every_call_site(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    reports = _by_name(tmp_path)
    scale = next(r for r in reports["scale"].repairs if r.kind == "PASS_TENSOR_ARGUMENTS")
    # `x * n` with a float32 x: TensorFlow converts the Python int to float32.
    assert scale.parameter == "n" and scale.dtype == "float32" and scale.opt_in
    assert {(s.file, s.line) for s in scale.sites} == {("pkg/train.py", 10),
                                                       ("pkg/other.py", 6)}
    shift = next(r for r in reports["shift"].repairs if r.kind == "PASS_TENSOR_ARGUMENTS")
    assert shift.dtype is None and shift.sites[0].keyword == "k"  # only cast: any dtype


def test_python_uses_decline_the_repair_and_say_why(tmp_path: Path):
    write_project(tmp_path, PROJECT)
    reports = _by_name(tmp_path)
    for name, words in (("head", "slices with it"), ("repeat", "passes it to range()"),
                        ("damp", "double precision")):
        report = reports[name]
        assert not [r for r in report.repairs if r.kind == "PASS_TENSOR_ARGUMENTS"], name
        assert words in report.reason, (name, report.reason)


def test_fix_renames_always_and_wraps_call_sites_only_when_asked(tmp_path: Path):
    write_project(tmp_path / "plain", PROJECT)
    assert main(["fix", str(tmp_path / "plain"), "--no-cache"]) == 0
    assert "@tf.function(jit_compile=True, autograph=True)" in \
        (tmp_path / "plain/pkg/steps.py").read_text()
    assert "scale(x, n)\n" in (tmp_path / "plain/pkg/train.py").read_text()  # not asked

    root = write_project(tmp_path / "asked", PROJECT)
    assert main(["fix", str(root), "--no-cache", "--repair-retracing"]) == 0
    steps = (root / "pkg/steps.py").read_text()
    train = (root / "pkg/train.py").read_text()
    other = (root / "pkg/other.py").read_text()
    # The repaired functions keep their decorator, renamed.
    assert "@tf.function(reduce_retracing=True)\ndef scale" in steps
    assert "@tf.function(jit_compile=True, autograph=True)\ndef shift" in steps
    assert "scale(x, tf.constant(n, dtype=tf.float32))" in train
    assert "steps.shift(x, k=tf.constant(n + 1))" in train
    # other.py had no TensorFlow import: it gets one.
    assert "import tensorflow as tf\n" in other
    assert "scale(x, tf.constant(step * 2, dtype=tf.float32))" in other
    for text in (steps, train, other):
        ast.parse(text)
    before = {p: p.read_text() for p in root.rglob("*.py")}
    assert main(["fix", str(root), "--no-cache", "--repair-retracing"]) == 0
    assert {p: p.read_text() for p in root.rglob("*.py")} == before


def test_json_report_lists_the_repairs(tmp_path: Path):
    from hybridize.report.json_report import function_json

    write_project(tmp_path, PROJECT)
    entry = function_json(_by_name(tmp_path)["scale"])
    kinds = [r["kind"] for r in entry["repairs"]]
    assert kinds == ["RENAME_DEPRECATED_ARGUMENTS", "PASS_TENSOR_ARGUMENTS"]
    tensor = entry["repairs"][1]
    assert tensor["transformation"] == "RECONFIGURE" and tensor["precondition"] == "R2"
    assert tensor["dtype"] == "float32" and tensor["opt_in"] is True
    assert {(s["file"], s["line"], s["position"]) for s in tensor["sites"]} == \
        {("pkg/train.py", 10, 1), ("pkg/other.py", 6, 1)}


def test_a_rename_does_not_change_the_verdict(tmp_path: Path):
    # experimental_relax_shapes only sets reduce_retracing=True (TF 2.21, measured): renaming it
    # (R1) must not turn a kept function into a removal.
    step = '''
        import tensorflow as tf


        @tf.function({argument}=True)
        def shift(x, epoch):
            return x + tf.cast(epoch, tf.float32)


        def main():
            for epoch in range(5):
                shift(tf.ones([2]), epoch)
        '''
    verdicts = []
    for argument in ("experimental_relax_shapes", "reduce_retracing"):
        root = write_project(tmp_path / argument, {"m.py": step.format(argument=argument)})
        report = _by_name(root)["shift"]
        verdicts.append((report.transformation, report.precondition))
    assert verdicts[0] == verdicts[1]


def test_bounded_values_keep_the_graph_and_say_how_many_traces(tmp_path: Path):
    root = write_project(tmp_path, {"m.py": '''
        import tensorflow as tf


        @tf.function
        def forward(x, training):
            if training:
                return x * 0.5
            return x


        def main():
            x = tf.ones([2])
            for _ in range(10):
                forward(x, True)
            forward(x, False)
        '''})
    report = _by_name(root)["forward"]
    assert report.transformation is None and not report.repairs
    assert "one graph per distinct value, each traced once and reused" in report.reason


def test_a_kept_function_that_retraces_says_so_with_its_repair(tmp_path: Path):
    # shift's jit_compile blocks the removal (P3): the verdict keeps it and names the repair.
    write_project(tmp_path, PROJECT)
    reason = _by_name(tmp_path)["shift"].reason
    assert reason.startswith("kept: removing the decorator would change behaviour")
    assert "it retraces on every new value: pass `k` as a tensor (tf.constant(k))" in reason
