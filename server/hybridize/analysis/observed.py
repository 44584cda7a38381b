"""Observed types: what `hybridize verify --observe-types` saw each function called with, as
evidence for functions nothing in the workspace visibly calls (docs/verify.md, "Observed types").

The observation is kept in the cache folder (`observed/<hash of the root>.json`): JSON only,
validated when read, bounded in size, per file with the SHA-256 of the file's bytes as observed.
It counts only for a file whose bytes are still those: an edited file's observations are ignored,
and the function's verdict says so.

How it is used: a function with no visible caller (not called, traced or wrapped by any code of
the workspace, not a Keras method that Keras calls itself) whose file's observations are current
gets, as the values of its parameters, the kinds observed (a tensor with its dtype and rank, a
NumPy array, a Python scalar, a list, another object as a value of unknown type), and the whole
program is evaluated again with them, as `--speculative` does with its assumption: every rule
then sees the observed values, and a static hazard still declines. The evidence always says
"observed when running `COMMAND`". Nothing here imports or runs the user's code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from hybridize.analysis import tfapi
from hybridize.analysis import values as V
from hybridize.analysis.calls import ParamSite
from hybridize.analysis.incremental import FromScratch, export_state, incremental_program
from hybridize.analysis.model import Evidence
from hybridize.analysis.program import Program
from hybridize.analysis.summary_model import ESCAPED, FunctionSummary

log = logging.getLogger("hybridize.cache")

VERSION = 1
MAX_BYTES = 8 * 2**20  # an observed file larger than this is not read (and not written)
MAX_KINDS = 8  # as verify/observe.py: a parameter with this many kinds may have had more
# Observed Python values are a bounded set (one trace each, reused) when each distinct value
# served at least this many calls on average and the recorder saw fewer than MAX_KINDS kinds.
BOUND_REPEATS = 4
OBSERVED_CALLER = "<observed>"  # the caller of the observed arguments (ParamSite.caller)
OBSERVED_SITE = ("<observed>", 0)  # their contribution key in the program
_PASSES = re.compile(re.escape(OBSERVED_CALLER) + r" passes (.+?) as `([^`]+)`")
_SCALARS = {"int": "int", "float": "float", "bool": "bool", "str": "str", "NoneType": V.NONE}
_KINDS = frozenset({"tensor", "symbolic tensor", "variable", "ndarray", "list", "tuple", "dict",
                    "object", "unknown", *_SCALARS})


class ObservedError(Exception):
    """The observed file is not valid (the message says why)."""


@dataclass(frozen=True)
class ObservedFunction:
    qualname: str
    calls: int
    parameters: dict[str, list[dict[str, Any]]]  # parameter -> kinds (verify/observe.py)


@dataclass(frozen=True)
class Observations:
    command: tuple[str, ...]
    files: dict[str, tuple[str, dict[str, ObservedFunction]]]  # rel -> (sha256, by qualname)

    @property
    def shown_command(self) -> str:
        import shlex

        text = shlex.join(self.command)
        return text if len(text) <= 80 else text[:77] + "..."


# -- the file in the cache ----------------------------------------------------------------------

def observed_path(cache_dir: Path, root: Path | str) -> Path:
    name = hashlib.sha256(str(root).encode()).hexdigest()[:24]
    return Path(cache_dir) / "observed" / f"{name}.json"


def store_observations(cache_dir: Path, root: str, command: list[str], exit_status: int | None,
                       functions: list[dict[str, Any]], digests: dict[str, str]) -> Path:
    """Write what a verify run observed (verify/observe.py's list) for `root`, per file with the
    SHA-256 of its bytes (`digests`, taken before the run); files without a digest are left out.
    Functions past MAX_BYTES are left out (in file and line order)."""
    files: dict[str, dict[str, Any]] = {}
    size = 0
    for entry in sorted(functions, key=lambda f: (str(f.get("file")), f.get("line") or 0)):
        rel = entry.get("file")
        if not isinstance(rel, str) or rel not in digests:
            continue
        item = {"qualname": entry.get("qualname"), "line": entry.get("line"),
                "calls": entry.get("calls"), "parameters": entry.get("parameters")}
        size += len(json.dumps(item, default=repr))
        if size > MAX_BYTES // 2:
            log.warning("observed types: only the first functions are kept (%d bytes)",
                        MAX_BYTES // 2)
            break
        files.setdefault(rel, {"sha256": digests[rel], "functions": []})["functions"].append(item)
    data = {"version": VERSION, "root": root, "command": list(command),
            "exit_status": exit_status, "files": files}
    path = observed_path(cache_dir, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".observed.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, default=repr, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


_loaded: dict[str, tuple[tuple[int, int, int], Observations | None]] = {}


def load_observations(cache_dir: Path, root: Path | str) -> Observations | None:
    """The observations of `root` kept in `cache_dir`, or None (none, or not valid: logged).
    Read again only when the file changed (the language server asks on every analysis)."""
    path = observed_path(cache_dir, root)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("ignoring the observed types %s: %s", path, exc.strerror or exc)
        return None
    try:
        info = os.fstat(fd)
        key = (info.st_mtime_ns, info.st_size, info.st_ino)
        cached = _loaded.get(str(path))
        if cached is not None and cached[0] == key:
            return cached[1]
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            log.info("ignoring the observed types %s: not a regular file of at most %d bytes",
                     path, MAX_BYTES)
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    finally:
        os.close(fd)
    try:
        found: Observations | None = parse_observations(json.loads(data), str(root))
    except (ValueError, ObservedError, RecursionError) as exc:
        log.warning("ignoring the observed types %s: %s", path, exc)
        found = None
    _loaded[str(path)] = (key, found)
    return found


def parse_observations(data: Any, root: str) -> Observations:
    """Validated observations; anything unexpected raises ObservedError."""
    def need(ok: bool, what: str) -> None:
        if not ok:
            raise ObservedError(what)

    need(isinstance(data, dict), "not a JSON object")
    need(data.get("version") == VERSION, f"version {data.get('version')!r}, not {VERSION}")
    need(data.get("root") == root, "observed for another folder")
    command = data.get("command")
    need(isinstance(command, list) and 0 < len(command) <= 1000
         and all(isinstance(c, str) for c in command), "`command` is not a list of strings")
    files = data.get("files")
    need(isinstance(files, dict), "`files` is not an object")
    out: dict[str, tuple[str, dict[str, ObservedFunction]]] = {}
    for rel, entry in sorted(files.items()):
        need(isinstance(entry, dict), f"{rel}: not an object")
        digest = entry.get("sha256")
        need(isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest) is not None,
             f"{rel}: `sha256` is not a SHA-256")
        functions = entry.get("functions")
        need(isinstance(functions, list), f"{rel}: `functions` is not a list")
        by_name: dict[str, ObservedFunction] = {}
        for item in functions:
            need(isinstance(item, dict) and isinstance(item.get("qualname"), str)
                 and isinstance(item.get("calls"), int) and item["calls"] >= 0
                 and isinstance(item.get("parameters"), dict), f"{rel}: a function is not valid")
            parameters: dict[str, list[dict[str, Any]]] = {}
            for name, kinds in item["parameters"].items():
                need(isinstance(kinds, list) and all(_valid_kind(k) for k in kinds),
                     f"{rel}: {item['qualname']}: `{name}` has a kind that is not valid")
                parameters[name] = kinds
            by_name[item["qualname"]] = ObservedFunction(item["qualname"], item["calls"],
                                                         parameters)
        out[rel] = (digest, by_name)
    return Observations(tuple(command), out)


def _valid_kind(kind: Any) -> bool:
    if not isinstance(kind, dict) or kind.get("kind") not in _KINDS:
        return False
    dtype = kind.get("dtype")
    shape = kind.get("shape")
    return (dtype is None or isinstance(dtype, str)) and (shape is None or (
        isinstance(shape, list) and all(d is None or isinstance(d, int) for d in shape)))


# -- as evidence --------------------------------------------------------------------------------

def kind_values(kind: dict[str, Any]) -> frozenset[str]:
    """The abstract values (values.py) of one observed kind."""
    name = kind.get("kind")
    if name in ("tensor", "symbolic tensor"):
        shape = kind.get("shape")
        dtype = kind.get("dtype")
        if isinstance(shape, list) and isinstance(dtype, str) and dtype.isidentifier():
            return frozenset({f"T|{dtype}|{len(shape)}"})
        return V.TENSOR_SET
    if name == "variable":
        return frozenset({V.VARIABLE})
    if name == "ndarray":
        return frozenset({V.NUMPY})
    if name in _SCALARS:
        return frozenset({_SCALARS[name]})
    if name in ("list", "tuple", "dict"):
        items = kind.get("items") or []
        inner = frozenset().union(*(kind_values(i) for i in items if isinstance(i, dict)))
        return frozenset({V.LIST_OF_TENSORS if V.has_tensor(inner) else V.LIST})
    return V.UNKNOWN_SET  # another object (a model, a dataset, ...), or a value not described


def describe_kind(kind: dict[str, Any]) -> str:
    """One observed kind in the user's words: `tensor float32[64, 10]`, `int 3`."""
    name = kind.get("kind")
    if name in ("tensor", "symbolic tensor", "variable", "ndarray"):
        shape = kind.get("shape")
        dims = "[?]" if shape is None else \
            "[" + ", ".join("None" if d is None else str(d) for d in shape) + "]"
        label = {"ndarray": "NumPy array", "variable": "tf.Variable"}.get(name, name)
        return f"{label} {kind.get('dtype')}{dims}"
    if name in _SCALARS:
        return "None" if name == "NoneType" else f"{name} {kind.get('value')!r}"[:60]
    if name in ("list", "tuple", "dict"):
        return f"{name} of {kind.get('length')}"
    if name == "object":
        return str(kind.get("type", "an object")).rsplit(".", 1)[-1] + " object"
    return "a value it could not describe"


def observed_text(command: str, function: ObservedFunction, param: str) -> str:
    kinds = function.parameters.get(param, [])
    shown = " or ".join(describe_kind(k) for k in kinds[:3]) or "no value it recorded"
    more = f" (and {len(kinds) - 3} more kinds)" if len(kinds) > 3 else ""
    times = "once" if function.calls == 1 else f"{function.calls} times"
    return f"observed when running `{command}`: called {times} with {shown}{more} as `{param}`"


@dataclass
class Observed:
    """The functions that get observed values (`roots`: key -> what was observed), and those
    whose observations were set aside (`ignored`: key -> why, for their verdict)."""

    command: str
    roots: dict[str, ObservedFunction]
    ignored: dict[str, str]


def _value_params(fn: FunctionSummary) -> list[str]:
    params = list(fn.params)
    if fn.kind in ("method", "classmethod") and params:
        params = params[1:]
    return params + fn.kwonly


def observed_roots(program: Program, observations: Observations,
                   digests: dict[str, str]) -> Observed:
    """The functions with no visible caller that the observations speak for (see the module)."""
    # An ESCAPED site (a registry, a partial, a getattr by a computed name) stands for calls
    # nobody sees: the observation speaks for those, so it is not a visible caller.
    called = {b.callee for info in program.info.values() for b in info.bindings
              if b.site.static != ESCAPED}
    called |= {callee for info in program.info.values() for callee, _ in info.traced}
    given: set[str] = set()  # callees given values by a site that is not ESCAPED
    escaped: set[str] = set()  # by an ESCAPED one
    for (owner, index), items in program.contrib.items():
        calls = program.functions[owner].calls if owner in program.functions else []
        mine = escaped if isinstance(index, int) and index < len(calls) and \
            calls[index].static == ESCAPED else given
        mine.update(callee for callee, _param, values, _site in items if values)
    command = observations.shown_command
    roots: dict[str, ObservedFunction] = {}
    ignored: dict[str, str] = {}
    for key in sorted(program.functions):
        fn = program.functions[key]
        file = program.file_of.get(key, "")
        entry = observations.files.get(file)
        function = entry[1].get(fn.qualname) if entry else None
        if function is None or function.calls == 0:
            continue
        if fn.qualname.startswith("<") or fn.name == "<lambda>" or fn.parent is not None or \
                fn.hybrid or fn.unsupported or key in called or key in program.wrapped or \
                key in given or (any(program.params.get(key, {}).values()) and
                                 key not in escaped) or fn.vararg or fn.kwarg:
            continue  # a caller is visible, or the engine does not judge it by its arguments
        if fn.class_key is not None and program.is_keras_class(fn.class_key):
            continue  # Keras calls these itself (call, build, train_step): its own rules
        params = _value_params(fn)
        if not params or any(h in tfapi.TENSOR_HINTS for p in params
                             for h in fn.hints.get(p, "").split("|")):
            continue  # no argument to observe, or a tensor hint already decides
        if entry is not None and digests.get(file) != entry[0]:
            ignored[key] = (f"observed when running `{command}`, but {file} changed since: "
                            "the observation is ignored (run `hybridize verify --observe-types` "
                            "again)")
            log.info("observed types of %s are ignored: the file changed since `%s`", file,
                     command)
            continue
        if any(p not in function.parameters for p in params):
            continue  # observed with another signature: not this function
        if all(k.get("kind") == "symbolic tensor" for p in params
               for k in function.parameters[p]):
            ignored[key] = (f"observed when running `{command}`: called {function.calls} times, "
                            "only while a graph was traced (by a caller outside the analysed "
                            "code): it already runs as part of that graph")
            continue
        roots[key] = function
    return Observed(command, roots, ignored)


# The last seeded program, with what it was made from (module digests, roots, observations):
# the server analyses again on every change, often of nothing the program depends on.
_last_seeded: list[tuple[tuple[tuple[str, str], ...], tuple[str, ...], Observations, Program]] = []


def _seeded_for(program: Program, observed: Observed, observations: Observations) -> Program:
    modules = tuple(sorted((m.path, m.digest) for m in program.modules.values()))
    roots = tuple(sorted(observed.roots))
    for entry in _last_seeded:
        if entry[0] == modules and entry[1] == roots and entry[2] is observations:
            return entry[3]
    seeded = None
    for entry in _last_seeded:
        if entry[1] == roots and entry[2] is observations:
            # Only modules changed (an edit): the last seeded program is resumed, as the
            # program itself is (incremental.py), instead of evaluating every call site again
            # (about 3.4 s on 287 files). Its observed contributions stay: the roots' files did
            # not change (a root of a changed file is not a root any more).
            try:
                seeded = resumed_program(entry[3], program)
            except FromScratch:
                seeded = None  # the edit reaches most of the program: evaluated again below
    if seeded is None:
        seeded = observed_program(program, observed)
    _last_seeded[:] = [(modules, roots, observations, seeded)]
    return seeded


def resumed_program(seeded: Program, program: Program) -> Program:
    """`seeded` (an observed program) brought up to `program`'s modules by an incremental run.
    Takes `seeded`'s state over: it is not to be used afterwards."""
    state = export_state(seeded, for_disk=False)
    roots = seeded.observed_roots
    resumed, _ = incremental_program(list(program.modules.values()), dict(seeded.modules),
                                     state)
    resumed.observed_roots = roots
    return resumed


def observed_program(program: Program, observed: Observed) -> Program:
    """The program evaluated again with the observed values passed to the roots' parameters."""
    seeded = Program(list(program.modules.values()))
    seeded.observed_roots = frozenset(observed.roots)
    contributions = []
    for key, function in sorted(observed.roots.items()):
        fn = seeded.functions[key]
        file = seeded.file_of.get(key, "")
        for param in _value_params(fn):
            kinds = function.parameters[param]
            values = frozenset().union(*(kind_values(k) for k in kinds)) or V.UNKNOWN_SET
            if len(kinds) >= MAX_KINDS:
                values |= V.UNKNOWN_SET  # the observer stopped noting new kinds
            site = ParamSite(file, fn.line, values, OBSERVED_CALLER)
            seeded.params[key][param] |= values
            contributions.append((key, param, values, site))
    seeded.contrib[OBSERVED_SITE] = contributions
    seeded.run()
    return seeded


def label_facts(facts: dict[str, Any], observed: Observed, reached: set[str],
                base: dict[str, Any]) -> None:
    """Evidence in the user's words: the observed arguments of a root ("observed when running
    `COMMAND`: called N times with ..."), a callee whose tensor argument comes only from an
    observed one labelled so, and an ignored observation said where the verdict is unknown."""
    for key, function in observed.roots.items():
        item = facts.get(key)
        if item is None:
            continue
        for name in ("tensor_evidence", "primitive_evidence", "container_evidence",
                     "no_tensor_evidence"):
            setattr(item, name, [_relabelled(e, observed.command, function)
                                 for e in getattr(item, name)])
    for key in sorted(reached):
        item = facts.get(key)
        if item is None or item.tensor_parameter is not True or not item.tensor_evidence:
            continue
        if key in base and base[key].tensor_parameter is not True:
            first = item.tensor_evidence[0]
            item.tensor_evidence[0] = replace(
                first, reason=f"{first.reason}, a value observed when running "
                f"`{observed.command}`")
    for key, function in observed.roots.items():
        item = facts.get(key)
        if item is not None and item.primitive_parameter and not item.hybrid:
            bound = _bounded_values(function, observed.command)
            if bound is not None and item.definition is not None:
                item.retrace_bound = "literal"
                item.bound_evidence = Evidence(item.definition.file, item.definition.line, bound)
    for key, why in observed.ignored.items():
        item = facts.get(key)
        if item is not None and item.tensor_parameter is None:
            item.no_tensor_evidence.insert(0, Evidence(item.definition.file if item.definition
                                                       else "", item.definition.line
                                                       if item.definition else 0, why))


def _bounded_values(function: ObservedFunction, command: str) -> str | None:
    """Why the Python values the function was observed with are a bounded set, or None: every
    parameter that took Python scalars took fewer than MAX_KINDS kinds, each distinct value
    serving BOUND_REPEATS calls or more on average."""
    shown = []
    for param, kinds in sorted(function.parameters.items()):
        scalars = [k for k in kinds if k.get("kind") in _SCALARS]
        if not scalars:
            continue
        if len(kinds) >= MAX_KINDS or len(scalars) * BOUND_REPEATS > function.calls:
            return None
        shown.append(f"{' or '.join(describe_kind(k) for k in scalars)} as `{param}`")
    if not shown:
        return None
    return (f"observed when running `{command}`: {function.calls} calls with only "
            f"{'; '.join(shown)}")


def _relabelled(evidence: Evidence, command: str, function: ObservedFunction) -> Evidence:
    match = _PASSES.search(evidence.reason)
    if match is None:
        return evidence
    text = observed_text(command, function, match.group(2))
    return replace(evidence, reason=evidence.reason[:match.start()] + text +
                   evidence.reason[match.end():])


def reached_from(program: Program, roots: set[str]) -> set[str]:
    """The functions the roots call, transitively (not the roots)."""
    seen = set(roots)
    stack = sorted(roots)
    while stack:
        info = program.info.get(stack.pop())
        for binding in (info.bindings if info else ()):
            if binding.callee not in seen:
                seen.add(binding.callee)
                stack.append(binding.callee)
    return seen - roots


def observed_facts(program: Program, observed_from: Path | None, root: Path | str,
                   digests: dict[str, str], build: Callable[[Program], tuple[Program, dict]],
                   bool_is_primitive: bool) -> tuple[Program, dict]:
    """`build(program)` (the facts of every function), with the observations kept for `root`
    in `observed_from` (a cache folder; None: none) used as evidence where they apply."""
    observations = load_observations(observed_from, root) if observed_from is not None else None
    observed = observed_roots(program, observations, digests) if observations else None
    if observed is None or not (observed.roots or observed.ignored):
        return build(program)
    seeded = _seeded_for(program, observed, observations) if observed.roots else program
    result, facts = build(seeded)
    reached = {key for key in reached_from(seeded, set(observed.roots))
               if key in facts and facts[key].tensor_parameter is True}
    base = {}
    if reached:
        from hybridize.analysis.facts import FactBuilder

        base = FactBuilder(program, False, bool_is_primitive, only=reached).build()
    label_facts(facts, observed, reached, base)
    return result, facts
