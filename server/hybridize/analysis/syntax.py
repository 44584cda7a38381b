"""What both the module pass and the function visitor need: names, scopes, columns."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.model import Span

MODULE_QUALNAME = "<module>"
NO_EFFECT_ON_SELF = frozenset({"__init__", "build", "__new__", "__post_init__", "setUp"})
# The value uses that read an object's attribute: `obj.name`, and a lookup by a name given as a
# value (`getattr(obj, name, default)`, `vars(obj)`; `hasattr`, a test: bodies.note_lookup),
# which reads no member of a tensor.
ATTRIBUTE_READS = frozenset({"attr-read", "attr-lookup", "attr-test"})


def name_matches(pattern: str, attr: str) -> bool:
    """Whether an f-string attribute name `*PREFIX*SUFFIX` (bodies.setattr_names) can be
    `attr`: it starts with PREFIX and ends with SUFFIX (the formatted part may be empty)."""
    prefix, _, suffix = pattern[1:].partition("*")
    return len(attr) >= len(prefix) + len(suffix) and attr.startswith(prefix) and \
        attr.endswith(suffix)


class Columns:
    """ast columns are UTF-8 byte offsets; Spans count code points (what editors convert from)."""

    def __init__(self, text: str) -> None:
        self.lines = re.split(r"\r\n|\r|\n", text)

    def char(self, line: int, byte_col: int) -> int:
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return byte_col
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))

    def span(self, node: ast.AST) -> Span:
        line, end = node.lineno, node.end_lineno or node.lineno  # type: ignore[attr-defined]
        return Span(line, self.char(line, node.col_offset),  # type: ignore[attr-defined]
                    end, self.char(end, node.end_col_offset or 0))  # type: ignore[attr-defined]


def dotted_name(node: ast.AST) -> str | None:
    """`a.b.c` -> "a.b.c"; anything else -> None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


# A call whose callee is on another line than its start: its column is counted past every line's
# (call_column).
_LINE_WIDTH = 1_000_000


def call_column(node: ast.Call) -> int:
    """The column that tells a call site apart from the others of its line: its start, except
    for a call of what another call returns (`parse(x).get("k")`, `Dense(4)(x)`,
    `f(x)[0](y)`), which starts where that call starts: there, the column of its opening
    parenthesis (past _LINE_WIDTH per line below its start where the callee ends on a later
    line). Call sites are keyed by (line, column) across the analysis (a red team of session
    29, p54: the two calls of `parse_line(line).get("height")` shared a key, and what the
    caller reads of the first one's result was lost)."""
    inner = node.func
    while isinstance(inner, (ast.Attribute, ast.Subscript)):
        inner = inner.value
    if not isinstance(inner, ast.Call):
        return node.col_offset
    func = node.func
    end_line = func.end_lineno or node.lineno
    return (func.end_col_offset or 0) + _LINE_WIDTH * (end_line - node.lineno)


def _literal_kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (str, bytes)):
        return "str"
    if value is None:
        return V.NONE
    return V.UNKNOWN


class ModuleContext:
    """What a function body needs to know about its module: imports and top-level names."""

    def __init__(self, key: str, import_name: str, is_package: bool) -> None:
        self.key = key
        self.import_name = import_name
        self.package = import_name if is_package else import_name.rpartition(".")[0]
        self.imports: dict[str, str] = {}
        # the first names of the modules imported, as written (`keras`, `tensorflow`), which
        # `imports` normalizes (tfapi.normalize: `keras.ops` is `tensorflow.keras.ops` there)
        self.import_roots: set[str] = set()
        self.defs: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        self.globals: set[str] = set()
        # Names of the methods this module's top-level classes define (bodies.note_escape).
        self.method_names: set[str] = set()
        # Top-level classes whose call makes an object nothing else holds (summaries.
        # _plain_class; liveness.dead_values).
        self.plain_classes: set[str] = set()
        # `M = tf.math` at the top level, assigned once: the library module each such global
        # names (bodies.bind_target: `M.abs = f` rebinds tf.math.abs).
        self.library_aliases: dict[str, str] = {}
        # Top-level names bound to a Python or NumPy random generator (`RNG =
        # np.random.default_rng(0)`), whose `shuffle` changes its argument (bodies.eval_Call)
        self.generators: set[str] = set()
        # Top-level names bound to absl's FLAGS (`FLAGS = flags.FLAGS`: bodies.eval_Call)
        self.flag_names: set[str] = set()
        self.module_fn = f"{key}:{MODULE_QUALNAME}"

    def qualify(self, name: str) -> str | None:
        """The qualified name of a dotted expression rooted at an import, e.g. tf.keras.Input."""
        head, _, rest = name.partition(".")
        if head in self.imports:
            base = self.imports[head]
            return tfapi.normalize(f"{base}.{rest}" if rest else base)
        return None

    def import_target(self, node: ast.Import | ast.ImportFrom, alias: ast.alias) -> str | None:
        """The qualified name an import statement binds to `alias`'s local name (for
        `import a.b`, the name `a`); None for `from m import *`."""
        if isinstance(node, ast.Import):
            return tfapi.normalize(alias.name if alias.asname else alias.name.split(".")[0])
        if alias.name == "*":
            return None
        base = self.from_base(node)
        return tfapi.normalize(f"{base}.{alias.name}" if base else alias.name)

    def from_base(self, node: ast.ImportFrom) -> str:
        """The absolute module a `from ... import` names, relative levels resolved against the
        module's package."""
        base = node.module or ""
        if node.level:
            parts = self.package.split(".") if self.package else []
            up = node.level - 1
            parts = parts[: len(parts) - up] if up else parts
            base = ".".join([*parts, base] if base else parts)
        return base

    def add_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            self.import_roots.update(alias.name.split(".")[0] for alias in node.names)
        elif node.module and not node.level:
            self.import_roots.add(node.module.split(".")[0])
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    self.imports[alias.asname] = tfapi.normalize(alias.name)
                else:
                    head = alias.name.split(".")[0]
                    self.imports[head] = tfapi.normalize(head)
            return
        base = self.from_base(node)
        for alias in node.names:
            if alias.name == "*":
                # `from tensorflow import *` binds tf.__all__ (constant, Variable, function, and
                # print: tf.print shadows the builtin).
                module = tfapi.normalize(base)
                exports = tfapi.star_exports(module)
                for name in sorted(exports):
                    self.imports[name] = tfapi.normalize(f"{module}.{name}")
                if not exports:
                    # Any other module: kept under a key no name can spell, in source order
                    # (line, column); what it binds is looked up in the workspace
                    # (Program.star_bound).
                    self.imports[f"*{node.lineno:06d}.{node.col_offset:04d}"] = module
                continue
            target = f"{base}.{alias.name}" if base else alias.name
            self.imports[alias.asname or alias.name] = tfapi.normalize(target)


def _walk_local(body: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Walk statements without descending into nested functions, lambdas or classes."""
    stack = list(body)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue  # the definition binds a name; its body is another scope
        stack.extend(ast.iter_child_nodes(node))


class ScopeFacts(NamedTuple):
    """What one pass over a function body learns about its scope."""

    local_names: set[str]  # assigned here and not declared global or nonlocal
    declared_global: set[str]
    declared_nonlocal: set[str]
    generator: bool  # the body yields


# Fields that never hold a node whose subtree can bind a name or yield (ctx, operators, strings).
_INERT_FIELDS = frozenset({
    "ctx", "op", "ops", "id", "attr", "arg", "kind", "type_comment", "level", "module",
    "conversion", "is_async", "simple", "kwd_attrs",
})
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def child_fields(cls: type) -> tuple[str, ...]:
    """The fields of a node class that can hold nodes whose subtree binds a name (cached); the
    hot walks read `_CHILD_FIELDS` first and call this only for a class they have not seen."""
    fields = _CHILD_FIELDS.get(cls)
    if fields is None:
        fields = _CHILD_FIELDS[cls] = tuple(
            f for f in cls._fields if f not in _INERT_FIELDS and f != "name" and f != "rest")
    return fields


def append_children(node: ast.AST, out: list) -> None:
    """Append `node`'s child nodes to `out` in ast.iter_child_nodes' order, less the parser's
    shared context and operator leaves and the fields that hold only strings or numbers
    (`child_fields`): the loop the hot walks share, without a generator."""
    for field in _CHILD_FIELDS.get(node.__class__) or child_fields(node.__class__):
        value = getattr(node, field, None)
        if value.__class__ is list:
            for item in value:
                if isinstance(item, ast.AST):
                    out.append(item)
        elif isinstance(value, ast.AST):
            out.append(value)


def assigned_values(assigns: Iterable[ast.Assign]) -> dict[str, list[ast.expr]]:
    """Each local a plain `name = value` binds -> every value it is so assigned, in order."""
    bound: dict[str, list[ast.expr]] = {}
    for assign in assigns:
        for target in assign.targets:
            if type(target) is ast.Name:
                bound.setdefault(target.id, []).append(assign.value)
    return bound


def walk(node: ast.AST) -> Iterator[ast.AST]:
    """`ast.walk(node)`: the node and its descendants, breadth-first in the same order, less the
    parser's shared context and operator leaves (`Load`, `Add`, `Eq`: `child_fields`; read
    them from their parent's `ctx`, `op`, `ops`), in about half its time (no generator per
    node, no field that holds only strings or numbers). Lazy, as ast.walk is: `any(...)` over
    it stops early."""
    out = [node]
    index = 0
    fields_of = _CHILD_FIELDS
    node_type = ast.AST
    while index < len(out):
        current = out[index]
        index += 1
        for field in fields_of.get(current.__class__) or child_fields(current.__class__):
            value = getattr(current, field, None)
            if value.__class__ is list:
                for item in value:
                    if isinstance(item, node_type):
                        out.append(item)
            elif isinstance(value, node_type):
                out.append(value)
        yield current


def walk_statements(body: list[ast.stmt]) -> list[ast.AST]:
    """`[n for stmt in body for n in ast.walk(stmt)]` (each statement breadth-first, nested
    scopes included) without the parser's shared context and operator nodes (`Load`, `Add`:
    leaves that `child_fields` leaves out, so the other nodes keep their order), in about half
    its time: no generators, no field that holds only strings or numbers."""
    out: list[ast.AST] = []
    for stmt in body:
        out.append(stmt)
        index = len(out) - 1
        while index < len(out):
            append_children(out[index], out)
            index += 1
    return out


_NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def scope_facts(body: list[ast.stmt]) -> ScopeFacts:
    """Locals, global and nonlocal declarations and whether it yields: one walk over the body.

    The walk does not enter nested functions, lambdas or classes (their bodies are other scopes;
    a nested def or class binds its name here). It is the hottest loop of a cold run, hence the
    per-class field tables instead of `ast.iter_child_nodes`.
    """
    assigned: set[str] = set()
    declared_global: set[str] = set()
    declared_nonlocal: set[str] = set()
    generator = False
    stack: list = list(body)
    fields_of = _CHILD_FIELDS
    node_type = ast.AST
    while stack:
        node = stack.pop()
        cls = node.__class__
        if cls is ast.Name:
            if node.ctx.__class__ is not ast.Load:
                assigned.add(node.id)
            continue
        if cls is ast.Constant or node is None:
            continue
        if cls in _NESTED_SCOPES:
            assigned.add(node.name)
            continue
        if cls is ast.Lambda:
            continue
        if cls is ast.Global:
            declared_global.update(node.names)
            continue
        if cls is ast.Nonlocal:
            declared_nonlocal.update(node.names)
            continue
        if cls is ast.Import or cls is ast.ImportFrom:
            assigned.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
            continue
        if cls is ast.Yield or cls is ast.YieldFrom:
            generator = True
        elif cls is ast.ExceptHandler or cls is ast.MatchAs or cls is ast.MatchStar:
            if node.name:
                assigned.add(node.name)
        elif cls is ast.MatchMapping and node.rest:
            assigned.add(node.rest)
        fields = fields_of.get(cls) or child_fields(cls)
        for field in fields:
            value = getattr(node, field, None)
            if value.__class__ is list:
                stack.extend(value)
            elif isinstance(value, node_type):
                stack.append(value)
    assigned -= declared_global
    assigned -= declared_nonlocal
    return ScopeFacts(assigned, declared_global, declared_nonlocal, generator)


def deepest_nesting(tree: ast.AST) -> tuple[int, int | None, str]:
    """How deeply `tree` nests: the depth, the line of the innermost node and the node kinds the
    path to it repeats most (`Call and Lambda`): what to name when a file is too deep to analyse.
    Iterative: it runs after the recursive walk ran out of stack."""
    parent: dict[ast.AST, ast.AST] = {}
    deepest, depth_of_deepest = tree, 0
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > depth_of_deepest:
            deepest, depth_of_deepest = node, depth
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _SHARED_SINGLETONS):
                continue  # the parser reuses one of each in every tree: a position other code
                # set on one would show up here
            parent[child] = node
            stack.append((child, depth + 1))
    kinds: dict[str, int] = {}
    line = None
    node = deepest
    while node is not tree:
        line = line or getattr(node, "lineno", None)
        kinds[type(node).__name__] = kinds.get(type(node).__name__, 0) + 1
        node = parent[node]
    common = sorted(kinds, key=lambda k: (-kinds[k], k))[:2] or ["Module"]
    return depth_of_deepest, line, " and ".join(common)


_SHARED_SINGLETONS = (ast.expr_context, ast.boolop, ast.operator, ast.unaryop, ast.cmpop)


# Constructors of Python's and NumPy's random generators (their `shuffle` works in place)
_GENERATORS = frozenset({"default_rng", "Random", "RandomState", "SystemRandom", "Generator"})


def random_generator(node: ast.expr | None) -> bool:
    """`np.random.default_rng(0)`, `random.Random(seed)`, `np.random.RandomState(1)`."""
    return isinstance(node, ast.Call) and \
        (dotted_name(node.func) or "").rpartition(".")[2] in _GENERATORS
