"""Python values a graph computes as eagerly (analysis/static_values.py), and parameters the
body assigns again (analysis/rebinding.py): which `if`s stop being unknown, and which must stay
declined. The behaviours are run in the equivalence harness on tests/corpus/realcode/
static_checks.py (tests/equivalence_cases.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from hybridize.analysis import Settings, analyze
from hybridize.analysis.model import FunctionReport


def _reports(tmp_path: Path, source: str) -> dict[str, FunctionReport]:
    (tmp_path / "m.py").write_text(textwrap.dedent(source))
    return {f.qualname: f for f in analyze([tmp_path], Settings()).functions}


def _codes(report: FunctionReport) -> list[str]:
    return [f.code for f in report.failures]


def test_a_rebound_parameter_is_read_with_what_the_body_assigns(tmp_path: Path) -> None:
    # `limit` receives a float, then holds a tensor: the `if` is on a tensor. Before, the read
    # was the callers' float alone and the function was proposed (traced, the else branch
    # returns None: an error; measured in the harness, NEGATIVE clipped_total).
    reports = _reports(tmp_path, """
        import tensorflow as tf

        def clipped(limit, values):
            limit = tf.minimum(tf.reduce_sum(values), limit)
            if limit > 0:
                return values * limit
            return None

        def in_loop(x, n):
            for _ in range(3):
                if n > 0:  # the next iteration reads the tensor assigned below
                    x = x * 2.0
                n = tf.reduce_sum(x)
            return x

        def closure(x, n):
            def inner():
                return 1 if n > 0 else 2  # may run after the assignment
            n = tf.reduce_sum(x)
            return x * inner()

        def main():
            clipped(3.0, tf.ones((2,)))
            in_loop(tf.ones((2,)), 3)
            closure(tf.ones((2,)), 3)
    """)
    assert _codes(reports["clipped"])[0] == "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"
    assert _codes(reports["in_loop"])[0] == "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"
    assert "HAS_TENSOR_DEPENDENT_CONTROL_FLOW" in _codes(reports["closure.inner"]) or \
        reports["closure"].transformation is None


def test_a_read_before_the_first_binding_is_the_callers_value(tmp_path: Path) -> None:
    # gpflow's leading_transpose: `perm.index(...)`, `len(perm)` read the caller's list, then
    # `perm = tf.concat(...)`: the len() is not on a tensor.
    reports = _reports(tmp_path, """
        import tensorflow as tf

        def lead(tensor, perm):
            n = len(perm)
            perm = tf.concat([tf.range(n), tf.constant([0])], 0)
            return tf.transpose(tensor, perm[:2])

        def main():
            lead(tf.ones((2, 3)), [-1, 0])
    """)
    assert "HAS_TENSOR_TO_PYTHON_CONVERSION" not in _codes(reports["lead"])


def test_after_an_assignment_on_every_path_the_read_is_the_new_value(tmp_path: Path) -> None:
    # tf-models-official's normalize_image: `image` is converted first, so what it returns is a
    # tensor even where a caller passes a value of unknown type. Under an `if`, not replaced.
    reports = _reports(tmp_path, """
        import tensorflow as tf
        import tensorflow_addons as tfa

        def normalize_image(image, offset=(0.5, 0.5, 0.5)):
            image = tf.image.convert_image_dtype(image, dtype=tf.float32)
            image -= tf.constant(offset)
            return image

        def maybe_converted(image, flag):
            if flag:
                image = tf.image.convert_image_dtype(image, dtype=tf.float32)
            return image

        def main():
            normalize_image(tf.ones((2, 2, 3)))
            normalize_image(tfa.image.gaussian_filter2d(tf.ones((1, 4, 4, 3))))
            maybe_converted(tf.ones((2, 2, 3)), True)
            maybe_converted(tfa.image.gaussian_filter2d(tf.ones((1, 4, 4, 3))), False)
    """)
    assert reports["normalize_image"].transformation == "CONVERT_TO_HYBRID"
    assert reports["maybe_converted"].transformation is None
    assert "UNDETERMINABLE_CONSTRUCT" in _codes(reports["maybe_converted"])


def test_dtype_shape_and_backend_ifs_are_python_decisions(tmp_path: Path) -> None:
    reports = _reports(tmp_path, """
        import keras
        import tensorflow as tf

        def source_id(x):
            if x.dtype == tf.string:
                x = tf.strings.to_number(x, tf.int64)
            return x + 1

        def integer_only(x):
            if not x.dtype.is_integer:
                raise TypeError("integers only")
            return x * 2

        def boxes(b):
            if b.shape[-1] != 4:
                raise ValueError(f"last dimension {b.shape[-1]}")
            return b * 2.0

        def rows(b):
            if b.get_shape().as_list()[0] == 1:
                return b
            return b + 1.0

        def banded(m):
            if keras.config.backend() == "tensorflow":
                return tf.linalg.band_part(m, 1, 1)
            return m

        def main():
            source_id(tf.constant(["1"]))
            integer_only(tf.constant([1]))
            boxes(tf.ones((2, 4)))
            rows(tf.ones((2, 4)))
            banded(tf.ones((3, 3)))
    """)
    for name in ("source_id", "integer_only", "boxes", "rows", "banded"):
        assert reports[name].transformation == "CONVERT_TO_HYBRID", (name, _codes(reports[name]))


def test_what_stays_unknown(tmp_path: Path) -> None:
    reports = _reports(tmp_path, """
        import tensorflow as tf
        import tensorflow_addons as tfa

        def check_pairs(x):
            if x.shape[0] % 2 != 0:
                raise ValueError("odd")
            return tf.reshape(x, [-1, 2])

        def positive_pairs(x):
            # traced, boolean_mask leaves the length None: the check fails while tracing
            return check_pairs(tf.boolean_mask(x, x > 0))

        def masked_length(x):
            y = tf.boolean_mask(x, x > 0)
            if y.shape[0] > 2:  # not a parameter's shape
                return y
            return x

        def reshaped(x):
            x = tf.reshape(x, [-1])
            if x.shape[0] > 2:  # the parameter is assigned again
                return x
            return x * 2.0

        def unseen_dtype(a, t):
            if a.dtype == tf.float32:  # `a` comes from a library the engine cannot see
                return t
            return t * 2.0

        @tf.function(input_signature=[tf.TensorSpec([None, 4])])
        def signed(x):
            if x.shape[0] > 2:  # the signature leaves it None
                return x
            return x * 2.0

        def main():
            positive_pairs(tf.constant([1.0, -2.0, 3.0]))
            masked_length(tf.constant([1.0, -2.0, 3.0]))
            reshaped(tf.ones((2, 2)))
            unseen_dtype(tfa.image.gaussian_filter2d(tf.ones((1, 4, 4, 1))), tf.ones(3))
            signed(tf.ones((3, 4)))
    """)
    assert reports["check_pairs"].transformation == "CONVERT_TO_HYBRID"
    caller = reports["positive_pairs"]
    assert caller.transformation is None
    assert caller.failures[0].code == "UNDETERMINABLE_CONSTRUCT"
    assert "static shape of `x`" in caller.failures[0].message
    for name in ("masked_length", "reshaped", "unseen_dtype"):
        assert reports[name].transformation is None, name
        assert "UNDETERMINABLE_CONSTRUCT" in _codes(reports[name]), (name, _codes(reports[name]))
    assert "UNDETERMINABLE_CONSTRUCT" in _codes(reports["signed"])


SETTING = """
    import keras
    import tensorflow as tf

    def channel_mean(images):
        axis = -1 if keras.config.image_data_format() == "channels_last" else 1
        return tf.reduce_mean(images, axis=axis)

    def main():
        {setter}
        channel_mean(tf.ones((2, 4, 4, 3)))
"""


def test_a_keras_setting_nothing_sets_is_read_as_eagerly(tmp_path: Path) -> None:
    reports = _reports(tmp_path, SETTING.format(setter="pass"))
    assert reports["channel_mean"].transformation == "CONVERT_TO_HYBRID"


def test_a_keras_setting_the_workspace_sets_stays_unknown(tmp_path: Path) -> None:
    # Set between calls, the graph would keep the format it was traced with (measured by
    # tests/fixtures/soundness/keras_config.py for epsilon, floatx and the dtype policy).
    setter = 'keras.config.set_image_data_format("channels_first")'
    reports = _reports(tmp_path, SETTING.format(setter=setter))
    assert reports["channel_mean"].transformation is None


def test_isinstance_narrows_the_rest_of_an_and(tmp_path: Path) -> None:
    # tf-models-official's triviaqa inputs: `seq_len` is an int or a tensor; the comparison runs
    # only for an int, else the `and` is isinstance's False: a Python decision either way.
    reports = _reports(tmp_path, """
        import tensorflow as tf

        def make_ids(seq_len, batch_size=1):
            if isinstance(seq_len, int) and seq_len < 1:
                raise ValueError("`seq_len` must be positive.")
            if isinstance(batch_size, (int, bool)) and batch_size < 1:
                raise ValueError("`batch_size` must be positive.")
            return tf.tile(tf.range(3)[tf.newaxis, tf.newaxis, :], [batch_size, seq_len, 1])

        def either(seq_len):
            if isinstance(seq_len, int) or seq_len < 1:  # `or`: the tensor is compared
                return tf.zeros([1])
            return tf.ones([1])

        def main():
            make_ids(tf.constant(4))
            make_ids(tf.constant(2), tf.constant(3))
            either(tf.constant(4))
    """)
    assert reports["make_ids"].transformation == "CONVERT_TO_HYBRID", _codes(reports["make_ids"])
    assert _codes(reports["either"])[0] == "HAS_TENSOR_DEPENDENT_CONTROL_FLOW"


def test_library_calls_read_from_a_tensors_kind_dtype_or_shape(tmp_path: Path) -> None:
    # static_python_values.tsv type-test, of-dtype, of-shape (keras-hub gemma3 decoder block,
    # alibi bias, spektral message passing and diff pool). Before: `if` / `in` / f-string on a
    # value of unknown type, `len()` of one, and K.ndim / K.is_sparse of a tensor taken for a
    # structure of tensors (`in` on a tensor). The harness runs them: library_results.py.
    reports = _reports(tmp_path, """
        import keras
        import tensorflow as tf
        from keras import ops
        from tensorflow.keras import backend as K

        def clamp(x):
            if keras.backend.standardize_dtype(x.dtype) == "float16":
                x = ops.clip(x, -65504, 65504)
            return x * 2

        def edges(e):
            assert K.ndim(e) in (2, 3), "rank 2 or 3"
            return e * 2.0

        def loops(a):
            if K.is_sparse(a):
                return tf.sparse.to_dense(a)
            return a + 1.0

        def scores(s):
            shape = ops.shape(s)
            if len(shape) != 4:
                raise ValueError(f"rank 4, got {shape}")
            return s * 2.0

        def main():
            clamp(tf.ones((2,)))
            edges(tf.ones((2, 2)))
            loops(tf.ones((2, 2)))
            scores(tf.ones((1, 1, 2, 2)))
    """)
    for name in ("clamp", "edges", "loops", "scores"):
        assert reports[name].transformation is not None, (name, _codes(reports[name]))


def test_library_calls_on_what_is_not_shown_stay_unknown(tmp_path: Path) -> None:
    # The shape of a tensor the function computes (tf.boolean_mask: None traced), the rank of a
    # parsed tensor (unknown traced), standardize_dtype of an attribute of unknown type or of
    # None (reads floatx(), a setting), tf.is_tensor of a value of unknown kind (a NumPy array is
    # converted to a tensor by tf.function), and a caller of a function whose `if` reads its
    # parameter's shape (its graph may pass a tensor of unknown dimensions).
    reports = _reports(tmp_path, """
        import keras
        import numpy as np
        import tensorflow as tf
        from keras import ops
        from tensorflow.keras import backend as K

        def masked(x):
            y = tf.boolean_mask(x, x > 0)
            if ops.shape(y)[0] > 2:
                return y[:2]
            return y

        def parsed(s):
            t = tf.io.parse_tensor(s, tf.float32)
            if K.ndim(t) == 1:
                return t * 2.0
            return t

        class Clamp:
            def __init__(self, dtype):
                self.dtype_name = dtype

            def apply(self, x):
                if keras.backend.standardize_dtype(self.dtype_name) == "float16":
                    x = ops.clip(x, -65504, 65504)
                return x * 2

        def defaulted(x, dtype=None):
            if keras.backend.standardize_dtype(dtype) == "float16":
                return x
            return x * 2.0

        def of_array(x, arr):
            if keras.backend.standardize_dtype(arr) == "float32":  # traced, arr is a tensor
                return x
            return x * 2.0

        def tensor_or_not(a, b):
            if tf.is_tensor(b):
                return a
            return a * 2.0

        def blocks(x):
            if ops.shape(x)[1] % 2:
                x = ops.pad(x, [[0, 0], [0, 1]])
            return x * 2.0

        def calls_blocks(y):
            return blocks(tf.boolean_mask(y, y > 0)[None, :])

        def main(unknown):
            masked(tf.ones((3,)))
            parsed(tf.io.serialize_tensor(tf.ones((2,))))
            Clamp(unknown).apply(tf.ones((2,)))
            defaulted(tf.ones((2,)))
            tensor_or_not(tf.ones((2,)), unknown)
            of_array(tf.ones((2,)), np.ones((2,)))
            calls_blocks(tf.ones((3,)))
    """)
    for name in ("masked", "parsed", "Clamp.apply", "defaulted", "tensor_or_not", "of_array",
                 "calls_blocks"):
        assert "UNDETERMINABLE_CONSTRUCT" in _codes(reports[name]), (name, _codes(reports[name]))


def test_a_python_value_read_from_a_tensor_is_not_returned_as_tensors(tmp_path: Path) -> None:
    # Pure in-table functions given a tensor were taken for structures of tensors (listT), so a
    # function returning K.ndim(y), tf.is_tensor(y) or K.dtype(y) was proposed: eagerly an int,
    # a bool, a str; from a tf.function a tensor (harness negative scaled_dtype). Structure
    # functions still give what they were given.
    reports = _reports(tmp_path, """
        import tensorflow as tf
        from tensorflow.keras import backend as K

        def rank_of(x):
            return K.ndim(x * 2.0)

        def is_t(x):
            return tf.is_tensor(x * 2.0)

        def dtype_of(x):
            return K.dtype(x * 2.0)

        def flat(x):
            return tf.nest.flatten([x * 2.0, x])

        def main():
            rank_of(tf.ones((2,)))
            is_t(tf.ones((2,)))
            dtype_of(tf.ones((2,)))
            flat(tf.ones((2,)))
    """)
    for name in ("rank_of", "is_t", "dtype_of"):
        assert reports[name].transformation is None, name
    assert reports["flat"].transformation is not None, _codes(reports["flat"])
