"""Equal immutable values stored once (issue 15, memory).

A module summary names the same things many times: `p:self`, `k:axis`, the value
`e|pkg.mod:Layer.call|2` in a call's arguments, a local and a use, the same frozenset of values
at several sites. The summary builder makes a new string or set each time. `share` walks a
summary (or any of its parts) once and replaces each string by the interned one, and each
frozenset and tuple by the first equal one it met (a table per `Sharing`), in place for lists,
dictionaries and the summaries' data classes (their fields; not Span, which holds only ints).

Only immutable values are replaced, by equal ones, so no result changes (nothing compares values
by identity). An empty list or dictionary in a field of a summary's data classes becomes the
shared read-only one (summary_model.EMPTY_LIST, EMPTY_DICT): equal to [] and {}, and changing it
raises (nothing changes a summary once it is built). The worker that summarizes a module shares
within the module; pickling then sends each shared object once.
"""

from __future__ import annotations

import sys
from dataclasses import fields
from typing import Any

from hybridize.analysis.summary_model import EMPTY_DICT, EMPTY_LIST

_FIELDS: dict[type, tuple[str, ...]] = {}


class Sharing:
    """One table of shared values (drop it with the summaries it was used on)."""

    __slots__ = ("sets", "tuples")

    def __init__(self) -> None:
        self.sets: dict[frozenset, frozenset] = {}
        self.tuples: dict[tuple, tuple] = {}

    def share(self, value: Any) -> Any:
        """`value` with its strings, frozensets and tuples shared; containers and data classes
        are updated in place (and returned)."""
        kind = type(value)
        if kind is str:
            return _intern(value)
        if kind is frozenset:
            found = self.sets.get(value)
            if found is None:
                found = frozenset([_intern(item) if type(item) is str else self.share(item)
                                   for item in value])
                self.sets[found] = found
            return found
        if kind is tuple:
            if any(type(item) is bool for item in value):
                # (False,) == (0,): sharing would hand one the other's items (a summary's
                # `(root, values, line, text, True)` read back with 1; seen in session 27 once
                # CallSite.loop_args held (0,) tuples)
                return value
            try:
                found = self.tuples.get(value)
            except TypeError:  # holds something unhashable (a list): kept as it is
                return value
            if found is None:
                found = tuple([_intern(item) if type(item) is str else
                               item if type(item) is int else self.share(item)
                               for item in value])
                self.tuples[found] = found
            return found
        if kind is list:
            share = self.share
            for index, item in enumerate(value):
                value[index] = _intern(item) if type(item) is str else share(item)
            return value
        if kind is dict:
            if value:
                share = self.share
                items = [(_intern(key) if type(key) is str else share(key),
                          _intern(item) if type(item) is str else share(item))
                         for key, item in value.items()]
                value.clear()
                value.update(items)
            return value
        names = _FIELDS.get(kind)
        if names is None:
            names = _FIELDS[kind] = _shared_fields(kind)
        for name in names:
            item = getattr(value, name)
            if item is None:
                continue
            kind = type(item)
            if kind is str:
                item = _intern(item)
            elif not item and (kind is list or kind is dict):
                # One read-only empty list or dictionary for all (summary_model.FrozenList).
                item = EMPTY_LIST if kind is list else EMPTY_DICT
            else:
                item = self.share(item)
            setattr(value, name, item)
        return value


_intern = sys.intern
# Field types that hold nothing to share.
_PLAIN = frozenset({"int", "bool", "Span", "Span | None"})


def _shared_fields(kind: type) -> tuple[str, ...]:
    """The fields of a summary data class to walk (not its ints, flags and spans); () for
    anything else (ints, None, Span...)."""
    if not kind.__module__.startswith("hybridize.analysis.summary_model"):
        return ()
    try:
        return tuple(f.name for f in fields(kind) if str(f.type) not in _PLAIN)
    except TypeError:
        return ()
