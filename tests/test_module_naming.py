"""Module names follow Python's package rules, also when the analysed root is itself a package
(analysis/naming.py): checking a package folder or the repository that holds it gives the same
verdicts, and the package's subfolders do not shadow libraries of the same name."""

from __future__ import annotations

from pathlib import Path

from helpers_project import analyse, verdicts, write_project
from hybridize.analysis.naming import module_names, package_prefix

PACKAGE = {
    "official/__init__.py": "",
    "official/modeling/__init__.py": "",
    "official/modeling/tf_utils.py": """
        import tensorflow as tf

        def get_activation(x):
            return tf.nn.relu(x)
        """,
    # An absolute import of the package itself, and a relative one from the package's top level.
    "official/modeling/layer.py": """
        import tensorflow as tf

        from official.modeling import tf_utils

        def step(x):
            return tf_utils.get_activation(x) * 2.0

        step(tf.constant([1.0, -1.0]))
        """,
    "official/train.py": """
        import tensorflow as tf

        from .modeling import tf_utils

        def train_step(x):
            return tf.reduce_sum(tf_utils.get_activation(x))

        train_step(tf.constant([1.0, -1.0]))
        """,
}


def outcome(root: Path, strip: str = "") -> dict[str, tuple[str, str | None, str]]:
    """Per function (file relative to the package): verdict, failed code and reason."""
    out = {}
    for name, report in verdicts(analyse(root)).items():
        assert name.startswith(strip)
        out[name[len(strip):]] = (report.refactoring.value, report.precondition,
                                  report.reason.replace(strip, ""))
    return out


def test_package_root_and_parent_give_the_same_verdicts(tmp_path: Path):
    write_project(tmp_path / "repo", PACKAGE)
    from_package = outcome(tmp_path / "repo" / "official")
    from_parent = outcome(tmp_path / "repo", strip="official/")
    assert from_package == from_parent
    # The self-imports resolve: all three are converted (before, from the package folder,
    # step and train_step were UNDETERMINABLE_SIDE_EFFECTS: `official.modeling.tf_utils` and
    # `.modeling` were no module of the workspace).
    assert {name: verdict[1] for name, verdict in from_package.items()} == {
        "modeling/layer.py::step": "P1",
        "modeling/tf_utils.py::get_activation": "P1",
        "train.py::train_step": "P1",
    }


def test_subfolder_of_a_package_names_its_modules_from_the_top_package(tmp_path: Path):
    write_project(tmp_path, PACKAGE)
    found = outcome(tmp_path / "official" / "modeling")
    assert found["layer.py::step"][1] == "P1"


def test_subfolder_named_like_a_library_does_not_shadow_it(tmp_path: Path):
    # psiz has `psiz/keras/`: with the package folder as root, `import keras` in its modules
    # was resolved to that subpackage (a wrong call graph). Here a subfolder named `tensorflow`.
    write_project(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/tensorflow/__init__.py": """
            def helper(x):
                return x
            """,
        "pkg/m.py": """
            import tensorflow as tf

            def f(x):
                return tf.nn.relu(x) + 1.0

            f(tf.constant([1.0]))
            """,
    })
    found = verdicts(analyse(tmp_path / "pkg"))
    assert found["m.py::f"].precondition == "P1", found["m.py::f"].reason


def test_src_layout_gives_the_same_verdicts_from_the_repository_and_the_package(tmp_path: Path):
    write_project(tmp_path / "repo", {f"src/{rel}": text for rel, text in PACKAGE.items()})
    assert outcome(tmp_path / "repo" / "src" / "official") == \
        outcome(tmp_path / "repo", strip="src/official/")


def test_names(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "__init__.py").write_text("")
    (tmp_path / "a" / "b" / "__init__.py").write_text("")
    (tmp_path / "not-a-name").mkdir()
    assert package_prefix(tmp_path / "a" / "b", True) == ("a", "b")
    assert package_prefix(tmp_path / "a", True) == ("a",)
    assert package_prefix(tmp_path / "a", False) == ()
    assert package_prefix(tmp_path / "not-a-name", True) == ()
    dirs = {"", "m"}
    assert module_names("__init__.py", dirs, ("a",)) == ("a", "a", True)
    assert module_names("m/x.py", dirs, ("a",)) == ("a.m.x", "a.m.x", False)
    # A folder without __init__.py (a script folder): imported by its own name, keyed in full.
    assert module_names("scripts/run.py", dirs, ("a",)) == ("a.scripts.run", "run", False)
    # Without a prefix, as before.
    assert module_names("__init__.py", {"m"}) == ("__init__", "__init__", True)
    assert module_names("m/x.py", {"m"}) == ("m.x", "m.x", False)
    assert module_names("nb.ipynb", dirs, ("a",)) == ("<nb.ipynb>", "<nb.ipynb>", False)
