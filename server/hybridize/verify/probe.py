"""Child side: the probe around each proposed function, and the records it writes.

The same probe runs in both runs (as written, with the proposals), so its own cost cancels out of
the comparison. Standard library only; NumPy and TensorFlow are used only once the user's code
has imported them (`sys.modules`), never imported here.
"""

from __future__ import annotations

import functools
import io
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

MAX_CALLS = 20  # calls per function whose results and output are recorded
MAX_ELEMENTS = 4096  # array elements kept per value; larger arrays keep these and a summary
ARGUMENT_ELEMENTS = 256  # the same for arguments (compared only to pair calls up)
MAX_ITEMS = 100  # items kept per list, tuple or dict
MAX_DEPTH = 8
MAX_TEXT = 2000  # characters kept of a string, a printed output or an exception message

current: Recorder | None = None  # this run's recorder (set by the runner; read by the plugin)


@dataclass
class FunctionRecord:
    calls: list[dict[str, Any]] = field(default_factory=list)  # the first MAX_CALLS eager calls
    eager_calls: int = 0  # calls made eagerly from code no probe is running (compared)
    graph_calls: int = 0  # calls made while another graph was being traced
    nested_calls: int = 0  # eager calls from inside another probed function (not compared: the
    # proposals may make that caller a graph, so these calls exist in one run only)
    seconds: float = 0.0  # total time of the eager calls, tracing included
    body_runs: int = 0  # Python executions of the body (the hook's counter; AutoGraph, which
    # converts the source on disk, does not run it: see `traces`)
    traces: int | None = None  # traces of the tf.function(s) it is, when it is one
    tests: list[str] = field(default_factory=list)  # pytest nodeids during which it ran


class Recorder:
    """Everything one run records; written as JSON (never pickle) when the run ends."""

    def __init__(self, path: str, mode: str) -> None:
        self.path = path
        self.mode = mode
        self.functions: dict[str, FunctionRecord] = {}
        self.loaded: list[str] = []  # files compiled through the hook
        self.skipped: dict[str, str] = {}  # file -> why it ran as it is on disk
        self.tests: dict[str, str] = {}  # pytest nodeid -> outcome
        self.current_test: str | None = None
        self.capture = _Capture()
        self.active: list[str] = []  # the probes in a call, outermost first
        self.graphs: dict[str, dict[int, Any]] = {}  # pid -> the tf.function objects probed
        self.entered.__func__.autograph_info__ = {}  # type: ignore[attr-defined]

    def record(self, pid: str) -> FunctionRecord:
        found = self.functions.get(pid)
        if found is None:
            found = self.functions[pid] = FunctionRecord()
        return found

    def _seen_in_test(self, record: FunctionRecord) -> None:
        test = self.current_test
        if test is not None and (not record.tests or record.tests[-1] != test) \
                and test not in record.tests:
            record.tests.append(test)

    def entered(self, pid: str) -> None:
        """Called by the first statement of a proposed function's body (inserted by the hook):
        notes the test the body ran in, however it was called (the probe only sees eager
        calls). Inside a tf.function, AutoGraph runs the body from the file on disk, without
        this statement; `traces` counts those."""
        record = self.record(pid)
        record.body_runs += 1
        self._seen_in_test(record)

    def probe(self, pid: str) -> Callable[[Any], Probe]:
        def decorate(function: Any) -> Probe:
            return Probe(function, pid, self)
        return decorate

    def dump(self) -> None:
        for pid, graphs in self.graphs.items():
            counts = [_tracing_count(graph) for graph in graphs.values()]
            self.record(pid).traces = sum(count for count in counts if count is not None)
        data = {
            "mode": self.mode,
            "functions": {pid: vars(rec) for pid, rec in self.functions.items()},
            "loaded": self.loaded,
            "skipped": self.skipped,
            "tests": self.tests,
        }
        with open(self.path, "w", encoding="utf-8") as handle:
            json.dump(data, handle, default=repr)


class Probe:
    """Wraps a proposed function (outside its `tf.function`, if any): times and records its
    eager calls. Calls made while a graph is traced produce symbolic tensors: only counted."""

    # AutoGraph calls an artifact as it is instead of converting its source.
    autograph_info__: dict[str, Any] = {}

    def __init__(self, function: Any, pid: str, recorder: Recorder) -> None:
        self.function = function
        self.pid = pid
        self.recorder = recorder
        self.__wrapped__ = function  # inspect.signature (Keras reads `call`'s) follows it
        functools.update_wrapper(self, function, updated=())
        if hasattr(function, "experimental_get_tracing_count"):
            recorder.graphs.setdefault(pid, {})[id(function)] = function

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        # A method: bind what is inside (a tf.function binds itself per instance), then probe.
        if instance is None or not hasattr(self.function, "__get__"):
            return self
        return Probe(self.function.__get__(instance, owner), self.pid, self.recorder)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        recorder = self.recorder
        record = recorder.record(self.pid)
        if not _executing_eagerly():
            record.graph_calls += 1
            recorder._seen_in_test(record)
            return self.function(*args, **kwargs)
        if recorder.active:
            record.nested_calls += 1
            recorder._seen_in_test(record)
            return self.function(*args, **kwargs)
        index = record.eager_calls
        record.eager_calls += 1
        recorder._seen_in_test(record)
        keep = index < MAX_CALLS
        # Before the call (it may change them): a call is compared only with a call that got
        # the same arguments in the other run.
        arguments = _arguments(args, kwargs) if keep else None
        recorder.active.append(self.pid)
        buffer = recorder.capture.start() if keep else None
        start = time.perf_counter()
        try:
            result = self.function(*args, **kwargs)
        except BaseException as exc:
            elapsed = time.perf_counter() - start
            record.seconds += elapsed
            if keep:
                record.calls.append({"index": index, "seconds": elapsed, "arguments": arguments,
                                     "printed": recorder.capture.stop(buffer)[:MAX_TEXT],
                                     "exception": {"type": type(exc).__qualname__,
                                                   "message": str(exc)[:MAX_TEXT]}})
            raise
        finally:
            recorder.active.pop()
        elapsed = time.perf_counter() - start
        record.seconds += elapsed
        if keep:
            printed = recorder.capture.stop(buffer)
            record.calls.append({"index": index, "seconds": elapsed, "arguments": arguments,
                                 "printed": printed[:MAX_TEXT], "result": describe(result)})
        return result


def _arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The arguments, described as results are (arrays: ARGUMENT_ELEMENTS values and the sums),
    so that the parent can tell whether two calls got the same inputs, with the same tolerance
    (values computed by earlier graph code differ in their last bits)."""
    try:
        return describe([list(args), sorted(kwargs.items())], limit=ARGUMENT_ELEMENTS)
    except Exception as exc:  # an argument whose conversion fails: compare by that failure
        return {"object": f"undescribable: {type(exc).__name__}"}


def _tracing_count(graph: Any) -> int | None:
    try:
        return int(graph.experimental_get_tracing_count())
    except Exception:  # an object that only looks like a tf.function
        return None


def _executing_eagerly() -> bool:
    tf = sys.modules.get("tensorflow")
    if tf is None:
        return True
    try:
        return bool(tf.executing_eagerly())
    except Exception:  # a partly imported TensorFlow: nothing can be traced yet
        return True


class _Capture:
    """What the probed calls print: sys.stdout is teed (the text still reaches the user) while at
    least one probed call runs; nested calls each get what was printed during them."""

    def __init__(self) -> None:
        self.buffers: list[io.StringIO] = []
        self.saved: Any = None

    def start(self) -> io.StringIO:
        buffer = io.StringIO()
        if not self.buffers:
            self.saved = sys.stdout
            sys.stdout = _Tee(self.saved, self)
        self.buffers.append(buffer)
        return buffer

    def stop(self, buffer: io.StringIO | None) -> str:
        if buffer is None:
            return ""
        if buffer in self.buffers:
            self.buffers.remove(buffer)
        if not self.buffers and self.saved is not None:
            sys.stdout = self.saved
            self.saved = None
        return buffer.getvalue()


class _Tee(io.TextIOBase):
    def __init__(self, stream: Any, capture: _Capture) -> None:
        self.stream = stream
        self.capture = capture

    def write(self, text: str) -> int:
        for buffer in self.capture.buffers:
            buffer.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def describe(value: Any, depth: int = 0, limit: int = MAX_ELEMENTS) -> Any:
    """A JSON value standing for `value`: numbers and strings as they are, tensors and arrays as
    dtype, shape and (up to MAX_ELEMENTS) values, containers item by item, other objects by type."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return {"int": value} if abs(value) < 2**53 else {"int": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}  # repr keeps nan and inf, which JSON cannot
    if isinstance(value, str):
        return {"str": value[:MAX_TEXT]}
    if depth >= MAX_DEPTH:
        return {"object": "nested too deep"}
    array = _as_array(value, limit)
    if array is not None:
        return array
    if isinstance(value, (list, tuple)):
        kind = "list" if isinstance(value, list) else "tuple"
        return {kind: [describe(item, depth + 1, limit) for item in list(value)[:MAX_ITEMS]],
                "length": len(value)}
    if isinstance(value, dict):
        items = list(value.items())[:MAX_ITEMS]
        return {"dict": [[repr(key)[:200], describe(item, depth + 1, limit)]
                         for key, item in items],
                "length": len(value)}
    return {"object": f"{type(value).__module__}.{type(value).__qualname__}"}


def _as_array(value: Any, limit: int = MAX_ELEMENTS) -> dict[str, Any] | None:
    np = sys.modules.get("numpy")
    if np is None:
        return None
    tf = sys.modules.get("tensorflow")
    kind = "array"
    if tf is not None and isinstance(value, (tf.Tensor, tf.Variable)):
        kind = "tensor"
        try:
            value = value.numpy()
        except Exception:  # a symbolic tensor: it has no value
            return {"object": "symbolic tensor"}
    elif tf is not None and hasattr(value, "_type_spec") and not isinstance(value, type):
        # RaggedTensor, SparseTensor, ...: their component tensors, in order.
        try:
            parts = tf.nest.flatten(value, expand_composites=True)
        except Exception:
            return None
        return {"composite": type(value).__qualname__, "list": [_as_array(p, limit) for p in parts],
                "length": len(parts)}
    elif not isinstance(value, (np.ndarray, np.generic)):
        return None
    array = np.asarray(value)
    described: dict[str, Any] = {kind: str(array.dtype), "shape": list(array.shape)}
    flat = array.reshape(-1)
    if array.dtype.kind in "biufc":
        described["values"] = [repr(item) for item in flat[:limit].tolist()]
        if flat.size > limit:
            described["sum"] = repr(float(np.sum(flat.astype(np.float64))))
            described["abs_sum"] = repr(float(np.sum(np.abs(flat.astype(np.float64)))))
    else:
        described["values"] = [repr(item)[:200] for item in flat[:MAX_ITEMS].tolist()]
    return described
