"""A tf.function used as one: `f.get_concrete_function(...)`, `module.serve.python_function`,
`f.experimental_get_tracing_count()`. Removing the decorator turns `f` into a plain function
that has none of these attributes (AttributeError), so such a use blocks the removal (P2, P3,
P6). Seen on real code: tf-models-official 2.20.0 vision/serving/export_base.py, where
`ExportModule.inference_from_image_tensors` (whose `self.serve(...)` the base class leaves to
subclasses) was proposed for removal while `get_serving_signatures` calls
`self.inference_from_image_tensors.get_concrete_function(...)` to export the model.

The summary records each read of such an attribute as a value use (`API_USE`) with the values
of the object it is read on and the last name of that object as written; the use counts for every
function among those values and for every tf.function of that name (a method read on `self` may
be a subclass's override: default-deny).

`getattr(f, "get_concrete_function")` and `hasattr(f, ...)` read an attribute by a name the
summary does not keep: any such call on a tf.function counts as a use (default-deny: the name
may be one of the tf.function's; `hasattr` answers otherwise once the decorator is gone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis import tfapi

if TYPE_CHECKING:
    from collections.abc import Iterable

    from hybridize.analysis.program import Program
    from hybridize.analysis.summary_model import CallSite, FunctionSummary

API_USE = "tf-function-api"
# Builtins that read an attribute of their first argument by a name given as a value.
BY_NAME = frozenset({"getattr", "hasattr", "builtins.getattr", "builtins.hasattr"})
# Calls that tell a tf.function from a plain function by looking at the object (its type, its
# repr, `inspect.isfunction`: True once the decorator is gone; a third soundness audit, session
# 19), given it as any positional argument; every `inspect.` function counts too.
INTROSPECTING = frozenset({
    "type", "isinstance", "vars", "dir", "repr", "str", "print", "format",
    "builtins.type", "builtins.isinstance", "builtins.vars", "builtins.dir", "builtins.repr",
    "builtins.str", "builtins.print", "copy.copy", "copy.deepcopy", "pickle.dumps"})
_NO_ATTRIBUTE = ": without the decorator the plain function has no such attribute"
# Calls whose arguments uses_objects looks at (with `inspect.` and Keras constructors).
OBJECT_CALLS = BY_NAME | INTROSPECTING | {"id", "builtins.id"}
# `inspect` functions that answered the same for a function (and a bound method) and its
# tf.function (measured, TF 2.21: signature, getcallargs, ...; getfullargspec of a method,
# getsource, getfile, getmembers, isfunction, ismethod did not).
SAME_INSPECT = frozenset({
    "inspect.signature", "inspect.getmodule", "inspect.isroutine", "inspect.iscoroutinefunction",
    "inspect.unwrap", "inspect.isclass", "inspect.getattr_static", "inspect.getcallargs",
    "inspect.isbuiltin", "inspect.getmro"})
# Attributes that only a tf.function (or its concrete function) has.
TF_FUNCTION_API = frozenset({
    "get_concrete_function", "concrete_functions", "python_function", "function_spec",
    "input_signature", "experimental_get_tracing_count", "experimental_get_compiler_ir",
    "pretty_printed_concrete_signatures", "experimental_get_concrete_function",
    "__wrapped__",  # functools.update_wrapper's, which tf.function calls (audit E of session 20)
})


def uses_objects(fn: FunctionSummary) -> bool:
    """Whether the function has anything api_uses, keras_held or facts.identity_tested and
    facts.saved_* look for (CallIndex.object_users keeps these, so that a run does not scan
    every function of the workspace: a value use of API_USE or "identity", a call of `id`, of a
    builtin that reads or looks at an object, of `inspect`, of a Keras constructor given
    keywords or a first argument that may be code, or one that saves a SavedModel)."""
    if any(use in (API_USE, "identity") for use, _values, _line, _detail in fn.value_uses):
        return True
    for site in fn.calls:
        static = site.static or ""
        if not static or not site.args and not site.kwargs:
            continue
        if static in OBJECT_CALLS or static.startswith("inspect.") or \
                static.startswith(("tensorflow.keras.", "keras.", "tf_keras.")) or \
                static.startswith(("tensorflow.saved_model.", "tensorflow.compat.")):
            return True
    return False


def api_uses(program: Program, keys: Iterable[str] | None = None
             ) -> dict[str, tuple[str, int, str, str]]:
    """Function key -> (file, line, what, call) of a use of it as a tf.function object; `call`
    names a call that looks at the object (INTROSPECTING), "" for an attribute read."""
    by_name: dict[str, list[str]] = {}
    for key, fn in program.functions.items():
        if fn.hybrid or key in program.wrapped:
            by_name.setdefault(fn.name, []).append(key)
    out: dict[str, tuple[str, int, str, str]] = {}
    for key in sorted(program.functions if keys is None else keys):
        if key not in program.functions:
            continue
        for use, values, line, detail in program.functions[key].value_uses:
            if use != API_USE:
                continue
            name, _, attr = detail.partition("|")
            expanded = program.expand(values)
            found = {v.partition(":")[2] for v in expanded if v.startswith(("fn:", "bfn:"))}
            # By name too, whatever the values: `self.serve` in a base class may be a
            # subclass's override (tf-models' VideoClassificationModule.inference_from_image_
            # bytes, whose get_concrete_function ExportModule calls).
            found.update(by_name.get(name, ()))
            for target in sorted(found):
                out.setdefault(target, (program.file_of.get(key, ""), line, (
                    f"`{name}.{attr}` needs the tf.function object{_NO_ATTRIBUTE}"), ""))
        for site in program.functions[key].calls:
            if not site.args or site.static in SAME_INSPECT or not (
                    site.static in BY_NAME or site.static in INTROSPECTING or
                    (site.static or "").startswith("inspect.")):
                continue
            given = site.args[:1] if site.static in BY_NAME else site.args
            for index, arg in enumerate(given):
                for value in sorted(program.expand(arg)):
                    _use(program, key, site, index, value, out)
    return out


def keras_held(program: Program, keys: Iterable[str] | None = None
               ) -> dict[str, tuple[str, int, str]]:
    """Function key -> (file, line, what) where a Keras object is built holding the function
    itself as code it runs (`Lambda(squash)`, `Dense(activation=gelu)`: tfapi.CODE_FIRST and
    CODE_SLOTS). Keras keeps the object and serializes it by its Python function (get_config,
    saving): a tf.function there does not round-trip (measured, TF 2.21 / Keras 3: a Lambda
    of a converted function failed `Sequential.from_config`; a third soundness audit of
    session 19, c42)."""
    out: dict[str, tuple[str, int, str]] = {}
    for key in sorted(program.functions if keys is None else keys):
        if key not in program.functions:
            continue
        for site in program.functions[key].calls:
            static = site.static or ""
            if not static.startswith(("tensorflow.keras.", "keras.", "tf_keras.")):
                continue
            last = static.rsplit(".", 1)[-1]
            held = [a for i, a in enumerate(site.args) if i == 0 and last in tfapi.CODE_FIRST]
            held += [values for name, values in site.kwargs.items()
                     if "initializer" not in name and
                     any(word in name for word in tfapi.CODE_SLOTS)]
            for values in held:
                for value in sorted(program.expand(values)):
                    kind, _, target = value.partition(":")
                    if kind == "fn" and target in program.functions:
                        out.setdefault(target, (program.file_of.get(key, ""), site.line, (
                            f"{static.rsplit('.', 2)[-2]}.{last}(...) holds it as code Keras "
                            "serializes by its Python function (get_config, saving): a "
                            "tf.function there does not round-trip")))
    return out


def _use(program: Program, key: str, site: CallSite, index: int, value: str,
         out: dict[str, tuple[str, int, str, str]]) -> None:
    """A call given the function object `value` as its positional argument `index`."""
    kind, _, target = value.partition(":")
    if kind in ("fn", "bfn") and target in program.functions:
        name = program.functions[target].name
        shown = ", ".join([*["..."] * min(index, 1), name, *["..."] * (len(site.args) > index + 1)])
        call = f"{site.static}({shown})"
        out.setdefault(target, (program.file_of.get(key, ""), site.line, (
            f"`{call}` needs the tf.function object{_NO_ATTRIBUTE}" if site.static in BY_NAME else
            f"`{call}` looks at the function object: without the decorator it is a plain "
            "function (another type and repr; `inspect.isfunction` is True)"),
            "" if site.static in BY_NAME else call))
