"""R3, shapes that vary (issue 16, analysis/shapes.py, refactor/repairs.py): which evidence the
engine accepts, when it declines and says why, and what `fix` and the editor make of it. That
the repairs keep results and trace once per signature is run in tests/test_repair_equivalence.py
(tests/corpus/shapes)."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers_project import analyse, write_project
from hybridize.cli import main

STEP = '''
    import tensorflow as tf


    @tf.function
    def step(x):
        {body}
    '''


def _shape_repairs(tmp_path: Path, caller: str, body: str = "return tf.reduce_sum(x, axis=0)",
                   **settings: bool) -> list:
    root = write_project(tmp_path, {"m.py": STEP.format(body=body) + caller})
    report = next(r for r in analyse(root, **settings).functions if r.qualname == "step")
    return [r for r in report.repairs if r.precondition == "R3"]


def _kinds(repairs: list) -> list[tuple[str, str | None]]:
    return [(r.kind, r.argument) for r in repairs]


SIGNATURE = "input_signature=[tf.TensorSpec(shape=(None, 3), dtype=tf.float32)]"


def test_a_loop_over_literal_batch_sizes_gets_a_signature_and_reduce_retracing(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    def main():
        for size in (4, 8, 16):
            step(tf.ones([size, 3]))
    ''')
    assert _kinds(repairs) == [("ADD_INPUT_SIGNATURE", SIGNATURE),
                               ("REDUCE_RETRACING", "reduce_retracing=True")]
    assert "`x` takes 3 shapes at m.py:10" in repairs[0].message
    assert "for size in (4, 8, 16) (line 9)" in repairs[0].message


def test_ranges_arithmetic_and_locals_are_evidence(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    def main():
        for epoch in range(2, 5):
            batch = tf.random.normal((epoch * 8, 3))
            step(batch)
    ''')
    assert _kinds(repairs)[0] == ("ADD_INPUT_SIGNATURE", SIGNATURE)
    assert "`x` takes 3 shapes" in repairs[0].message


def test_a_slice_of_a_tensor_of_unknown_rank_gets_reduce_retracing_only(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    def main(features):
        return [step(features[:, :n]) for n in range(1, 9)]


    main(tf.zeros([2, 8]))
    ''')
    assert _kinds(repairs) == [("REDUCE_RETRACING", "reduce_retracing=True")]
    assert "`x` takes 8 shapes" in repairs[0].message


def test_without_evidence_nothing_is_offered(tmp_path: Path):
    for index, caller in enumerate(('''
    def main():
        step(tf.ones([4, 3]))
        step(tf.ones([4, 3]))
    ''', '''
    def main(sizes):
        for size in sizes:  # not literal: the engine does not know how many values
            step(tf.ones([size, 3]))
    ''', '''
    def main():
        for size in (4, 8):
            batch = tf.ones([size, 3])
        step(batch)  # after the loop: one shape
    ''', '''
    def main():
        for size in (4, 4):
            step(tf.ones([size, 3]))
    ''')):
        assert _shape_repairs(tmp_path / str(index), caller) == [], caller


def test_a_dimension_read_as_a_python_value_declines_and_says_why(tmp_path: Path):
    caller = '''
    def main():
        for size in (4, 8, 16):
            step(tf.ones([size, 3]))
    '''
    for index, (body, words) in enumerate((
            ("return tf.reshape(x, [x.shape[0], -1])", "reads x.shape[0] (line 6)"),
            ("return x[: len(x) // 2]", "reads len(x) (line 6)"),
            ("return tf.zeros(x.shape)", "reads x.shape (line 6)"),
            ("y = x * 2.0\n        return y[: y.shape[0]]", "reads the static shape y.shape"),
            ("return tf.add_n(tf.unstack(x))", "reads tf.unstack(x) (line 6)"))):
        repairs = _shape_repairs(tmp_path / str(index), caller, body)
        assert _kinds(repairs) == [("VARYING_SHAPES", None)], body
        assert words in repairs[0].message, (body, repairs[0].message)


def test_a_dimension_every_call_site_gives_the_same_size_may_be_read(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    def main():
        for size in (4, 8, 16):
            step(tf.ones([size, 3]))
    ''', "return tf.reshape(x, [-1, x.shape[-1]]) + tf.unstack(x, axis=1)[0][0]")
    assert _kinds(repairs)[0] == ("ADD_INPUT_SIGNATURE", SIGNATURE)


def test_call_sites_that_disagree_on_the_dtype_get_reduce_retracing_only(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    def main():
        for size in (4, 8, 16):
            step(tf.ones([size, 3]))
        step(tf.ones([2, 3], dtype=tf.float64))
    ''')
    assert _kinds(repairs) == [("REDUCE_RETRACING", "reduce_retracing=True")]


def test_a_function_tensorflow_also_traces_is_declined(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    def main():
        for size in (4, 8):
            step(tf.ones([size, 3]))
        return tf.data.Dataset.from_tensor_slices(tf.ones([4, 2, 3])).map(step)
    ''')
    assert _kinds(repairs) == [("VARYING_SHAPES", None)]
    assert "traced by TensorFlow" in repairs[0].message


PROJECT = {
    "pkg/__init__.py": "",
    "pkg/steps.py": '''
        import tensorflow as tfx


        @tfx.function
        def batch_mean(x):
            return tfx.reduce_mean(x, axis=0)


        @tfx.function(jit_compile=False,)
        def lengths(tokens):
            return tfx.reduce_sum(tokens, axis=-1)
        ''',
    "pkg/run.py": '''
        import tensorflow as tf

        from pkg.steps import batch_mean, lengths


        def main(features):
            for size in (4, 8, 16):
                batch_mean(tf.ones([size, 3]))
            return [lengths(features[:, :n]) for n in range(2, 6)]
        ''',
}


def test_fix_adds_reduce_retracing_and_the_signature_only_when_asked(tmp_path: Path):
    root = write_project(tmp_path / "plain", PROJECT)
    assert main(["fix", str(root), "--no-cache"]) == 0
    steps = (root / "pkg/steps.py").read_text()
    assert "@tfx.function(reduce_retracing=True)\ndef batch_mean" in steps
    assert "@tfx.function(jit_compile=False, reduce_retracing=True)\ndef lengths" in steps
    ast.parse(steps)

    root = write_project(tmp_path / "signatures", PROJECT)
    assert main(["fix", str(root), "--no-cache", "--infer-signatures"]) == 0
    steps = (root / "pkg/steps.py").read_text()
    # The file's own name for TensorFlow; one decorator argument per function.
    assert "@tfx.function(input_signature=[tfx.TensorSpec(shape=(None, 3), " \
        "dtype=tfx.float32)])\ndef batch_mean" in steps
    assert "@tfx.function(jit_compile=False, reduce_retracing=True)\ndef lengths" in steps
    before = {p: p.read_text() for p in root.rglob("*.py")}
    assert main(["fix", str(root), "--no-cache", "--infer-signatures"]) == 0
    assert {p: p.read_text() for p in root.rglob("*.py")} == before


def test_json_and_code_actions_name_the_argument(tmp_path: Path):
    from hybridize.lsp.code_actions import offers_for
    from hybridize.report.json_report import function_json

    root = write_project(tmp_path, PROJECT)
    reports = {r.qualname: r for r in analyse(root).functions}
    entry = function_json(reports["batch_mean"])
    assert [(r["kind"], r["precondition"], r["argument"]) for r in entry["repairs"]] == [
        ("ADD_INPUT_SIGNATURE", "R3", SIGNATURE),
        ("REDUCE_RETRACING", "R3", "reduce_retracing=True")]
    titles = [o.title for o in offers_for(reports["batch_mean"], list(reports.values()), [])]
    assert titles[:2] == [
        "Keep the graph: add input_signature with None where the shapes vary (shapes that vary)",
        "Keep the graph: add reduce_retracing=True (shapes that vary)"]


def test_module_constants_count_as_literal_values(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    MAX_LENGTH = 64
    STRIDE = 8
    SIZES = (4, 8)


    def main(features):
        for length in range(STRIDE, MAX_LENGTH + 1, STRIDE):
            step(features[:, :length])
        for size in SIZES:
            step(tf.ones([size, 3]))
    ''')
    assert _kinds(repairs) == [("REDUCE_RETRACING", "reduce_retracing=True")]
    assert "`x` takes 8 shapes" in repairs[0].message
    # A constant the function rebinds is not one.
    assert _shape_repairs(tmp_path / "rebound", '''
    SIZES = (4, 8)


    def main(SIZES):
        for size in SIZES:
            step(tf.ones([size, 3]))
    ''') == []


def test_padded_batches_of_a_dataset_get_reduce_retracing(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    def main(tokens):
        dataset = tf.data.Dataset.from_tensor_slices(tokens).shuffle(64)
        for batch in dataset.padded_batch(8, [None]).prefetch(1):
            step(batch)
    ''', "return tf.reduce_sum(x, axis=-1)")
    assert _kinds(repairs) == [("REDUCE_RETRACING", "reduce_retracing=True")]
    assert "`x` takes several shapes" in repairs[0].message
    assert "padded to its own longest element" in repairs[0].message
    # The batch size read as a Python value: declined.
    declined = _shape_repairs(tmp_path / "read", '''
    def main(tokens):
        for x, _ in tf.data.Dataset.from_tensor_slices(tokens).padded_batch(8, ([None], [])):
            step(x)
    ''', "return x[: x.shape[0] // 2]")
    assert _kinds(declined) == [("VARYING_SHAPES", None)]


def test_two_shapes_get_nothing_reduce_retracing_would_not_save(tmp_path: Path):
    # batch() without drop_remainder: a full batch and a smaller last one, two graphs either
    # way; with drop_remainder=True one shape; not a tf.data pipeline: unknown.
    for index, caller in enumerate(('''
    def main(features):
        for x in tf.data.Dataset.from_tensor_slices(features).batch(32).prefetch(2):
            step(x)
    ''', '''
    def main(features):
        for x in tf.data.Dataset.from_tensor_slices(features).batch(32, drop_remainder=True):
            step(x)
    ''', '''
    def main(loader):
        for x in loader.padded_batch(32):
            step(x)
    ''')):
        assert _shape_repairs(tmp_path / str(index), caller) == [], caller
    # Two literal sizes: the signature still saves a graph, reduce_retracing would not.
    repairs = _shape_repairs(tmp_path / "two", '''
    def main():
        for size in (4, 8):
            step(tf.ones([size, 3]))
    ''')
    assert _kinds(repairs) == [("ADD_INPUT_SIGNATURE", SIGNATURE)]


def test_a_size_parameter_with_literal_arguments_varies(tmp_path: Path):
    repairs = _shape_repairs(tmp_path, '''
    BATCH = 16


    def evaluate(batch_size, features=3):
        return step(tf.zeros([batch_size, 3]))


    def main():
        evaluate(4)
        evaluate(8, features=2)
        evaluate(BATCH)
    ''')
    assert _kinds(repairs)[0] == ("ADD_INPUT_SIGNATURE", SIGNATURE)
    assert "`batch_size` is 4, 8, 16 at the calls of evaluate() (m.py:16, m.py:17, m.py:18)" \
        in repairs[0].message, repairs[0].message
    # One value only, or a value that is not a literal: no evidence.
    assert _shape_repairs(tmp_path / "one", '''
    def evaluate(batch_size):
        return step(tf.zeros([batch_size, 3]))


    def main(n):
        evaluate(4)
        evaluate(4)
    ''') == []
    assert _shape_repairs(tmp_path / "computed", '''
    def evaluate(batch_size):
        return step(tf.zeros([batch_size, 3]))


    def main(n):
        evaluate(4)
        evaluate(n)
    ''') == []
