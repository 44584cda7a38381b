"""`# hybridize: ignore[CODE, ...]` comments: read with the tokenizer (comments only, never the
text of a string), applied to a function's verdict when the comment is on its `def` line or on
one of its decorator lines. A bare `# hybridize: ignore` suppresses every code.

A suppressed code is removed from the verdict (no transformation, no failure) and listed in
`FunctionReport.suppressed`; the verdict itself is not recomputed, so suppressing a failure never
makes a function safe to convert (default-deny)."""

from __future__ import annotations

import dataclasses
import io
import re
import tokenize

from hybridize.analysis.model import FunctionReport, UnusedIgnore

# Anywhere in a comment, like `# type: ignore`: `# note  # hybridize: ignore[X]` counts too.
PATTERN = re.compile(r"#\s*hybridize:\s*ignore\b(?:\[(?P<codes>[^\]]*)\])?")
MARKER = "hybridize:"

# line -> the codes it names, or None for a bare ignore (every code)
Suppressions = dict[int, frozenset[str] | None]


def read_suppressions(text: str) -> Suppressions:
    """The suppression comments of a module by line. A text that does not tokenize (the parser
    accepted it, so this is rare) yields the comments read before the problem."""
    out: Suppressions = {}
    if MARKER not in text:  # the common case: no tokenizing at all
        return out
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = PATTERN.search(token.string)
            if match is None:
                continue
            codes = match.group("codes")
            line = token.start[0]
            if codes is None:
                out[line] = None
            else:
                names = frozenset(c.strip() for c in codes.split(",") if c.strip())
                previous = out.get(line, frozenset())
                out[line] = None if previous is None else previous | names
    except (tokenize.TokenError, SyntaxError):
        pass
    return out


def codes_at(suppressions: Suppressions, start_line: int,
             def_line: int) -> tuple[list[int], frozenset[str] | None]:
    """The suppression comment lines of a function whose decorators start at `start_line` and
    whose `def` is at `def_line`, and the codes they suppress together (None: every code)."""
    lines = [n for n in range(min(start_line or def_line, def_line), def_line + 1)
             if n in suppressions]
    codes: frozenset[str] | None = frozenset()
    for line in lines:
        named = suppressions[line]
        codes = None if named is None or codes is None else codes | named
    return lines, codes


def suppress(report: FunctionReport, codes: frozenset[str] | None) -> FunctionReport:
    """`report` without the suppressed codes' transformation and failures."""
    removed: list[str] = []
    transformation = report.transformation
    if transformation is not None and (codes is None or transformation.value in codes):
        removed.append(transformation.value)
        transformation = None
    failures = []
    for failure in report.failures:
        if codes is None or failure.code in codes:
            if failure.code not in removed:
                removed.append(failure.code)
        else:
            failures.append(failure)
    if not removed:
        return report
    note = f"suppressed ({', '.join(removed)}) by a `# hybridize: ignore` comment"
    if transformation is not None or not failures:
        reason = note
    elif failures[0] == report.failures[0]:
        reason = f"{report.reason}; {note}"
    else:  # the verdict now rests on the first failure left
        verb = "misbehaves as a tf.function" if report.hybrid else "not converted"
        reason = f"{verb}: {failures[0].message}; {note}"
    return dataclasses.replace(
        report, transformation=transformation, failures=failures,
        precondition=report.precondition if transformation is not None else None,
        suppressed=removed, reason=reason)


def unused_ignores(file: str, suppressions: Suppressions,
                   reports: list[FunctionReport]) -> list[UnusedIgnore]:
    """The comments of `file` (or the codes named in them) that suppressed nothing among its
    function `reports`. A comment on no def or decorator line suppresses nothing either."""
    used: dict[int, set[str]] = {line: set() for line in suppressions}
    for report in reports:
        lines, _codes = codes_at(suppressions, report.start_line, report.line)
        for line in lines:
            used[line].update(report.suppressed)
    out = []
    for line, codes in sorted(suppressions.items()):
        if codes is None:
            if not used[line]:
                out.append(UnusedIgnore(file, line, None))
            continue
        unused = tuple(sorted(codes - used[line]))
        if unused:
            out.append(UnusedIgnore(file, line, unused))
    return out


def _comment(line_text: str) -> tuple[int, str] | None:
    """The column and text of the comment on one line of code (a line that may end inside an
    open bracket: the tokenizer gives the comment before it complains)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(line_text + "\n").readline):
            if token.type == tokenize.COMMENT:
                return token.start[1], token.string
    except (tokenize.TokenError, SyntaxError):
        pass
    return None


def add_ignore(line_text: str, code: str) -> str | None:
    """`line_text` (one line, without its end) with `code` added to its suppression comment, or
    with a new comment at its end; None when a comment cannot go there (a line continuation)."""
    stripped = line_text.rstrip()
    comment = _comment(stripped)
    match = PATTERN.search(comment[1]) if comment is not None else None
    if comment is not None and match is not None:
        codes = match.group("codes")
        if codes is None:
            return line_text  # a bare ignore already suppresses every code
        names = [c.strip() for c in codes.split(",") if c.strip()]
        if code in names:
            return line_text
        start = comment[0] + match.start("codes")
        end = comment[0] + match.end("codes")
        return f"{stripped[:start]}{', '.join([*names, code])}{stripped[end:]}"
    if stripped.endswith("\\"):
        return None
    return f"{stripped}  # hybridize: ignore[{code}]"
