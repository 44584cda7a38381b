"""`from .matmul import *` in a package's __init__.py binds the module's public names: calls
through the package (`ops.modal_dot`, `from pkg.ops import normalize_rows`) resolve to the
workspace functions Python calls (Program.star_bound), instead of staying unknown. A star import
from outside the workspace that comes later may bind the same name: unknown."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
import tensorflow as tf
from equivalence import Case, Tree, differences
from helpers_project import analyse, verdicts
from hybridize.analysis import Analyzer

FIXTURE = (Path(__file__).parent / "fixtures" / "star_imports").resolve()


def _inputs(load: object) -> list[tuple[tf.Tensor, tf.Tensor]]:
    return [
        (tf.constant([[1.0, 0.0], [0.5, 0.5], [0.0, 2.0]]),
         tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])),
        (tf.constant([[0.1, 0.2, 0.3]]), tf.constant([[2.0, -1.0]])),
        (tf.constant([[3.0], [-3.0]]), tf.constant([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])),
    ]


def test_names_bound_by_a_star_import_resolve(tmp_path: Path):
    found = verdicts(analyse(FIXTURE))
    assert found["pkg/pool.py::pool"].precondition == "P1", found["pkg/pool.py::pool"].reason
    assert found["pkg/ops/matmul.py::modal_dot"].precondition == "P1"
    # A name with a leading underscore is not bound by `import *`: still unknown.
    private = found["pkg/pool.py::private_pool"]
    assert private.transformation is None
    assert private.failures[0].code == "UNDETERMINABLE_SIDE_EFFECTS"


def test_python_binds_the_same_functions():
    sys.path.insert(0, str(FIXTURE))
    try:
        from pkg import ops
        from pkg.ops import matmul, scaling
        assert ops.modal_dot is matmul.modal_dot
        assert ops.normalize_rows is scaling.normalize_rows
        assert not hasattr(ops, "_private_dot")
    finally:
        sys.path.remove(str(FIXTURE))
        for name in [n for n in sys.modules if n == "pkg" or n.startswith("pkg.")]:
            del sys.modules[name]


def test_conversion_keeps_behaviour():
    assert differences("pkg/pool.py", "pool", Case(args=_inputs), tree=Tree(FIXTURE)) == []


@pytest.mark.parametrize("after", ["from somelib import *\n", ""])
def test_a_later_library_star_import_makes_the_name_unknown(tmp_path: Path, after: str):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    init = root / "pkg" / "ops" / "__init__.py"
    init.write_text(init.read_text() + after)
    found = verdicts(analyse(root))["pkg/pool.py::pool"]
    assert (found.precondition == "P1") == (not after), found.reason


def test_an_edited_star_import_is_seen_by_the_editor_engine(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    analyzer = Analyzer([root])
    assert verdicts(analyzer.run())["pkg/pool.py::pool"].precondition == "P1"
    init = root / "pkg" / "ops" / "__init__.py"
    edited = init.read_text().replace("from .matmul import *\n", "")
    after = verdicts(analyzer.run({str(init): edited}))["pkg/pool.py::pool"]
    assert after.transformation is None
    assert after.failures[0].code == "UNDETERMINABLE_SIDE_EFFECTS"
