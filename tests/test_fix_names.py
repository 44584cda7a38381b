"""Edits that name TensorFlow where the edited line runs, and keep the text around them (an
audit of edit integrity, session 20: each case below was written broken, or refused, before).

A decorator runs when its `def` runs: the name it uses must be bound by then (an import after
the def, under `if TYPE_CHECKING:`, or in a later notebook cell is not) and not shadowed there
(a class attribute `tf`, a method named `function`); a call-site repair runs in its function
(a parameter `tf` shadows the module's). Where the usual name is not usable the edit adds the
import again at the top or uses `tensorflow`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.cli import main
from hybridize.refactor.edits import with_argument

CALLER = """
    import tensorflow as tf
    import helpers

    print(helpers.scale(tf.constant([1.0, 2.0])))
    """


MODEL_CALLER = """
    import tensorflow as tf
    from helpers import Model

    model = Model()
    print(model.scale(tf.constant([1.0, 2.0])))
    """


def fixed(tmp_path: Path, helpers: str, caller: str = CALLER, *extra: str) -> str:
    write_project(tmp_path, {"helpers.py": helpers, "main.py": caller})
    assert main(["fix", str(tmp_path), "--no-cache", *extra]) == 0
    text = (tmp_path / "helpers.py").read_text(encoding="utf-8")
    ast.parse(text)
    return text


def before(text: str, first: str, second: str) -> bool:
    return first in text and second in text and text.index(first) < text.index(second)


def test_an_import_after_the_def_is_added_again_above_it(tmp_path: Path):
    text = fixed(tmp_path, """
        def scale(x):
            return x * 2.0


        import tensorflow as tf
        """)
    assert before(text, "import tensorflow as tf\n", "@tf.function\ndef scale")


def test_an_import_for_type_checkers_only_is_not_one(tmp_path: Path):
    text = fixed(tmp_path, """
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            import tensorflow as tf


        def scale(x: 'tf.Tensor'):
            return x * 2.0
        """)
    assert text.startswith("import tensorflow as tf\n")
    assert "@tf.function\ndef scale" in text


def test_a_class_attribute_named_tf_gives_way_to_tensorflow(tmp_path: Path):
    text = fixed(tmp_path, """
        import tensorflow as tf


        class Model:
            tf = None  # framework switch

            def scale(self, x):
                return x * 2.0
        """, MODEL_CALLER)
    assert "    @tensorflow.function\n    def scale" in text
    assert text.startswith("import tensorflow\n")


def test_a_method_named_function_shadows_the_imported_one(tmp_path: Path):
    text = fixed(tmp_path, """
        from tensorflow import function, constant


        class Model:
            def function(self):
                return 'not tf'

            def scale(self, x):
                return x * constant(2.0)
        """, MODEL_CALLER)
    assert "    @tf.function\n    def scale" in text and text.startswith("import tensorflow as tf")


def test_numpy_imported_as_tf_is_not_tensorflow(tmp_path: Path):
    text = fixed(tmp_path, """
        import numpy as tf  # confusing alias


        def scale(x):
            return x * 2.0
        """)
    assert text.startswith("import tensorflow\n") and "@tensorflow.function\ndef scale" in text


def test_a_def_on_the_import_line_gets_the_import_first(tmp_path: Path):
    text = fixed(tmp_path, """
        def scale(x):
            return x * 2.0
        """)
    assert text.startswith("import tensorflow as tf\n@tf.function\ndef scale")


def test_a_cookie_on_line_two_below_a_comment_stays_there(tmp_path: Path):
    write_project(tmp_path, {"main.py": CALLER})
    (tmp_path / "helpers.py").write_bytes(
        b"# helpers module\n# -*- coding: latin-1 -*-\nNAME = '\xe9t\xe9'\n\n\n"
        b"def scale(x):\n    return x * 2.0\n")
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    data = (tmp_path / "helpers.py").read_bytes()
    assert data.startswith(b"# helpers module\n# -*- coding: latin-1 -*-\nimport tensorflow")
    compile(data, "helpers.py", "exec")  # decodes with the cookie


def test_a_repair_names_tensorflow_where_a_parameter_shadows_tf(tmp_path: Path):
    write_project(tmp_path, {"helpers.py": """
        import tensorflow as tf


        @tf.function
        def scale(x, n):
            return x * n


        def ones():
            return tf.ones([2])
        """, "main.py": """
        import helpers


        def run(tf, x):
            out = []
            for n in range(4):
                out.append(helpers.scale(x, n))
            return out


        print(run('timeframe', helpers.ones()))
        """})
    assert main(["fix", str(tmp_path), "--no-cache", "--repair-retracing"]) == 0
    text = (tmp_path / "main.py").read_text()
    assert "helpers.scale(x, tensorflow.constant(n, dtype=tensorflow.float32))" in text
    assert "import tensorflow\n" in text


@pytest.mark.parametrize("text, expected", [
    ("@tf.function", "@tf.function(reduce_retracing=True)"),
    ("@tf.function()", "@tf.function(reduce_retracing=True)"),
    ("@tf.function(jit_compile=False,)", "@tf.function(jit_compile=False, reduce_retracing=True)"),
    ("@tf.function(\n    jit_compile=False,  # no xla\n)",
     "@tf.function(\n    jit_compile=False, reduce_retracing=True  # no xla\n)"),
    ("@tf.function(\n    jit_compile=False  # no xla\n)",
     "@tf.function(\n    jit_compile=False, reduce_retracing=True  # no xla\n)"),
    ("@tf.function(\r    jit_compile=False\r)", "@tf.function(\r    jit_compile=False, "
     "reduce_retracing=True\r)"),
])
def test_an_argument_goes_after_the_last_one(text: str, expected: str):
    assert with_argument(text, "reduce_retracing=True") == expected


def test_removing_a_decorator_keeps_its_comment_and_parentheses_go_too(tmp_path: Path):
    caller = """
        import tensorflow as tf
        import helpers

        print(helpers.pack(tf.constant(1.0), tf.constant(2.0)))
        print(helpers.pair(tf.constant(1.0), tf.constant(2.0)))
        """
    text = fixed(tmp_path, """
        import tensorflow as tf


        @tf.function  # graph, see issue #12
        def pack(a, b):
            return {'a': a, 'b': b}


        @(tf.function)
        def pair(a, b):
            return (a, b)
        """, caller)
    assert "# graph, see issue #12\ndef pack" in text
    assert "\ndef pair(a, b)" in text and "@" not in text


def test_a_cr_only_file_gets_its_deprecated_argument_renamed(tmp_path: Path):
    write_project(tmp_path, {"main.py": """
        import tensorflow as tf
        import helpers

        for n in range(3):
            print(helpers.scale(tf.ones([n + 1])))
        """})
    (tmp_path / "helpers.py").write_bytes(
        b"import tensorflow as tf\r\r\r@tf.function(\r    experimental_relax_shapes=True,\r)\r"
        b"def scale(x):\r    return x * 2.0\r")
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    assert (tmp_path / "helpers.py").read_bytes() == (
        b"import tensorflow as tf\r\r\r@tf.function(\r    reduce_retracing=True,\r)\r"
        b"def scale(x):\r    return x * 2.0\r")


REPAIRED = """
    import tensorflow as tf


    @tf.function
    def scale(x, n):
        return x * n


    def ones():
        return tf.ones([2])
    """


@pytest.mark.parametrize("caller", [
    # a lambda's parameter
    """
    import helpers
    x = helpers.ones()
    apply = lambda tf, k: [helpers.scale(x, n) for n in range(k)]
    print(apply('1h', 3))
    """,
    # a `match` capture in a function
    """
    import helpers


    def run(config, x):
        match config:
            case {"tf": tf}:
                return [helpers.scale(x, n) for n in range(4)], tf
        return None


    print(run({"tf": "1h"}, helpers.ones()))
    """,
    # a module-level `except ... as tf` before the call site
    """
    import tensorflow as tf
    import helpers

    x = helpers.ones()
    try:
        raise ValueError("x")
    except ValueError as tf:
        for n in range(4):
            print(helpers.scale(x, n), type(tf).__name__)
    """,
])
def test_a_repair_names_tensorflow_past_other_bindings_of_tf(tmp_path: Path, caller: str):
    """A lambda's parameter, a `match` capture, an `except ... as tf` shadow the module's
    `tf` at the call site (an audit of session 20 saw `tf.constant` written there)."""
    write_project(tmp_path, {"helpers.py": REPAIRED, "main.py": caller})
    assert main(["fix", str(tmp_path), "--no-cache", "--repair-retracing"]) == 0
    text = (tmp_path / "main.py").read_text()
    assert "helpers.scale(x, tensorflow.constant(n" in text, text
    assert "tf.constant" not in text


def test_a_notebook_def_on_its_cells_first_line_gets_the_import_above(tmp_path: Path):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("def scale(x):\n    return x * 2.0"),
                      nbformat.v4.new_code_cell("import tensorflow\n"
                                                "print(scale(tensorflow.constant([1.0])))")]
    nbformat.write(notebook, tmp_path / "nb.ipynb")
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    cells = nbformat.read(tmp_path / "nb.ipynb", as_version=4).cells
    # the notebook's own alias, imported again above the def (its import cell runs later)
    assert cells[0].source.startswith("import tensorflow\n@tensorflow.function\ndef scale(x):")


# --- an audit of edit integrity, session 26: each case below was written broken before ---------

@pytest.mark.parametrize("guard", [
    "from typing import TYPE_CHECKING as TC\nif TC:",
    "if False:",
    "if __name__ == '__main__':",
    "for _ in []:",
    "while False:",
])
def test_an_import_that_may_not_run_does_not_bind_tf(tmp_path: Path, guard: str):
    """W1: `tf` bound only in a branch that may not run left the module failing at import
    with NameError; `tensorflow`, bound unconditionally, is used instead."""
    text = fixed(tmp_path, "import tensorflow\n" + guard + """
    import tensorflow as tf


def scale(x):
    return x * 2.0
""")
    assert "@tensorflow.function\ndef scale" in text


def test_an_import_in_both_branches_of_an_if_binds_tf(tmp_path: Path):
    text = fixed(tmp_path, """
        import sys
        if sys.version_info >= (3, 8):
            import tensorflow as tf
        else:
            import tensorflow as tf


        def scale(x):
            return x * 2.0
        """)
    assert text.count("import tensorflow as tf") == 2 and "@tf.function\ndef scale" in text


def test_a_function_rebinding_the_global_tf_shadows_it(tmp_path: Path):
    """W2: `global tf; tf = tf.math` run at import: `@tf.function` raised AttributeError."""
    text = fixed(tmp_path, """
        import tensorflow as tf


        def _setup():
            global tf
            tf = tf.math


        _setup()


        def scale(x):
            return x * 2.0
        """)
    assert "@tensorflow.function\ndef scale" in text and text.startswith("import tensorflow\n")


def test_a_module_named_function_of_tensorflow_is_not_tf_function(tmp_path: Path):
    """W3: `from tensorflow.python.framework import function` binds a module: `@function`
    raised TypeError."""
    text = fixed(tmp_path, """
        import tensorflow as tfx
        from tensorflow import function
        from tensorflow.python.framework import function


        def scale(x):
            return x * 2.0
        """)
    assert "@tfx.function\ndef scale" in text


def test_comments_inside_a_removed_tf_function_call_stay(tmp_path: Path):
    """W5: the comments inside a removed `tf.function(...)` call or decorator were deleted."""
    caller = """
        import tensorflow as tf
        import helpers

        print(helpers.fast(tf.constant(1.0), tf.constant(2.0)))
        print(helpers.pair(tf.constant(1.0), tf.constant(2.0)))
        """
    text = fixed(tmp_path, """
        import tensorflow as tf


        def pack(a, b):
            return {'a': a, 'b': b}


        fast = tf.function(
            pack,  # the packer
            reduce_retracing=True,  # why: shapes vary
        )


        @tf.function(
            reduce_retracing=True,  # note
        )  # closing
        def pair(a, b):
            return (a, b)
        """, caller)
    assert "# the packer\n# why: shapes vary\nfast = pack\n" in text
    assert "# note\n# closing\ndef pair(a, b)" in text


# --- a red team of edit integrity, session 35: each case below was written broken before -------

def test_a_parenthesised_decorator_over_several_lines_goes_whole(tmp_path: Path):
    """`@(` and `)` on lines of their own around `tf.function`: removing only the expression's
    line left `@(\n)`, an empty tuple as a decorator, which parses and raises TypeError when the
    module is imported."""
    caller = """
        import tensorflow as tf
        import helpers

        for i in range(5):
            print(helpers.g(tf.constant(1.0), i), helpers.g2(tf.constant(1.0), i))
        """
    text = fixed(tmp_path, """
        import tensorflow as tf


        @(
            tf.function)
        def g(x, i):
            return x * i


        @(  # why
            (tf.function)
        )
        def g2(x, i):
            return x * i
        """, caller)
    assert "@" not in text and "(\n" not in text
    assert "# why\ndef g2(x, i):" in text
    namespace: dict = {}
    exec(compile(text, "helpers.py", "exec"), namespace)  # the decorators are gone, not `@()`
    assert namespace["g"](3.0, 2) == 6.0


def test_a_repair_in_a_function_sees_the_module_rebinding_tf_after_it(tmp_path: Path):
    """A call site in a function runs after the whole module ran: `tf = None` at its end is
    the binding there, so `tf.constant(i)` would raise AttributeError."""
    write_project(tmp_path, {"main.py": """
        import tensorflow as tf
        from tensorflow import constant


        @tf.function
        def g(x, i):
            return x * i


        def run():
            return [g(constant(1.0), i) for i in range(5)]


        print(run())
        tf = None
        """})
    assert main(["fix", str(tmp_path), "--no-cache", "--repair-retracing"]) == 0
    text = (tmp_path / "main.py").read_text()
    assert "g(constant(1.0), tensorflow.constant(i, dtype=tensorflow.float32))" in text
    assert text.startswith("import tensorflow\n")


def test_the_import_goes_next_to_the_files_own_tensorflow_import(tmp_path: Path):
    """Settings that must precede TensorFlow's import (`TF_ENABLE_ONEDNN_OPTS` is read when it
    loads) stay before it."""
    text = fixed(tmp_path, """
        import os
        os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"
        from tensorflow import reduce_sum


        def scale(x):
            return reduce_sum(x * 2.0)
        """)
    assert before(text, 'os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"\n',
                  "import tensorflow as tf\nfrom tensorflow import reduce_sum")
    assert before(text, "import tensorflow as tf\n", "@tf.function\ndef scale")


def test_a_notebooks_import_goes_below_its_pip_install(tmp_path: Path):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("!pip install tensorflow\nfrom tensorflow import reduce_sum"),
        nbformat.v4.new_code_cell("def f(x):\n    return reduce_sum(x * 2.0)"),
        nbformat.v4.new_code_cell("from tensorflow import constant\nf(constant([1.0, 2.0]))")]
    nbformat.write(notebook, tmp_path / "nb.ipynb")
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    cells = nbformat.read(tmp_path / "nb.ipynb", as_version=4).cells
    assert cells[0].source == ("!pip install tensorflow\nimport tensorflow as tf\n"
                               "from tensorflow import reduce_sum")
    assert cells[1].source.startswith("@tf.function\ndef f(x):")


def test_a_notebooks_import_goes_below_a_cell_magic(tmp_path: Path):
    """A cell run under `%%time` whose function the import must precede: the import goes
    below the magic's line (the notebook was refused: "the edits do not map onto the
    notebook's cells")."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(
        "%%time\ndef f(x):\n    return reduce_sum(x * 2.0)\n"
        "from tensorflow import constant, reduce_sum\nf(constant([1.0, 2.0]))")]
    nbformat.write(notebook, tmp_path / "nb.ipynb")
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    cells = nbformat.read(tmp_path / "nb.ipynb", as_version=4).cells
    assert cells[0].source.startswith("%%time\nimport tensorflow as tf\n@tf.function\ndef f(x):")
