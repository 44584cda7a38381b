"""Runs a function eagerly and as a `tf.function`, side by side, and compares what it did.

The code comes from a `Tree`: the test corpus (tests/corpus, imported as packages from its root,
the default) or the benchmark workloads (benchmarks/workloads, where every folder is a program whose
modules import each other by bare name, so the function's own folder goes on `sys.path`).
For each mode the tree's modules are imported afresh (every `sys.modules` entry under the tree's
root is dropped first) with the same random seeds, so both modes start from the same state. In the
hybrid mode the module is imported from its source with `@tf.function` added above the `def`, which
is exactly what the refactoring does (so callers in the module, nested functions and methods see the
graph version too). The function (or the case's entry point, for nested functions) is called
several times with different arguments; the harness records, for every call, the return
value, the captured stdout and the arguments afterwards (they may be mutated), and after the last
call the state of every module of the tree (globals with simple values, containers, tensors,
variables, Keras weights, optimizer slots) and of the instance a method belongs to. In the hybrid
mode it also counts the traces of the `tf.function` per call: a call that traces again although an
earlier call had the same argument signature (tensor dtypes and shapes, the *types* of Python
values, the identity of other objects) is a retracing hazard the analysis missed, e.g. a Python
number that takes a new value on every call. The first argument set is run once more at the
end, so every case has a repeated signature to check. `compare` lists every difference.

One difference is accepted where the verdict states it (the TRACE_TIME_ERRORS assumption,
`trace_time_errors=True`): a call that raises in both runs, eagerly a `tf.errors.OpError` (the
op failed at run time) and in the graph a ValueError or TypeError (static shape or dtype
inference rejected it while tracing); for an input_signature (RECONFIGURE) the other way round,
the run as written raising the inference error and the run with the signature the OpError (its
unknown dimensions let tracing pass). Its second half too: a Python error the function's own
code raises (an IndexError from `x.shape[1]` of a vector), eagerly of its class, in the graph an
autograph StagingError wrapping an error of that same class, for the classes autograph does not
re-raise as themselves (staged_as_stated). Every other difference, a success turned into a
failure included, is still reported.

This module runs user code on purpose: it is the verification the design asks for, not the analysis.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import io
import os
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

CORPUS = (Path(__file__).parent / "corpus").resolve()
WORKLOADS = (Path(__file__).parent.parent / "benchmarks" / "workloads").resolve()
RTOL, ATOL = 1e-5, 1e-6  # graph and eager kernels may round the last bit differently
MAX_DEPTH = 6


@dataclass(frozen=True)
class Tree:
    """Where the code under test lives, and how its modules are imported."""

    root: Path
    per_folder: bool = False  # each folder is a script's folder: modules import by bare name

    @property
    def prefix(self) -> str:
        return str(self.root) + os.sep

    def search_path(self, file: str) -> Path:
        return self.root / Path(file).parent if self.per_folder else self.root

    def module_name(self, file: str) -> str:
        return Path(file).stem if self.per_folder else module_name(file)


CORPUS_TREE = Tree(CORPUS)
WORKLOADS_TREE = Tree(WORKLOADS, per_folder=True)
_tree = CORPUS_TREE  # the tree being observed (snapshots look inside objects of its classes)


# --- the table of cases ------------------------------------------------------------------------


class Loader:
    """Imports corpus modules (fresh ones: the harness purged the old ones before)."""

    def __call__(self, module: str) -> types.ModuleType:
        return importlib.import_module(module)


Args = tuple[Any, ...]


@dataclass(frozen=True)
class Case:
    """How to run one function: its argument sets, and its instance when it is a method."""

    args: Callable[[Loader], list[Args]]  # >= 3 argument tuples, built after the fresh import
    instance: Callable[[Loader], Any] | None = None  # builds the object, for methods
    between: Callable[[Loader, Any], None] | None = None  # code that runs between two calls
    entry: str | None = None  # what to call instead, e.g. the function enclosing a nested one
    atol: float = 0.0  # a looser absolute tolerance than ATOL, for values that are rounding noise
    decorated: bool = False  # already a tf.function: the eager run removes the decorator instead
    # RECONFIGURE (P4): the run as written is compared with the decorator given this
    # input_signature (the text the engine proposes, `tf.` meaning TensorFlow).
    signature: str = ""
    # The engine converts it because its Python arguments are literals at every call site (a
    # bounded set, analysis/literal_args.py): calls count apart by those values too, so one
    # trace per distinct value is expected and a repeated value must not trace again.
    per_value: bool = False


def module_name(file: str) -> str:
    return file.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


# --- running ------------------------------------------------------------------------------------


@dataclass
class CallRecord:
    outcome: Any  # ("returned", snapshot) or ("raised", exception type)
    stdout: str
    args_after: Any
    # "op": a tf.errors.OpError (an op failed at run time); "inference": a ValueError or
    # TypeError (what static shape and dtype inference raise while tracing); None otherwise.
    error_kind: str | None = None
    # The class of the Python error an autograph StagingError wraps (its __context__): what the
    # function's own code raised while traced (TRACE_TIME_ERRORS, tests/test_staging_errors.py).
    staged: str | None = None


@dataclass
class Observation:
    calls: list[CallRecord] = field(default_factory=list)
    state: Any = None
    traces: list[int] | None = None  # hybrid mode: traces of the tf.function during each call
    signatures: list[Any] = field(default_factory=list)  # what tf.function keys its traces on


@contextlib.contextmanager
def on_path(tree: Tree, file: str) -> Iterator[None]:
    global _tree
    path, previous = str(tree.search_path(file)), _tree
    sys.path.insert(0, path)
    _tree = tree
    try:
        yield
    finally:
        _tree = previous
        with contextlib.suppress(ValueError):
            sys.path.remove(path)


def corpus_on_path() -> contextlib.AbstractContextManager[None]:
    return on_path(CORPUS_TREE, "")


def _is_tree_module(module: Any, prefix: str | None = None) -> bool:
    # Plain string prefixes: resolving thousands of sys.modules paths per run is too slow.
    prefix = prefix or _tree.prefix
    file = getattr(module, "__file__", None)
    if file:
        return str(file).startswith(prefix)
    paths = getattr(module, "__path__", None)  # namespace packages have no __file__
    try:
        return any(str(p).startswith(prefix) for p in paths or ())
    except TypeError:  # some extension modules expose odd __path__ objects
        return False


_is_corpus_module = _is_tree_module


def purge_tree_modules(tree: Tree | None = None) -> None:
    prefix = (tree or _tree).prefix
    for name, module in list(sys.modules.items()):
        if module is not None and _is_tree_module(module, prefix):
            del sys.modules[name]


def loaded_tree_modules(tree: Tree | None = None) -> dict[str, types.ModuleType]:
    prefix = (tree or _tree).prefix
    return {
        name: module
        for name, module in sorted(sys.modules.items())
        if module is not None and _is_tree_module(module, prefix)
    }


def _evict_shadowing_modules(tree: Tree, file: str) -> None:
    """Forget modules of other folders named like a module of the tree (the test helpers'
    `realcode`, another fixture's `ops`): imported earlier in the same pytest run, they would be
    found in sys.modules instead of the tree's own module of that name."""
    folder = tree.search_path(file)
    names = {path.stem for path in folder.glob("*.py")}
    names |= {path.name for path in folder.iterdir() if path.is_dir()}
    names -= set(sys.stdlib_module_names) | {"tensorflow", "keras", "numpy"}
    for name, module in sorted(sys.modules.items()):
        if name.partition(".")[0] in names and module is not None \
                and not _is_tree_module(module, tree.prefix):
            del sys.modules[name]


def purge_corpus_modules() -> None:
    purge_tree_modules(CORPUS_TREE)


def loaded_corpus_modules() -> dict[str, types.ModuleType]:
    return loaded_tree_modules(CORPUS_TREE)


def _reset_tensorflow() -> None:
    import keras

    # No gc.collect() (free_memory): it took over half of each run, and nothing observed
    # depends on when the unreachable objects of the previous run are freed.
    keras.backend.clear_session(free_memory=False)
    keras.utils.set_random_seed(0)  # Python, NumPy and TensorFlow generators


def _target(module: types.ModuleType, qualname: str, instance: Any) -> Callable[..., Any]:
    if instance is not None:
        return getattr(instance, qualname.rsplit(".", 1)[-1])  # type: ignore[no-any-return]
    target: Any = module
    for part in qualname.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


class _AddDecorator(importlib.machinery.SourceFileLoader):
    """Loads one corpus module from its source with `@tf.function` added above one `def` (or,
    with `remove`, with its `tf.function` decorator taken off, as convert-to-eager does)."""

    def __init__(self, fullname: str, path: str, qualname: str, remove: bool = False,
                 signature: str = "") -> None:
        super().__init__(fullname, path)
        self.qualname, self.remove, self.signature = qualname, remove, signature

    def get_code(self, fullname: str) -> types.CodeType:  # never the cached, undecorated bytecode
        source = self.get_data(self.path)
        return self.source_to_code(source, self.path)

    def source_to_code(self, data: Any, path: Any, *, _optimize: int = -1) -> Any:
        tree = ast.parse(data, filename=str(path))
        node = _find_def(tree, self.qualname.split("."))
        if self.signature:  # the decorator as written (any alias, its other arguments kept)
            index = next((i for i, d in enumerate(node.decorator_list)
                          if _is_tf_function(d, any_alias=True)), None)
            if index is None:
                raise LookupError(f"{self.qualname} has no tf.function decorator to reconfigure")
            text = self.signature.replace("tf.", "__import__('tensorflow').")
            value = ast.parse(text, mode="eval").body
            _place(value, node.lineno)
            old = node.decorator_list[index]
            call = old if isinstance(old, ast.Call) else ast.Call(func=old, args=[], keywords=[])
            keyword = ast.keyword(arg="input_signature", value=value)
            call.keywords = [*call.keywords, ast.copy_location(keyword, old)]
            ast.copy_location(call, old)
            node.decorator_list[index] = call
            return compile(tree, path, "exec", dont_inherit=True)
        if self.remove:
            kept = [d for d in node.decorator_list if not _is_tf_function(d)]
            if len(kept) == len(node.decorator_list):
                raise LookupError(f"{self.qualname} has no tf.function decorator to remove")
            node.decorator_list = kept
            return compile(tree, path, "exec", dont_inherit=True)
        decorator = ast.parse("__import__('tensorflow').function", mode="eval").body
        _place(decorator, node.lineno)
        # Innermost (right above the def, under any other decorator), as the refactoring writes
        # it (refactor/edits.py): `@tf.custom_gradient` over `@tf.function` is what runs.
        node.decorator_list.append(decorator)
        return compile(tree, path, "exec", dont_inherit=True)


def _place(decorator: ast.expr, line: int) -> None:
    """On the def's own line, so that inspect.getsource (and AutoGraph) still find the function;
    not on the parser's shared ast.Load() singleton, which every tree holds."""
    for part in ast.walk(decorator):
        if "lineno" in part._attributes:
            part.lineno = part.end_lineno = line
            part.col_offset = part.end_col_offset = 0


def _is_tf_function(decorator: ast.expr, any_alias: bool = False) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if ast.unparse(target) in ("functools.partial", "partial") and \
            isinstance(decorator, ast.Call) and decorator.args:  # partial(tf.function, ...)
        return _is_tf_function(decorator.args[0], any_alias)
    name = ast.unparse(target)
    if any_alias:  # `tfx.function`, `from tensorflow import function`
        return name == "function" or name.endswith(".function")
    return name in ("tf.function", "tensorflow.function")


def _find_def(tree: ast.AST, parts: list[str]) -> ast.FunctionDef | ast.AsyncFunctionDef:
    scope = tree
    for part in parts:
        for child in ast.walk(scope):  # methods may sit under if/try in a class body
            kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            if isinstance(child, kinds) and child.name == part and _is_direct(scope, child):
                scope = child
                break
        else:
            raise LookupError(f"no def {'.'.join(parts)}")
    assert isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef))
    return scope


def _is_direct(scope: ast.AST, child: ast.AST) -> bool:
    """`child` is defined in `scope` itself (possibly under if/try), not in a nested def/class."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if node is child:
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))
    return False


class _DecoratingFinder(importlib.abc.MetaPathFinder):
    def __init__(self, module: str, qualname: str, remove: bool = False,
                 signature: str = "") -> None:
        self.module, self.qualname, self.remove = module, qualname, remove
        self.signature = signature

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != self.module:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin is None:
            return None
        loader = _AddDecorator(fullname, spec.origin, self.qualname, self.remove,
                               self.signature)
        return importlib.util.spec_from_file_location(
            fullname, spec.origin, loader=loader,
            submodule_search_locations=spec.submodule_search_locations,
        )


@contextlib.contextmanager
def _decorated(module: str, qualname: str, remove: bool = False,
               signature: str = "") -> Iterator[None]:
    finder = _DecoratingFinder(module, qualname, remove, signature)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def observe(
    file: str, qualname: str, case: Case, hybrid: bool, tree: Tree = CORPUS_TREE
) -> Observation:
    """Runs the case from fresh modules, eagerly or with `@tf.function` added; records it all.
    For a function that already is a tf.function (`case.decorated`), the hybrid run is the code
    as written and the eager run has the decorator removed."""
    name = tree.module_name(file)
    if case.signature:  # the run as written against the one with the proposed signature
        decorating = _decorated(name, qualname, signature=case.signature) if hybrid \
            else contextlib.nullcontext()
    elif case.decorated:
        remove = _decorated(name, qualname, remove=True)
        decorating = contextlib.nullcontext() if hybrid else remove
    else:
        decorating = _decorated(name, qualname) if hybrid else contextlib.nullcontext()
    with on_path(tree, file), decorating:
        purge_tree_modules()
        _evict_shadowing_modules(tree, file)
        _reset_tensorflow()
        load = Loader()
        module = load(name)
        instance = case.instance(load) if case.instance else None
        function = _target(module, case.entry or qualname, instance)
        if hybrid and case.entry is None and not hasattr(function, "get_concrete_function"):
            raise AssertionError(f"{file}::{qualname} was not decorated")
        arg_sets = case.args(load)
        if len(arg_sets) < 3:
            raise ValueError(f"{file}::{qualname}: a case needs at least 3 argument sets")
        # The first argument set once more, last: a call with a signature already seen must not
        # trace again (a retracing hazard the case's own argument sets might not repeat).
        arg_sets = [*arg_sets, arg_sets[0]]
        counted = hybrid and case.entry is None
        seen = Observation(traces=[] if counted else None)
        for i, args in enumerate(arg_sets):
            if i and case.between is not None:
                case.between(load, instance)
            seen.signatures.append(signature(args, per_value=case.per_value))
            traced_before = _tracing_count(function) if counted else 0
            out = io.StringIO()
            kind = staged = None
            with contextlib.redirect_stdout(out):
                try:
                    outcome: Any = ("returned", snapshot(function(*args)))
                except Exception as error:  # a failure to trace is a difference too
                    outcome, kind = ("raised", type(error).__name__), _error_kind(error)
                    staged = _staged(error)
            if seen.traces is not None:
                seen.traces.append(_tracing_count(function) - traced_before)
            seen.calls.append(CallRecord(outcome, out.getvalue(), snapshot(args), kind, staged))
        seen.state = {
            "instance": snapshot(instance),
            "modules": {
                name: _module_state(mod) for name, mod in loaded_tree_modules().items()
            },
        }
        purge_tree_modules()
    return seen


def _error_kind(error: Exception) -> str | None:
    import tensorflow as tf

    if isinstance(error, tf.errors.OpError):
        return "op"
    return "inference" if isinstance(error, (ValueError, TypeError)) else None


def _staged(error: Exception) -> str | None:
    """For autograph's StagingError, the class of the error it wraps (None otherwise)."""
    if type(error).__name__ != "StagingError":
        return None
    inner = error.__cause__ or error.__context__
    return type(inner).__name__ if inner is not None else None


# The classes autograph re-raises as themselves (a StagingError wrapping one of them contradicts
# the stated model: a difference). Measured, TF 2.21: tests/test_staging_errors.py KEPT.
KEPT_BY_AUTOGRAPH = frozenset({
    "AssertionError", "AttributeError", "KeyError", "NameError", "NotImplementedError",
    "RuntimeError", "StopIteration", "TypeError", "ValueError"})


def staged_as_stated(eager: CallRecord, graph: CallRecord) -> bool:
    """The second half of TRACE_TIME_ERRORS: the function's own Python code raised an error
    eagerly, and traced autograph gave back a StagingError wrapping an error of that same class,
    one it does not re-raise as itself."""
    return eager.outcome[0] == "raised" and graph.outcome == ("raised", "StagingError") and \
        graph.staged == eager.outcome[1] and eager.outcome[1] not in KEPT_BY_AUTOGRAPH


def differences(file: str, qualname: str, case: Case, tree: Tree = CORPUS_TREE,
                trace_time_errors: bool = False, failed_call_state: bool = False) -> list[str]:
    """Every observable difference between the eager and the tf.function run (with
    `trace_time_errors`, the one the TRACE_TIME_ERRORS assumption states is not one). With
    `failed_call_state` (the FAILED_CALL_STATE assumption), what the calls that raised in both
    runs did to state and printed is not one: the calls that raised must raise in both (as
    compared), and the run without them must show no difference at all."""
    eager = observe(file, qualname, case, hybrid=False, tree=tree)
    graph = observe(file, qualname, case, hybrid=True, tree=tree)
    if case.decorated:  # the code as written: its retracing is what a removal cures, not a change
        graph.traces = None
    found = compare(eager, graph, atol=max(ATOL, case.atol), trace_time_errors=trace_time_errors,
                    signature=bool(case.signature))
    failing = {i for i, (e, g) in enumerate(zip(eager.calls, graph.calls, strict=False))
               if e.outcome[0] == "raised" and g.outcome[0] == "raised"}
    if not (failed_call_state and found and failing):
        return found
    results = [line for line in found for i in sorted(failing)
               if line.startswith(f"call {i}: result")]
    given = case.args

    def kept(load: Loader) -> list[Args]:
        sets = [args for i, args in enumerate(given(load)) if i not in failing]
        return (sets * 3)[:max(3, len(sets))] if sets else sets

    rest = dataclasses.replace(case, args=kept)
    return results + differences(file, qualname, rest, tree, trace_time_errors)


# --- traces ------------------------------------------------------------------------------------


def _tracing_count(function: Any) -> int:
    return int(function.experimental_get_tracing_count())


def signature(value: Any, depth: int = 0,  # noqa: C901 - one case per kind of value
              per_value: bool = False) -> Any:
    """What `tf.function` tells calls apart by, except that Python numbers and strings count by
    type only: a call that retraces for a new Python value then shows as a repeated signature
    (with `per_value`, by type and value: a case whose Python values are a known literal set)."""
    import keras
    import tensorflow as tf

    if depth > MAX_DEPTH:
        return ("deep",)
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return ("python", type(value).__name__, value if per_value else None)
    if isinstance(value, (tf.Variable, keras.Variable)):
        return ("variable", str(value.dtype), tuple(value.shape))
    if isinstance(value, (tf.Tensor, tf.SparseTensor, np.ndarray, np.generic)):
        return (type(value).__name__, str(value.dtype), tuple(value.shape))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,
                tuple(signature(v, depth + 1, per_value) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), signature(v, depth + 1, per_value))
                                     for k, v in value.items())))
    return ("object", id(value))  # models, optimizers, ...: one trace per object


def retraces(graph: Observation) -> list[str]:
    """Calls that traced the tf.function again for an argument signature it had seen."""
    if graph.traces is None:
        return []
    found, seen = [], set()
    for i, (key, traced) in enumerate(zip(graph.signatures, graph.traces, strict=True)):
        if traced and key in seen:
            found.append(f"call {i}: the tf.function traced again ({traced}x) for an argument "
                         f"signature an earlier call had: retracing on Python values")
        seen.add(key)
    return found


# --- snapshots: plain, comparable pictures of values ------------------------------------------


def _module_state(module: types.ModuleType) -> dict[str, Any]:
    state = {}
    for name, value in vars(module).items():
        if name.startswith("__") or _is_code(value):
            continue
        state[name] = snapshot(value)
    return state


def _is_code(value: Any) -> bool:
    import tensorflow as tf

    return (
        isinstance(value, (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type))
        or isinstance(value, types.MethodType)
        or isinstance(value, tf.types.experimental.GenericFunction)
    )


def _array(value: Any) -> Any:
    return ("array", np.asarray(value))


def snapshot(value: Any, depth: int = 0) -> Any:  # noqa: C901 - one case per kind of value
    import keras
    import tensorflow as tf

    if depth > MAX_DEPTH:
        return ("deep", type(value).__name__)
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, (np.ndarray, np.generic)):
        return _array(value)
    if isinstance(value, (tf.Variable, keras.Variable)):
        return ("variable", _array(value.numpy()))
    if isinstance(value, tf.SparseTensor):
        return ("sparse", *(snapshot(t, depth + 1) for t in (value.indices, value.values,
                                                             value.dense_shape)))
    if isinstance(value, tf.Tensor):
        if not hasattr(value, "numpy") or tf.is_symbolic_tensor(value):
            return ("symbolic tensor leaked from a graph", str(value.dtype), str(value.shape))
        return _array(value.numpy())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [snapshot(v, depth + 1) for v in value])
    if isinstance(value, dict):
        return ("dict", {repr(k): snapshot(v, depth + 1) for k, v in value.items()})
    if isinstance(value, (keras.optimizers.Optimizer, keras.metrics.Metric)):
        return (type(value).__name__, [snapshot(v, depth + 1) for v in value.variables])
    if isinstance(value, keras.layers.Layer):
        return (type(value).__name__, [snapshot(w, depth + 1) for w in value.weights],
                _public_attributes(value, depth))
    if isinstance(value, tf.Module):
        return (type(value).__name__, [snapshot(v, depth + 1) for v in value.variables],
                _public_attributes(value, depth))
    if isinstance(value, tf.data.Dataset):
        return ("dataset", str(value.element_spec))
    if _is_code(value) or callable(value) and not hasattr(value, "__dict__"):
        return ("code", getattr(value, "__qualname__", type(value).__name__))
    if _is_tree_module(sys.modules.get(type(value).__module__)):
        return (type(value).__name__, {k: snapshot(v, depth + 1) for k, v in vars(value).items()})
    return ("opaque", type(value).__name__)


def _public_attributes(obj: Any, depth: int) -> dict[str, Any]:
    """User-visible plain attributes of a Keras/tf.Module object (counters, flags, lists...)."""
    plain = (bool, int, float, str, list, tuple, dict, type(None))
    return {
        k: snapshot(v, depth + 1)
        for k, v in vars(obj).items()
        if not k.startswith("_") and isinstance(v, plain)
    }


# --- comparison --------------------------------------------------------------------------------


def compare(eager: Observation, graph: Observation, atol: float = ATOL,
            trace_time_errors: bool = False, signature: bool = False) -> list[str]:
    global _atol
    _atol = atol
    try:
        return _compare(eager, graph, trace_time_errors, signature)
    finally:
        _atol = ATOL


_atol = ATOL  # the absolute tolerance of the comparison under way


def _compare(eager: Observation, graph: Observation, trace_time_errors: bool = False,
             signature: bool = False) -> list[str]:
    found: list[str] = []
    if len(eager.calls) != len(graph.calls):
        found.append(f"{len(eager.calls)} eager calls, {len(graph.calls)} graph calls")
    for i, (e, g) in enumerate(zip(eager.calls, graph.calls, strict=False)):
        # Both raised: eagerly the op's run-time error, traced the inference error (stated).
        # With an input_signature (`eager` is the run as written, `graph` the one with the
        # signature), the other way round: its unknown dimensions let tracing pass.
        expected = ("inference", "op") if signature else ("op", "inference")
        stated = trace_time_errors and ((e.error_kind, g.error_kind) == expected or
                                        (not signature and staged_as_stated(e, g)))
        if not stated:
            found += _diff(e.outcome, g.outcome, f"call {i}: result")
        if e.stdout != g.stdout:
            found.append(f"call {i}: stdout {e.stdout!r} (eager) != {g.stdout!r} (tf.function)")
        found += _diff(e.args_after, g.args_after, f"call {i}: arguments after the call")
    found += _diff(eager.state, graph.state, "state after the calls")
    found += retraces(graph)
    return found


def _diff(a: Any, b: Any, path: str) -> list[str]:
    if isinstance(a, tuple) and a and a[0] == "array":
        if not (isinstance(b, tuple) and b and b[0] == "array"):
            return [f"{path}: {_short(a)} (eager) != {_short(b)} (tf.function)"]
        return _diff_arrays(a[1], b[1], path)
    if type(a) is not type(b):
        return [f"{path}: {_short(a)} (eager) != {_short(b)} (tf.function)"]
    if isinstance(a, (tuple, list)):
        if len(a) != len(b):
            return [f"{path}: {_short(a)} (eager) != {_short(b)} (tf.function)"]
        out: list[str] = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _diff(x, y, f"{path}[{i}]")
        return out
    if isinstance(a, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a)} (eager) != {sorted(b)} (tf.function)"]
        out = []
        for k in a:
            out += _diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, float) and isinstance(b, float):
        return [] if np.isclose(a, b, rtol=RTOL, atol=_atol, equal_nan=True) else [
            f"{path}: {a} (eager) != {b} (tf.function)"]
    return [] if a == b else [f"{path}: {_short(a)} (eager) != {_short(b)} (tf.function)"]


def _diff_arrays(a: np.ndarray, b: np.ndarray, path: str) -> list[str]:
    if a.shape != b.shape or a.dtype != b.dtype:
        eager, graph = f"{a.dtype}{list(a.shape)}", f"{b.dtype}{list(b.shape)}"
        return [f"{path}: {eager} (eager) != {graph} (tf.function)"]
    if a.dtype.kind in "fc":
        same = np.allclose(a, b, rtol=RTOL, atol=_atol, equal_nan=True)
    else:
        same = np.array_equal(a, b)
    if same:
        return []
    if a.dtype.kind in "fc" and a.size:
        worst = float(np.nanmax(np.abs(a.astype(np.float64) - b.astype(np.float64))))
        return [f"{path}: {_short(a)} (eager) != {_short(b)} (tf.function); "
                f"largest difference {worst:.3g}, scale {float(np.nanmax(np.abs(a))):.3g}"]
    return [f"{path}: {_short(a)} (eager) != {_short(b)} (tf.function)"]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:157] + "..."
