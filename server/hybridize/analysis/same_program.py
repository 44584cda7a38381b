"""Whether the files of a run still give the program of the command line's last result, though
some of their bytes changed (docs/cache.md, "The same program").

An edit of a comment, of a docstring's words, of spaces within a line, leaves every module
summary as it was: the summary records what the analysis reads (names, values, calls, lines,
columns, suppression comments), not the bytes. The whole-program phase, the facts and the
verdicts are functions of the summaries (and of the settings, paths and engine, which the
result cache's key holds): the same summaries give the same result, whatever the bytes. So the
last result is this run's, but for what depends on the bytes themselves (each file's SHA-256,
the read errors), which the caller takes from this run.

The result cache's header names, per file, the digest of the summary its result was computed
from (`programs`); the snapshot holds the summaries by digest. A file whose summary now has that
digest is unchanged; another must have a summary equal, field by field, to the snapshot's of
that digest (its own digest aside). Anything else (a file whose last summary the snapshot no
longer holds, a file that no longer parses, a notebook, observed types, which apply per file
digest) is a full run. Equality that cannot be shown (an object without `==`) is a difference:
the answer errs towards analysing again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from hybridize.analysis.summary_model import ModuleSummary


def same_program(summaries: list[ModuleSummary], snapshot: Mapping[str, ModuleSummary],
                 programs: Mapping[str, str]) -> dict[str, str] | None:
    """The `programs` of this run when its summaries are, content for content, those the last
    result was computed from (`programs`: file -> summary digest; `snapshot`: the snapshot's
    summaries by file); None when a file differs or cannot be compared. A file whose bytes
    changed keeps the digest of the summary it equals: the snapshot still holds that one."""
    if len(summaries) != len(programs):
        return None
    out: dict[str, str] = {}
    for module in summaries:
        digest = programs.get(module.path)
        if digest is None:
            return None
        if module.digest != digest:
            known = snapshot.get(module.path)
            if known is None or known.digest != digest or \
                    dataclasses.replace(known, digest=module.digest) != module:
                return None
        out[module.path] = digest
    return out
