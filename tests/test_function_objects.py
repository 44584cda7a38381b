"""A tf.function used as one (analysis/function_objects.py) keeps its decorator: an attribute
only a tf.function has, read by name (`f.get_concrete_function`) or through getattr/hasattr."""

from __future__ import annotations

import textwrap

import pytest
from hybridize.analysis import Settings, analyze

SOURCE = """
    import tensorflow as tf

    @tf.function
    def by_name():
        return tf.ones((2,))

    @tf.function
    def by_getattr():
        return tf.ones((2,))

    @tf.function
    def by_hasattr():
        return tf.ones((2,))

    @tf.function
    def unused():
        return tf.ones((2,))

    def main():
        by_name.get_concrete_function()
        getattr(by_getattr, "get_concrete_function")()
        if hasattr(by_hasattr, "python_function"):
            by_hasattr()
        unused()
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("objects")
    (folder / "m.py").write_text(textwrap.dedent(SOURCE))
    return {f.qualname: f for f in analyze([folder], Settings()).functions}


@pytest.mark.parametrize("name", ["by_name", "by_getattr", "by_hasattr"])
def test_a_use_as_a_tf_function_keeps_the_decorator(reports: dict, name: str) -> None:
    # Each takes no tensor (P2 would remove the decorator): without it the plain function has no
    # get_concrete_function (AttributeError), and hasattr answers False.
    assert reports[name].transformation is None, reports[name].reason
    assert "needs the tf.function object" in reports[name].reason


def test_a_tf_function_not_used_as_one_is_still_judged(reports: dict) -> None:
    assert reports["unused"].transformation == "CONVERT_TO_EAGER", reports["unused"].reason
