"""Python values read from a class attribute bound once in a module-level class body
(`ModeKeys.TRAIN`, Enum members), or a module constant named through an import:
bounded_args.Bounds.class_constant and Bounds.qualified.

The class body runs once, at import: unless something writes the attribute afterwards, it holds
one value for the whole run, so a tf.function receiving it traces once per distinct constant.
Run with TensorFlow on tests/corpus/realcode/class_constants.py: `head` and `pooled` (an Enum
member as the argument: TF 2.21 keys the trace on the member) trace once per constant however
often they are called, with the eager results; `thresholded` receives `Limits.CUTOFF`, which
`set_cutoff` reassigns, and traces once per new value (declined).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
from hybridize.analysis.workspace import analyze

CORPUS = Path(__file__).parent / "corpus"
FILE = CORPUS / "realcode" / "class_constants.py"


def _module(name: str):
    # `from realcode import modes` names the corpus package, not tests/realcode.py (the real
    # projects' helper, which other tests of the run import first).
    saved = {key: sys.modules.pop(key) for key in ("realcode", "realcode.modes")
             if key in sys.modules}
    sys.path.insert(0, str(CORPUS))
    try:
        spec = importlib.util.spec_from_file_location(name, FILE)
        module = importlib.util.module_from_spec(spec)
        sys.modules.pop(name, None)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(CORPUS))
        for key in ("realcode", "realcode.modes"):
            sys.modules.pop(key, None)
        sys.modules.update(saved)
    return module


def test_verdicts():
    result = analyze([CORPUS])
    found = {f.qualname: f for f in result.functions if f.file == "realcode/class_constants.py"}
    assert found["head"].transformation == "CONVERT_TO_HYBRID"
    assert "passes the class constant `ModeKeys.TRAIN` as `mode`, bound once in its class body" \
        in found["head"].reason
    assert found["pooled"].transformation == "CONVERT_TO_HYBRID"
    assert found["top_values"].transformation == "CONVERT_TO_HYBRID"
    failure = found["thresholded"].failures[0]
    assert failure.code == "HAS_PRIMITIVE_PARAMETERS"
    assert "passes `Limits.CUTOFF` as `cutoff`: set_cutoff() assigns Limits.CUTOFF" in \
        failure.message


def test_one_trace_per_class_constant():
    import tensorflow as tf

    eager = _module("class_constants_eager")
    hybrid = _module("class_constants_hybrid")
    hybrid.head = tf.function(hybrid.head)
    hybrid.pooled = tf.function(hybrid.pooled)
    hybrid.top_values = tf.function(hybrid.top_values)
    for _ in range(3):
        for got, expected in zip(hybrid.main(), eager.main(), strict=True):
            np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6)
    assert hybrid.head.experimental_get_tracing_count() == 2
    assert hybrid.pooled.experimental_get_tracing_count() == 2
    assert hybrid.top_values.experimental_get_tracing_count() == 2  # TOP_K (2) and 3


def test_a_reassigned_class_attribute_traces_per_value():
    import tensorflow as tf

    hybrid = _module("class_constants_cutoff")
    hybrid.thresholded = tf.function(hybrid.thresholded)
    hybrid.main()
    assert hybrid.thresholded.experimental_get_tracing_count() == 3  # cutoffs 0, 0.25, 0.5
