"""Module names of the workspace's files, as Python's package rules give them.

A file's import name starts at the top-most folder of the chain of packages (folders with an
`__init__.py`) that holds it. When the analysed root is itself a package, that chain goes on
above the root: `official/modeling/tf_utils.py` is `official.modeling.tf_utils` whether the root
is the repository (`official/` a subfolder) or `official/` itself, so the package's absolute
imports of itself (`from official.modeling import tf_utils`) resolve either way. The folders
above the root are only tested for an `__init__.py` (nothing is read or imported).

Each module also has a unique key: its path from the root as a dotted name (folders without
`__init__.py` included: a namespace-package spelling), after the same prefix. Both names are
registered for imports (program.py); with the prefix, the root's subfolders are no longer
importable by their bare names (`psiz/keras/` is `psiz.keras`, not the `keras` library), as in
Python.
"""

from __future__ import annotations

import keyword
from pathlib import Path

from hybridize.notebook.reader import is_notebook


def _identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def package_prefix(root: Path, root_is_package: bool) -> tuple[str, ...]:
    """The names of the packages that hold the root's files, outermost first: the root's own
    name when it is a package, and those of the folders above it while each has an
    `__init__.py` (Python's rule). Empty when the root is not a package. A folder whose name is
    not an identifier ends the chain (Python cannot import it by that name)."""
    names: list[str] = []
    folder = root
    is_package = root_is_package
    while is_package and _identifier(folder.name) and folder.parent != folder:
        names.append(folder.name)
        folder = folder.parent
        is_package = (folder / "__init__.py").is_file()
    return tuple(reversed(names))


def module_names(rel: str, package_dirs: set[str], prefix: tuple[str, ...] = ()
                 ) -> tuple[str, str, bool]:
    """(unique key, import name, is package) of a file, from its path relative to the root.
    `package_dirs`: the root-relative folders holding an `__init__.py` ("" for the root);
    `prefix`: package_prefix() of the root."""
    if is_notebook(rel):
        # A notebook is never imported by other modules: a name no import statement can spell.
        return f"<{rel}>", f"<{rel}>", False
    parts = rel[:-3].split("/") if rel.endswith(".py") else rel.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
        if not parts and not prefix:  # the root's __init__.py, the root not a package name
            parts = ["__init__"]
    key = ".".join([*prefix, *parts])
    # The import name starts at the top-most folder of the chain of packages holding the file;
    # a chain that reaches the root goes on with the packages holding the root.
    directory = parts[:-1]
    start = len(directory)
    while start > 0 and "/".join(directory[:start]) in package_dirs:
        start -= 1
    chain = [*prefix, *parts] if start == 0 else parts[start:]
    import_name = ".".join(chain) or key
    return key, import_name, is_package
