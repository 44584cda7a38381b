"""The whole program's tables of names (modules, functions, classes, files), built from the module
summaries, and patched instead of rebuilt when an edit changed only the bodies of a few modules.

Building them walks every function and class of the workspace: about 15-20 ms per run on
250 KLOC, a tenth of a language-server edit of a file nothing depends on. An edit that keeps a
module's functions and classes (the same keys in the same order, the same import name) leaves
every table's keys and order as they were: the new summaries replace the old ones in place, in
copies of the last run's tables. Anything else (a function or class added, removed or renamed, a
module added or removed or moved) builds them from scratch. Either way the tables are equal, in
content and order, to those `module_tables` builds from the same summaries
(tests/test_module_tables.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import compress
from operator import is_not

from hybridize.analysis.summary_model import ClassSummary, FunctionSummary, ModuleSummary


@dataclass
class ModuleTables:
    modules: dict[str, ModuleSummary]  # by module key, in the order of the summaries
    by_import: dict[str, list[ModuleSummary]]  # import name (and key) -> modules
    functions: dict[str, FunctionSummary]  # function key -> summary, in source order
    source_position: dict[str, int]  # function key -> its first position in that order
    classes: dict[str, ClassSummary]
    file_of: dict[str, str]  # function key -> the module's path


def module_tables(modules: list[ModuleSummary]) -> ModuleTables:
    """The tables from scratch."""
    by_key = {m.key: m for m in modules}
    by_import: dict[str, list[ModuleSummary]] = defaultdict(list)
    for m in modules:
        by_import[m.import_name].append(m)
        if m.key != m.import_name:
            by_import[m.key].append(m)
    functions: dict[str, FunctionSummary] = {}
    source_position: dict[str, int] = {}
    classes: dict[str, ClassSummary] = {}
    file_of: dict[str, str] = {}
    for m in modules:
        for fn in m.functions:
            functions[fn.key] = fn
            file_of[fn.key] = m.path
            # The functions in source order (the order of `functions`).
            source_position.setdefault(fn.key, len(source_position))
        for cls in m.classes.values():
            classes[cls.key] = cls
    return ModuleTables(by_key, by_import, functions, source_position, classes, file_of)


def _same_shape(old: ModuleSummary, new: ModuleSummary) -> bool:
    """The module gives the tables the same keys in the same order (and the same names)."""
    return old.key == new.key and old.path == new.path and \
        old.import_name == new.import_name and \
        len(old.functions) == len(new.functions) and \
        all(a.key == b.key for a, b in zip(old.functions, new.functions, strict=True)) and \
        list(old.classes) == list(new.classes) and \
        all(a.key == b.key for a, b in zip(old.classes.values(), new.classes.values(),
                                           strict=True))


def patched_tables(old: ModuleTables | None, modules: list[ModuleSummary]) -> ModuleTables:
    """The tables of `modules`: `old` (the tables of the last run, left unchanged) patched with
    the summaries that are new objects when that gives the tables `module_tables` would build;
    built from scratch otherwise."""
    if old is None or len(old.modules) != len(modules):
        return module_tables(modules)
    by_key = {m.key: m for m in modules}
    if len(by_key) != len(modules) or list(by_key) != list(old.modules):
        return module_tables(modules)
    changed = list(compress(by_key, map(is_not, by_key.values(), old.modules.values())))
    if not changed:
        return ModuleTables(by_key, old.by_import, old.functions, old.source_position,
                            old.classes, old.file_of)
    if len(changed) * 4 > len(modules) or \
            not all(_same_shape(old.modules[key], by_key[key]) for key in changed):
        return module_tables(modules)
    functions = dict(old.functions)
    classes = dict(old.classes)
    by_import = defaultdict(list, old.by_import)
    for key in changed:
        before, after = old.modules[key], by_key[key]
        for fn in after.functions:
            functions[fn.key] = fn
        for cls in after.classes.values():
            classes[cls.key] = cls
        for name in {after.import_name, after.key}:
            if name in by_import:
                by_import[name] = [after if m is before else m for m in by_import[name]]
    # Function keys, their order, positions and files are those of the last run.
    return ModuleTables(by_key, by_import, functions, old.source_position, classes,
                        old.file_of)
