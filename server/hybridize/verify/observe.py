"""Child side: observed types. In a run of its own (`verify --observe-types`, the command as
written, no probe), a profile hook notes what each function of the workspace is called with:
per parameter, the kinds of value (tensor, variable, symbolic tensor while tracing, NumPy array
with dtype and shape, Python scalar with its value, container, object by type), bounded.

A run of its own because the hook slows every Python call: it must not touch the timed runs.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from inspect import CO_OPTIMIZED
from types import FrameType
from typing import Any

MAX_KINDS = 8  # distinct kinds kept per parameter
MAX_FUNCTIONS = 20000


class Observer:
    def __init__(self, files: dict[str, str]) -> None:
        # The real path of each analysed file -> its path relative to the analysed folder; a
        # code object's file name, as imported (a link, a relative sys.path entry) -> the same.
        self.files = {os.path.realpath(path): rel for path, rel in files.items()}
        self.seen: dict[str, str | None] = {}
        self.functions: dict[str, dict[str, Any]] = {}

    def install(self) -> None:
        sys.setprofile(self.profile)
        threading.setprofile(self.profile)

    def uninstall(self) -> None:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]

    def profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if event != "call":
            return
        code = frame.f_code
        filename = code.co_filename
        file = self.seen.get(filename, "") if filename in self.seen else self._file(filename)
        # Not a class body or a module (their code objects are not CO_OPTIMIZED), a lambda or a
        # comprehension (`<lambda>`, `<listcomp>`).
        if file is None or not code.co_flags & CO_OPTIMIZED or code.co_name.startswith("<"):
            return
        # The engine's qualified names have no `<locals>` (`outer.inner`).
        qualname = getattr(code, "co_qualname", code.co_name).replace(".<locals>", "")
        key = f"{file}::{qualname}"
        entry = self.functions.get(key)
        if entry is None:
            if len(self.functions) >= MAX_FUNCTIONS:
                return
            entry = self.functions[key] = {"file": file, "qualname": qualname,
                                           "line": code.co_firstlineno, "calls": 0,
                                           "parameters": {}}
        entry["calls"] += 1
        count = code.co_argcount + code.co_kwonlyargcount
        names = code.co_varnames[:count]
        values = frame.f_locals
        parameters = entry["parameters"]
        for name in names:
            kinds = parameters.setdefault(name, [])
            if len(kinds) >= MAX_KINDS:
                continue
            try:
                found = kind_of(values.get(name))
            except Exception:  # a value that fails when looked at: say so, never fail the run
                found = {"kind": "unknown"}
            if found not in kinds:
                kinds.append(found)

    def _file(self, filename: str) -> str | None:
        found = None if filename.startswith("<") else self.files.get(os.path.realpath(filename))
        self.seen[filename] = found
        return found

    def to_json(self) -> list[dict[str, Any]]:
        return sorted(self.functions.values(), key=lambda f: (f["file"], f["line"]))


def kind_of(value: Any, depth: int = 0) -> dict[str, Any]:
    if value is None or isinstance(value, (bool, int, float)):
        return {"kind": type(value).__name__, "value": value}
    if isinstance(value, str):
        return {"kind": "str", "value": value[:50]}
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        if isinstance(value, tf.Variable):
            return {"kind": "variable", "dtype": value.dtype.name,
                    "shape": _shape(value.shape)}
        if isinstance(value, tf.Tensor):
            symbolic = not hasattr(value, "numpy") or not tf.executing_eagerly()
            return {"kind": "symbolic tensor" if symbolic else "tensor",
                    "dtype": value.dtype.name, "shape": _shape(value.shape)}
    np = sys.modules.get("numpy")
    if np is not None and isinstance(value, (np.ndarray, np.generic)):
        return {"kind": "ndarray", "dtype": str(value.dtype), "shape": list(np.shape(value))}
    if isinstance(value, (list, tuple, dict)) and depth < 2:
        items = list(value.values()) if isinstance(value, dict) else list(value)
        inner = [kind_of(item, depth + 1) for item in items[:3]]
        return {"kind": type(value).__name__, "length": len(value),
                "items": [dict(i, value=None) if "value" in i else i for i in inner]}
    kind = type(value)
    return {"kind": "object", "type": f"{kind.__module__}.{kind.__qualname__}"}


def _shape(shape: Any) -> list[int | None] | None:
    try:
        return [None if d is None else int(d) for d in shape.as_list()]
    except (ValueError, AttributeError):
        return None  # unknown rank


def dump(observer: Observer, path: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump({"mode": "observe", "observed": observer.to_json()}, handle, default=repr)
