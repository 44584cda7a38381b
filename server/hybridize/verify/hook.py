"""Child side: the import hook that compiles the workspace's proposed modules, as written or with
the proposals, with a probe on each proposed function, under the user's own file names.

Line numbers: the proposed text is what `hybridize fix` would write (an added `@tf.function`, an
added import: more lines); its syntax tree is parsed, then every node gets the line of the
original text it came from (the plan's line map), so tracebacks and warnings point at the lines
of the user's files. Nothing is written: no file, no bytecode cache.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from types import CodeType, ModuleType
from typing import Any

from hybridize.verify.probe import Recorder

GLOBAL = "__hybridize_verify__"  # the recorder, in the globals of every module compiled here
PROPERTY_PARTS = {"property", "setter", "getter", "deleter", "cached_property"}


def instrumented_code(source: str, filename: str, functions: dict[str, str],
                      line_map: Sequence[int] | None = None) -> CodeType:
    """Compile `source` with a probe on each function of `functions` (qualname -> proposal id);
    `line_map[i]` is the original line of line i + 1 of `source`."""
    tree = ast.parse(source, filename)
    if line_map is not None:
        _map_lines(tree, line_map)
    for node, qualname in _definitions(tree):
        pid = functions.get(qualname)
        if pid is not None:
            _instrument(node, pid)
    ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec", dont_inherit=True)


def _map_lines(tree: ast.AST, line_map: Sequence[int]) -> None:
    last = len(line_map)
    for node in ast.walk(tree):
        for attribute in ("lineno", "end_lineno"):
            line = getattr(node, attribute, None)
            if isinstance(line, int) and 1 <= line <= last:
                setattr(node, attribute, line_map[line - 1])


def _definitions(tree: ast.Module) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]:
    """Every function with the engine's qualified name (`Class.method`, `outer.inner`); a name
    defined twice keeps its last definition, the one the name binds."""
    found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    stack: list[tuple[list[ast.stmt], str]] = [(tree.body, "")]
    while stack:
        body, prefix = stack.pop()
        for stmt in body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                qualname = prefix + stmt.name
                if not isinstance(stmt, ast.ClassDef):
                    found[qualname] = stmt
                stack.append((stmt.body, qualname + "."))
            else:
                for child in ast.iter_child_nodes(stmt):  # defs inside if/try/with/for bodies
                    if isinstance(child, ast.stmt):
                        stack.append(([child], prefix))
                    elif isinstance(child, (ast.excepthandler, ast.match_case)):
                        stack.append((child.body, prefix))
    return [(node, name) for name, node in found.items()]


def _instrument(node: ast.FunctionDef | ast.AsyncFunctionDef, pid: str) -> None:
    line, col = node.lineno, node.col_offset
    # The first statement (after the docstring) counts Python executions of the body and notes
    # the test they ran in: calls nested in others and in graphs included (AutoGraph, which
    # converts the source on disk, skips it: traces are counted by the probe instead).
    count = ast.Expr(ast.Call(ast.Attribute(ast.Name(GLOBAL, ast.Load()), "entered", ast.Load()),
                              [ast.Constant(pid)], []))
    ast.copy_location(count, node.body[0])
    has_doc = (isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
               and isinstance(node.body[0].value.value, str))
    node.body.insert(1 if has_doc else 0, count)
    if any(_is_property(d) for d in node.decorator_list):
        return  # a probe outside a property would wrap the value, not the function
    # Outermost, so that it times the call as the caller sees it, graph included.
    probe = ast.Call(ast.Attribute(ast.Name(GLOBAL, ast.Load()), "probe", ast.Load()),
                     [ast.Constant(pid)], [])
    for part in ast.walk(probe):
        part.lineno, part.col_offset = line, col  # type: ignore[attr-defined]
        part.end_lineno, part.end_col_offset = line, col  # type: ignore[attr-defined]
    node.decorator_list.insert(0, probe)


def _is_property(decorator: ast.expr) -> bool:
    if isinstance(decorator, ast.Name):
        return decorator.id in PROPERTY_PARTS
    return isinstance(decorator, ast.Attribute) and decorator.attr in PROPERTY_PARTS


class PlanFile:
    """One proposed file of the plan, as the child needs it."""

    def __init__(self, data: dict[str, Any], proposed: bool) -> None:
        self.path: str = data["path"]
        self.file: str = data["file"]  # relative to the analysed folder
        self.digest: str = data["digest"]
        self.functions: dict[str, str] = data["functions"]
        self.source: str | None = data["after"] if proposed else None
        self.line_map: list[int] | None = data["line_map"] if proposed else None


class VerifyFinder(importlib.abc.MetaPathFinder):
    """Finds the planned files as the normal path finder would, and loads them instrumented."""

    def __init__(self, files: dict[str, PlanFile], recorder: Recorder) -> None:
        self.files = {os.path.realpath(path): plan for path, plan in files.items()}
        self.recorder = recorder

    def plan_for(self, filename: str | None) -> PlanFile | None:
        return None if not filename else self.files.get(os.path.realpath(filename))

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        plan = self.plan_for(spec.origin)
        if plan is None:
            return None
        loader = VerifyLoader(fullname, spec.origin or "", plan, self)
        return importlib.util.spec_from_file_location(
            fullname, spec.origin, loader=loader,
            submodule_search_locations=spec.submodule_search_locations)

    def code_for(self, plan: PlanFile, filename: str) -> CodeType | None:
        """The instrumented code of `plan`'s file, or None (then it runs as on disk) when the file
        changed since it was analysed."""
        with open(filename, "rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).hexdigest() != plan.digest:
            self.recorder.skipped[plan.file] = "changed since it was analysed"
            return None
        source = plan.source if plan.source is not None else importlib.util.decode_source(data)
        code = instrumented_code(source, filename, plan.functions, plan.line_map)
        self.recorder.loaded.append(plan.file)
        return code


class VerifyLoader(importlib.machinery.SourceFileLoader):
    def __init__(self, fullname: str, path: str, plan: PlanFile, finder: VerifyFinder) -> None:
        super().__init__(fullname, path)
        self.plan = plan
        self.finder = finder

    def get_code(self, fullname: str) -> CodeType | None:
        code = self.finder.code_for(self.plan, self.get_filename(fullname))
        return code if code is not None else super().get_code(fullname)

    def set_data(self, path: str, data: bytes, *, _mode: int = 0o666) -> None:
        """No bytecode cache: the instrumented code must not be written next to the user's file."""

    def exec_module(self, module: ModuleType) -> None:
        module.__dict__[GLOBAL] = self.finder.recorder
        super().exec_module(module)


def install(files: dict[str, PlanFile], recorder: Recorder) -> VerifyFinder:
    finder = VerifyFinder(files, recorder)
    sys.meta_path.insert(0, finder)
    return finder
