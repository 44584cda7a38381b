"""Construction run again on an object already in use.

What `__init__` and `build` assign (and the setup methods only they call, setup_methods.py) is
not a stale read: they run before the object's other methods (syntax.NO_EFFECT_ON_SELF). That
holds only while nothing runs them again. A `reset` that calls `self.__init__(...)` (or
`Base.__init__(self, ...)`, or `obj.__init__(...)` from any function that is not itself a
constructor), or an ordinary method that calls `self.build(...)` / `other.build(...)`, reassigns
those attributes between two calls of a traced method, which keeps the values it read while
tracing (measured, TF 2.21: tests/fixtures/soundness/reruns.py, `Agent.act` returned x * 2.0
from the graph after `reset(3.0)`, x * 3.0 eagerly).

`construction_reruns` finds such calls among the resolved call sites (a constructor call
`Agent(...)` makes a new object and is not one); facts.attribute_writer then counts the class's
construction writes as writes. Not found (gaps): a `build` called again from a plain function
(`layer.build(shape)` in a script, usually before first use), a rerun through a receiver of
unknown type, `__dict__` writes of construction attributes. A `setattr` on `self` in `__init__`
run again is matched by object_attrs.py (bodies records no name for it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from hybridize.analysis.syntax import NO_EFFECT_ON_SELF

if TYPE_CHECKING:
    from hybridize.analysis.program import Program

CONSTRUCTION = ("__init__", "build")


def construction_reruns(program: Program, is_setup: Callable[[str], bool]
                        ) -> dict[str, tuple[str, int, str]]:
    """Class key -> the first rerun of either method (`reruns_by_method`)."""
    return {key: runs[sorted(runs)[0]]
            for key, runs in reruns_by_method(program, is_setup).items()}


def reruns_by_method(program: Program, is_setup: Callable[[str], bool]
                     ) -> dict[str, dict[str, tuple[str, int, str]]]:
    """Class key -> {"__init__" or "build": (file, line, words)} of the first call (in sorted
    function order) that runs that method of the class again on an existing object. Only what
    the method run again assigns changes: a `build` run again leaves `__init__`'s attributes
    (keras-hub's `if not self.built: self.build(None)` in a preprocessor's method)."""
    out: dict[str, dict[str, tuple[str, int, str]]] = {}
    for key in sorted(program.info):
        caller = program.functions.get(key)
        if caller is None or caller.name in NO_EFFECT_ON_SELF or is_setup(key):
            continue  # super().__init__(...), self.build(...) while the object is being made
        for binding in program.info[key].bindings:
            callee = program.functions.get(binding.callee)
            site = binding.site
            if callee is None or callee.name not in CONSTRUCTION or callee.class_key is None:
                continue
            by_name = site.method == callee.name or \
                (site.static or "").rpartition(".")[2] == callee.name
            if not by_name:
                continue  # Agent(...): a new object
            if callee.name == "build" and caller.kind != "method":
                continue  # a script building a layer before use (a gap, see above)
            out.setdefault(callee.class_key, {}).setdefault(callee.name, (
                program.file_of.get(key, ""), site.line,
                f"{caller.qualname}() runs {site.text}() again on an object already made"))
    return out
