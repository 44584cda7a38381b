"""List the candidates for tfapi.CONFIGURING_METHODS: the public methods of the installed Keras
(keras/src, the TensorFlow backend's files and the shared ones; tests left out) that store an
attribute on `self`, with the classes that define them. A method that stores what a later
call reads (`Dense.enable_lora`, `StringLookup.set_vocabulary`, `Normalization.adapt`)
reconfigures the object: a graph traced before keeps the old behaviour. The list is reviewed
by hand: callbacks, savers, data adapters, trainers' own loops and lifecycle methods that Keras
calls itself (`build`, `call`, ...) are left out of the table; what stays is in tfapi.py with
why. Read-only: it parses the sources, imports nothing of Keras.

    .venv/bin/python tools/scan_configuring_methods.py
"""

from __future__ import annotations

import ast
import collections
import importlib.util
import sys
from pathlib import Path

LIFECYCLE = frozenset({
    "__init__", "build", "call", "__call__", "get_config", "from_config", "compute_output_shape",
    "compute_output_spec", "add_weight", "add_variable", "build_from_config", "__setattr__",
    "__getattr__", "__repr__", "__str__",
})
OTHER_BACKENDS = ("jax", "torch", "numpy", "openvino")


def _stores_on_self(fn: ast.FunctionDef) -> bool:
    for node in ast.walk(fn):
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        if any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and
               t.value.id == "self" for t in targets):
            return True
    return False


def _accessor(fn: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id in ("property", "staticmethod", "classmethod")
               or isinstance(d, ast.Attribute) and d.attr == "setter"
               for d in fn.decorator_list)


def scan(root: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = collections.defaultdict(set)
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if path.name.endswith("_test.py") or "tests" in parts or \
                (len(parts) > 2 and parts[0] == "backend" and parts[1] in OTHER_BACKENDS):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for fn in cls.body:
                if isinstance(fn, ast.FunctionDef) and not fn.name.startswith("_") and \
                        fn.name not in LIFECYCLE and not _accessor(fn) and _stores_on_self(fn):
                    found[fn.name].add(f"{parts[0]}:{cls.name}")
    return found


def main() -> int:
    spec = importlib.util.find_spec("keras")
    if spec is None or not spec.submodule_search_locations:
        print("keras is not installed in this interpreter", file=sys.stderr)
        return 1
    root = Path(next(iter(spec.submodule_search_locations))) / "src"
    for name, classes in sorted(scan(root).items()):
        print(f"{name}\t{len(classes)}\t{', '.join(sorted(classes))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
