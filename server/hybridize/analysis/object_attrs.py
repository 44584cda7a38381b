"""A method's `self.attr = v`, seen from a read `obj.attr` of another function.

facts.stale_reads matches a read of `self.attr` with the class's own assignments
(facts.attribute_writer: any method but construction, or construction run again, reruns.py),
and a read `obj.attr` of any other object with stores on objects (`obj.attr = v`, setattr:
facts.attribute_write). A method's own `self.attr = v` is not such a store (bodies keeps it in
the class's instance_attrs), so `def scaled(cfg, x): return x * cfg.scale` was proposed 'safe to
hybridize' although `Config.set_scale(self, s)` assigns `self.scale`, and `Config.reset`, calling
`self.__init__(s)`, assigns it again: measured (TF 2.21, tests/test_object_attrs.py), a graph
traced with `cfg` keeps the first scale, x * 2.0 traced against x * 3.0 eagerly after
`cfg.set_scale(3.0)`.

`InstanceWrites.writer` matches a read `obj.attr`, where `obj` may be an object of a workspace
class (or of a class related to it: a subclass or base, facts.related) or of unknown type (then
of any class), with:

- `self.attr = v` (or `self.attr.append(v)`: both are in instance_attrs) in a method of such a
  class other than the reader itself, unless the method is
  construction (`__init__`, `build`, ..., syntax.NO_EFFECT_ON_SELF, or a setup method only they
  call) that nothing runs again (reruns.py), exactly as for a read of `self.attr`;
- a class-level write of `attr` (`Config.scale = 3.0`, `cls.scale = ...`);
- a `setattr` on `self` in construction (any attribute: bodies does not record its name), or a
  write through `self.__dict__`, `vars(self)`, `object.__setattr__(self, ...)` there
  (dict_writes.py), that something runs again (also for reads `self.attr`:
  facts.attribute_writer).

The index of every class's `self.attr` writes (and of the construction methods that call
setattr on self) costs 13 ms per facts build on tf-models-official, a language-server edit's
budget's tenth: `InstanceAttrIndex` keeps it across runs (the CallIndex holds one), updated for
the classes whose summaries (or whose construction methods' summaries) are not the objects it
saw, the way call_index.py follows program entries. Its tables equal those built from scratch
(tests/test_object_attrs_index.py).
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.call_index import Grouped, replaced
from hybridize.analysis.dict_writes import writes_own_attributes
from hybridize.analysis.syntax import NO_EFFECT_ON_SELF

if TYPE_CHECKING:
    from hybridize.analysis.facts import FactBuilder
    from hybridize.analysis.program import Program
    from hybridize.analysis.summary_model import ClassSummary, FunctionSummary, Values

Writer = tuple[str, int, str]


def class_entries(cls: ClassSummary, functions: dict[str, FunctionSummary]
                  ) -> tuple[dict[str, list[tuple[str, str, int]]], list[str],
                             dict[str, FunctionSummary | None]]:
    """One class's share of the index: attr -> [(class key, method, line)] of its
    `self.attr = v` (attributes sorted), its construction methods that write attributes of
    self they do not name (setattr, dict_writes.py; sorted), and the method summaries that
    decided those (key -> the summary read)."""
    writes = {attr: [(cls.key, method, line) for _values, method, line in
                     cls.instance_attrs[attr]] for attr in sorted(cls.instance_attrs)}
    setattr_methods: list[str] = []
    read: dict[str, FunctionSummary | None] = {}
    for method in sorted(set(cls.methods) & NO_EFFECT_ON_SELF):
        fn = read[cls.methods[method]] = functions.get(cls.methods[method])
        if fn is not None and writes_own_attributes(fn):  # setattr(self, k, v)
            setattr_methods.append(method)
    return writes, setattr_methods, read


class InstanceAttrIndex:
    """The tables InstanceWrites reads, for one program at a time, kept between runs:
    `by_attr` (attr -> [(class key, method, line)] in class-key order, each class's in its
    order) and `setattr_classes` ([(class key, method)] in that order). `update(program)`
    re-reads only the classes whose summary, or a construction method's summary, is not the
    object it read last time (a run replaces the summaries of a module it reads again, never
    changes one in place); it holds the objects it read, so an identity is never reused."""

    def __init__(self) -> None:
        self.classes: dict[str, ClassSummary] = {}  # the class summaries last read
        # The construction methods' summaries read (function key -> the object, None for
        # none), and by which classes: every reader of a key read the same object (one that
        # changes makes them all read it again).
        self.read: dict[str, FunctionSummary | None] = {}
        self.readers: dict[str, set[str]] = {}
        self.reads_of: dict[str, list[str]] = {}  # class -> the function keys it read
        self.by_attr: Grouped[tuple[str, str, int]] = Grouped()
        self.attrs_of: dict[str, list[str]] = {}  # class -> the attributes it put
        self.setattr_methods: dict[str, list[str]] = {}
        self._setattr_list: list[tuple[str, str]] | None = None
        self.updates = 0  # classes read again by the last update (for measurements)

    def update(self, program: Program) -> None:
        changed, gone = replaced(program.classes, self.classes)
        functions = program.functions
        stale = {cls for fn_key in [fn_key for fn_key, fn in self.read.items()
                                    if functions.get(fn_key) is not fn]
                 for cls in self.readers[fn_key]}
        todo = sorted(set(changed) | stale | set(gone))
        for key in todo:
            for attr in self.attrs_of.pop(key, ()):
                self.by_attr.drop(attr, key)
            for fn_key in self.reads_of.pop(key, ()):
                readers = self.readers[fn_key]
                readers.discard(key)
                if not readers:
                    del self.readers[fn_key], self.read[fn_key]
            if self.setattr_methods.pop(key, None) is not None:
                self._setattr_list = None
            cls = program.classes.get(key)
            if cls is None:
                continue
            writes, methods, read = class_entries(cls, functions)
            for attr, entries in writes.items():
                self.by_attr.put(attr, key, entries)
            self.attrs_of[key] = list(writes)
            for fn_key, fn in read.items():
                self.read[fn_key] = fn
                self.readers.setdefault(fn_key, set()).add(key)
            if read:
                self.reads_of[key] = list(read)
            if methods:
                self.setattr_methods[key] = methods
                self._setattr_list = None
        if gone or len(self.classes) != len(program.classes) or changed:
            self.classes = dict(program.classes)
        self.updates = len(todo)

    def setattr_classes(self) -> list[tuple[str, str]]:
        if self._setattr_list is None:
            self._setattr_list = [(key, method) for key in sorted(self.setattr_methods)
                                  for method in self.setattr_methods[key]]
        return self._setattr_list


class InstanceWrites:
    """See the module's doc; built on first use, for one FactBuilder's program."""

    def __init__(self, builder: FactBuilder) -> None:
        # The builder holds this object: a strong reference back would make a cycle that kept
        # each run's builder and program alive until the cyclic GC ran (the language server
        # runs it every GC_EVERY_RUNS runs, 100 to 150 MiB later on 253 KLOC).
        self.b = weakref.proxy(builder)
        self._by_attr: Grouped[tuple[str, str, int]] | None = None
        self._setattr_classes: list[tuple[str, str]] | None = None
        self._class_writes: dict[str, list[tuple[str, Writer]]] | None = None

    def _index(self) -> Grouped[tuple[str, str, int]]:
        """attr -> [(class key, method name, line)] of every `self.attr = v`, in class order:
        the CallIndex's kept tables, brought up to this program on first use."""
        if self._by_attr is None:
            kept = self.b.index.instance_attrs
            if kept is None:
                kept = self.b.index.instance_attrs = InstanceAttrIndex()
            kept.update(self.b.p)
            self._by_attr = kept.by_attr
            self._setattr_classes = kept.setattr_classes()
        return self._by_attr

    def writer(self, fn: FunctionSummary, attr: str, objects: Values,
               mutated: dict[str, Writer]) -> Writer | None:
        """The first write (file, line, reason) of `.attr` on an object that may be one of
        `objects` (expanded values of the read's object), or None."""
        by_attr = self._index()
        p, b = self.b.p, self.b
        anything = not objects or V.has_unknown(objects)
        wanted = sorted({v[4:] for v in objects if v.startswith(("obj:", "cls:"))})

        def may_be(class_key: str) -> bool:
            return anything or any(b.related(w, class_key) for w in wanted)

        for class_key, method, line in by_attr.get(attr, ()):
            if not may_be(class_key):
                continue
            cls = p.classes[class_key]
            method_key = cls.methods.get(method, "")
            if method_key == fn.key:
                continue  # the reader's own store: a side effect of it, judged as such
            if method in NO_EFFECT_ON_SELF or b.is_setup(method_key):
                again = b.construction_rerun(class_key, method)
                if again is None:
                    continue
                return again[0], again[1], \
                    f"{cls.name}.{method}() assigns self.{attr} again when {again[2]}"
            return p.file_of.get(method_key, ""), line, \
                f"{cls.name}.{method}() changes self.{attr}"
        if self._class_writes is None:  # `Config.scale = 3.0`: c:<class key>.<attr>
            self._class_writes = defaultdict(list)
            for target in sorted(t for t in mutated if t.startswith("c:")):
                class_key, _, name = target[2:].rpartition(".")
                self._class_writes[name].append((class_key, mutated[target]))
        for class_key, written in self._class_writes.get(attr, ()):
            if may_be(class_key):
                return written
        return self.unnamed_rerun(may_be)

    def unnamed_rerun(self, may_be: Callable[[str], bool]) -> Writer | None:
        """Construction of a class `may_be` accepts that writes attributes it does not name
        (`setattr(self, k, v)`, `self.__dict__.update(d)`: dict_writes.py), run again."""
        self._index()
        assert self._setattr_classes is not None
        p, b = self.b.p, self.b
        for class_key, method in self._setattr_classes:
            if not may_be(class_key):
                continue
            again = b.construction_rerun(class_key, method)
            if again is not None:
                cls = p.classes[class_key]
                return again[0], again[1], \
                    f"{cls.name}.{method}() sets attributes it does not name again when " \
                    f"{again[2]}"
        return None
