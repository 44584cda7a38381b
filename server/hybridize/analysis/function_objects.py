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
from hybridize.analysis import values as V

if TYPE_CHECKING:
    from collections.abc import Iterable

    from hybridize.analysis.program import Program
    from hybridize.analysis.summary_model import CallSite, FunctionSummary, Values

API_USE = "tf-function-api"
# Builtins that read an attribute of their first argument by a name given as a value.
BY_NAME = frozenset({"getattr", "hasattr", "builtins.getattr", "builtins.hasattr"})
# Calls that tell a tf.function from a plain function by looking at the object (its type, its
# repr, `inspect.isfunction`: True once the decorator is gone; a third soundness audit, session
# 19), given it as any positional argument; every `inspect.` function counts too.
INTROSPECTING = frozenset({
    "type", "isinstance", "vars", "dir", "repr", "str", "print", "format",
    "builtins.type", "builtins.isinstance", "builtins.vars", "builtins.dir", "builtins.repr",
    "builtins.str", "builtins.print", "copy.copy", "copy.deepcopy", "pickle.dumps",
    # copy the function's `__dict__`, `__name__`, ... (a tf.function's differ; session 25)
    "functools.update_wrapper", "functools.wraps"})
_NO_ATTRIBUTE = ": without the decorator the plain function has no such attribute"
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


# Attributes of a plain function or bound method that a tf.function does not have, or has
# otherwise (a fourth audit of session 21: `f.__code__`, `f.__globals__`, a bound method's
# `__self__`/`__func__` raised AttributeError converted; `f.__defaults__ = (5.0,)` no longer
# changed the default). Read or stored, they block a conversion as a removal.
PLAIN_FUNCTION_ATTRIBUTES = frozenset({
    "__code__", "__globals__", "__defaults__", "__kwdefaults__", "__closure__", "__self__",
    "__func__", "__annotations__", "__dict__", "__builtins__", "__type_params__",
    "__class__",  # `step.__class__.__name__`: "function", "Function" converted (session 25)
})


def reads_api(fn: FunctionSummary) -> bool:
    """Whether the function reads a tf.function's attribute (API_USE) or tests identity (an
    `is` test, a call of `id`): CallIndex.api_readers keeps these, the few functions whose
    value uses api_uses and facts.identity_tested read."""
    return any(use in (API_USE, "identity") for use, _values, _line, _detail in fn.value_uses) \
        or any(site.static in ("id", "builtins.id") for site in fn.calls)


# Calls that save a SavedModel of the object given first (facts.saved_method, saved_object).
SAVED_MODEL_SAVES = frozenset({
    "tensorflow.saved_model.save", "tensorflow.compat.v2.saved_model.save",
    "tensorflow.keras.export.ExportArchive"})


def object_uses(qualified: str, site: CallSite, args: list[Values], kwargs: dict[str, Values],
                out: list[tuple[str, str, int, str]]) -> None:
    """What a call of the library given function objects or objects records (PassInfo.
    object_uses), with its arguments' values as the pass expanded them: `getattr(f, ...)`
    ("by-name"), `inspect.isfunction(f)`, `type(f)`, `repr(f)` ("looks"), a Keras constructor
    holding `f` as code ("keras"), a SavedModel save of an object ("save", its class)."""
    if qualified in SAVED_MODEL_SAVES and args:
        classes = sorted(v[4:] for v in args[0] if v.startswith("obj:"))
        out.extend(("save", f"save:{c}", site.line, "") for c in classes or [""])
        return
    if qualified in BY_NAME or qualified in INTROSPECTING or \
            (qualified.startswith("inspect.") and qualified not in SAME_INSPECT):
        given = args[:1] if qualified in BY_NAME else args
        kind = "by-name" if qualified in BY_NAME else "looks"
        for index, values in enumerate(given):
            for value in sorted(values):
                if value.startswith(("fn:", "bfn:")):
                    out.append((kind, value.partition(":")[2], site.line,
                                _shown(qualified, index, len(site.args), value)))
        return
    if not qualified.startswith(("tensorflow.keras.", "keras.", "tf_keras.")):
        return
    last = qualified.rsplit(".", 1)[-1]
    held = [a for i, a in enumerate(args) if i == 0 and last in tfapi.CODE_FIRST]
    held += [values for name, values in kwargs.items()
             if "initializer" not in name and any(word in name for word in tfapi.CODE_SLOTS)]
    for values in held:
        for value in sorted(values):
            if value.startswith("fn:"):
                out.append(("keras", value[3:], site.line,
                            f"{qualified.rsplit('.', 2)[-2]}.{last}(...)"))


def _shown(qualified: str, index: int, count: int, value: str) -> str:
    name = value.partition(":")[2].rsplit(":", 1)[-1].rsplit(".", 1)[-1]
    shown = ", ".join([*["..."] * min(index, 1), name, *["..."] * (count > index + 1)])
    return f"{qualified}({shown})"


AttributeReads = tuple[dict[str, tuple[str, int, str, str]], dict[str, tuple[str, int, str, str]],
                       dict[str, tuple[str, int, str, str]]]
# Read or stored on an object the values do not tell (`partial(step).func.__defaults__ = (5.0,)`,
# `ALL[0].__defaults__`): it may be any function of the module (a red team of session 25).
_ANY_FUNCTION_ATTRIBUTES = frozenset({"__defaults__", "__kwdefaults__", "__code__",
                                      "__wrapped__"})


def attribute_reads(program: Program, readers: Iterable[str]) -> AttributeReads:
    """The reads of a tf.function's attributes by `readers` (CallIndex.api_readers), once per
    run: by the function key among the values read, and by the name of the object as written
    (for tf.functions: `self.serve` in a base class may be a subclass's override, tf-models'
    VideoClassificationModule.inference_from_image_bytes, whose get_concrete_function
    ExportModule calls). Each (file, line, what, "")."""
    by_value: dict[str, tuple[str, int, str, str]] = {}
    by_name: dict[str, tuple[str, int, str, str]] = {}
    by_module: dict[str, tuple[str, int, str, str]] = {}
    for reader in sorted(readers):
        other = program.functions.get(reader)
        if other is None:
            continue
        for use, values, line, detail in other.value_uses:
            if use != API_USE:
                continue
            name, _, attr = detail.partition("|")
            # (a plain function's `f.__wrapped__` raises AttributeError, a tf.function's
            # does not: the fourth part names the read for a conversion too; session 25)
            found = (program.file_of.get(reader, ""), line,
                     f"`{name}.{attr}` needs the tf.function object{_NO_ATTRIBUTE}",
                     f"{name}.{attr}") \
                if attr not in PLAIN_FUNCTION_ATTRIBUTES else \
                (program.file_of.get(reader, ""), line,
                 f"`{name}.{attr}` is an attribute of the plain function, which a tf.function "
                 "does not have or has otherwise", f"{name}.{attr}")
            by_name.setdefault(name, found)
            expanded = program.expand(values)
            for value in sorted(expanded):
                if value.startswith(("fn:", "bfn:")):
                    by_value.setdefault(value.partition(":")[2], found)
            if attr in _ANY_FUNCTION_ATTRIBUTES and (not expanded or V.has_unknown(expanded)):
                by_module.setdefault(other.module, found)
    return by_value, by_name, by_module


def api_uses(program: Program, reads: AttributeReads,
             uses: list[tuple[str, str, int, str]], key: str) -> tuple[str, int, str, str] | None:
    """(file, line, what, call) of a use of the function `key` as a tf.function object: an
    attribute read (`reads`, from attribute_reads; by name for a tf.function only), or a call
    given it by value (`uses`: its CallIndex.object_uses, (caller, kind, line, call)); `call`
    names a call that looks at the object, "" for an attribute read."""
    fn = program.functions.get(key)
    if fn is None:
        return None
    by_value, by_name, by_module = reads
    found = by_value.get(key) or (by_name.get(fn.name) if fn.hybrid or key in program.wrapped
                                  else None) or by_module.get(fn.module)
    if found is not None:
        return found
    for caller, kind, line, call in sorted(uses):
        if kind == "by-name":  # `hasattr(f, "__wrapped__")` answers otherwise either way
            return (program.file_of.get(caller, ""), line,
                    f"`{call}` needs the tf.function object{_NO_ATTRIBUTE}", call)
        if kind == "looks":
            return (program.file_of.get(caller, ""), line,
                    f"`{call}` looks at the function object: without the decorator it is a "
                    "plain function (another type and repr; `inspect.isfunction` is True)", call)
    return None


def keras_held(program: Program, uses: list[tuple[str, str, int, str]]
               ) -> tuple[str, int, str] | None:
    """Where a Keras object is built holding the function itself as code it runs
    (`Lambda(squash)`, `Dense(activation=gelu)`: tfapi.CODE_FIRST and CODE_SLOTS), from its
    CallIndex.object_uses. Keras keeps the object and serializes it by its Python function
    (get_config, saving): a tf.function there does not round-trip (measured, TF 2.21 / Keras 3:
    a Lambda of a converted function failed `Sequential.from_config`; a third soundness audit of
    session 19, c42)."""
    for caller, kind, line, call in sorted(uses):
        if kind == "keras":
            return (program.file_of.get(caller, ""), line,
                    f"{call} holds it as code Keras serializes by its Python function "
                    "(get_config, saving): a tf.function there does not round-trip")
    return None
