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

if TYPE_CHECKING:
    from hybridize.analysis.program import Program

API_USE = "tf-function-api"
# Builtins that read an attribute of their first argument by a name given as a value.
BY_NAME = frozenset({"getattr", "hasattr", "builtins.getattr", "builtins.hasattr"})
# Attributes that only a tf.function (or its concrete function) has.
TF_FUNCTION_API = frozenset({
    "get_concrete_function", "concrete_functions", "python_function", "function_spec",
    "input_signature", "experimental_get_tracing_count", "experimental_get_compiler_ir",
    "pretty_printed_concrete_signatures", "experimental_get_concrete_function",
})


def api_uses(program: Program) -> dict[str, tuple[str, int, str]]:
    """Function key -> (file, line, what) of a use of it as a tf.function object."""
    by_name: dict[str, list[str]] = {}
    for key, fn in program.functions.items():
        if fn.hybrid or key in program.wrapped:
            by_name.setdefault(fn.name, []).append(key)
    out: dict[str, tuple[str, int, str]] = {}
    for key in sorted(program.functions):
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
                out.setdefault(target, (program.file_of.get(key, ""), line,
                                        f"{name}.{attr}"))
        for site in program.functions[key].calls:
            if site.static not in BY_NAME or not site.args:
                continue
            for value in sorted(program.expand(site.args[0])):
                kind, _, target = value.partition(":")
                if kind in ("fn", "bfn") and target in program.functions:
                    out.setdefault(target, (program.file_of.get(key, ""), site.line,
                                            f"{site.static.rpartition('.')[2]}"
                                            f"({program.functions[target].name}, ...)"))
    return out
