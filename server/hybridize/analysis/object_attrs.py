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
- a `setattr` on `self` in construction (any attribute: bodies does not record its name) that
  something runs again.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from hybridize.analysis import values as V
from hybridize.analysis.syntax import NO_EFFECT_ON_SELF

if TYPE_CHECKING:
    from hybridize.analysis.facts import FactBuilder
    from hybridize.analysis.summary_model import FunctionSummary, Values

Writer = tuple[str, int, str]


class InstanceWrites:
    """See the module's doc; built on first use, for one FactBuilder's program."""

    def __init__(self, builder: FactBuilder) -> None:
        self.b = builder
        self._by_attr: dict[str, list[tuple[str, str, int]]] | None = None
        self._setattr_classes: list[tuple[str, str]] | None = None
        self._class_writes: dict[str, list[tuple[str, Writer]]] | None = None

    def _index(self) -> dict[str, list[tuple[str, str, int]]]:
        """attr -> [(class key, method name, line)] of every `self.attr = v`, in class order."""
        if self._by_attr is None:
            self._by_attr = defaultdict(list)
            self._setattr_classes = []
            p = self.b.p
            for class_key in sorted(p.classes):
                cls = p.classes[class_key]
                for attr in sorted(cls.instance_attrs):
                    for _values, method, line in cls.instance_attrs[attr]:
                        self._by_attr[attr].append((class_key, method, line))
                for method in sorted(set(cls.methods) & NO_EFFECT_ON_SELF):
                    fn = p.functions.get(cls.methods[method])
                    if fn is None or not fn.params:
                        continue
                    me = frozenset({f"p|{fn.key}|{fn.params[0]}"})
                    for site in fn.calls:
                        if site.static == "setattr" and site.args and site.args[0] == me:
                            self._setattr_classes.append((class_key, method))
                            break
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
        assert self._setattr_classes is not None
        for class_key, method in self._setattr_classes:
            if not may_be(class_key):
                continue
            again = b.construction_rerun(class_key, method)
            if again is not None:
                cls = p.classes[class_key]
                return again[0], again[1], \
                    f"{cls.name}.{method}() calls setattr on self again when {again[2]}"
        return None
