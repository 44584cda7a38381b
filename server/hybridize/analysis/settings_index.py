"""static_values.settings_written, kept across the language server's runs.

The Keras global settings some workspace code may set (static_values.settings_written) are a
union over every function of what its call sites, locals and deferred values name: 446 CPU ms
per facts build on the 253-KLOC lsp_latency workspace (11,509 functions), paid on every edit of
a file whose functions read a setting (official/vision/modeling/factory.py: about a third of its
1.2 s edit). Each function's share depends on its own summary only, so `SettingsIndex` keeps
the share per function and a count per setting, and the CallIndex updates it for the functions
a run replaced (call_index.py). Built on first use: a run that asks nothing pays nothing.

Each share is computed when the function is summarized (FunctionSummary.settings) and kept
with the summary: the command line's snapshot reuses it for every module whose bytes did not
change, so a run pays only for the files it summarizes again (4.0 of a 31.6 s profiled facts
build on check_speed's 250 KLOC tree before).

Exact: `written()` equals static_values.settings_written of the same program
(tests/test_settings_index.py checks both after edits).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hybridize.analysis import static_values

if TYPE_CHECKING:
    from hybridize.analysis.program import Program
    from hybridize.analysis.summary_model import FunctionSummary


def function_settings(fn: FunctionSummary) -> frozenset[str]:
    """One function's share of static_values.settings_written (the same program of tests)."""
    return static_values.settings_written(_One(fn))  # type: ignore[arg-type]


class _One:
    """A program of one function, as settings_written reads a program (its functions)."""

    __slots__ = ("functions",)

    def __init__(self, fn: FunctionSummary) -> None:
        self.functions = {fn.key: fn}


class SettingsIndex:
    def __init__(self) -> None:
        self.shares: dict[str, frozenset[str]] = {}  # function key -> its settings
        self.count: dict[str, int] = {}  # setting -> functions that name it
        self._written: frozenset[str] | None = None

    def build(self, program: Program) -> None:
        for key, fn in program.functions.items():
            self.add(key, fn)

    def add(self, key: str, fn: FunctionSummary) -> None:
        self.drop(key)
        # Computed with the summary (summaries.summarize_module), so kept in the command line's
        # snapshot; computed here for a summary built without it.
        share = fn.settings if fn.settings is not None else function_settings(fn)
        if share:
            self.shares[key] = share
            for setting in share:
                self.count[setting] = self.count.get(setting, 0) + 1
            self._written = None

    def drop(self, key: str) -> None:
        share = self.shares.pop(key, None)
        for setting in share or ():
            left = self.count[setting] - 1
            if left:
                self.count[setting] = left
            else:
                del self.count[setting]
            self._written = None

    def written(self) -> frozenset[str]:
        if self._written is None:
            self._written = frozenset(self.count)
        return self._written
