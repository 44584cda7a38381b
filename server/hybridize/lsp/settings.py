"""The server's settings, from initializationOptions and the `hybridize` configuration section.

Parsed into a typed dataclass with defaults; every invalid value is reported (so the user sees
it) and replaced by its default, never a crash (as jedi-language-server does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types

SEVERITIES: dict[str, types.DiagnosticSeverity | None] = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
    "off": None,
}
# Diagnostic kinds and their default severity.
DEFAULT_SEVERITY = {
    "convertToHybrid": "hint",
    "convertToEager": "information",
    "reconfigure": "information",
    "warning": "warning",
}


TAGS = {"unnecessary": types.DiagnosticTag.Unnecessary,
        "deprecated": types.DiagnosticTag.Deprecated}


@dataclass(frozen=True)
class ServerSettings:
    speculative: bool = False
    infer_signatures: bool = False
    exclude: tuple[str, ...] = ()
    debounce_ms: int = 300
    severity: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def tags_of(self, kind: str) -> list[types.DiagnosticTag] | None:
        return [TAGS[t] for t in self.tags.get(kind, ())] or None

    def severity_of(self, kind: str) -> types.DiagnosticSeverity | None:
        return SEVERITIES[self.severity.get(kind, DEFAULT_SEVERITY[kind])]


def _object(value: Any) -> Any:
    """Lua clients (Neovim) encode an empty table as []: read it as an empty object."""
    return {} if isinstance(value, list) and not value else value


def per_kind(diagnostics: dict[str, Any], name: str, valid: Callable[[Any], bool],
             wanted: str, problems: list[str]) -> dict[str, Any]:
    """`diagnostics.<name>.<kind>` values that are valid; the others become problems."""
    given = _object(diagnostics.get(name, {}))
    if not isinstance(given, dict):
        problems.append(f"hybridize.diagnostics.{name} must be an object")
        return {}
    out: dict[str, Any] = {}
    for kind, value in given.items():
        if kind not in DEFAULT_SEVERITY:
            problems.append(f"hybridize.diagnostics.{name}.{kind} is not a diagnostic kind "
                            f"({', '.join(DEFAULT_SEVERITY)})")
        elif not valid(value):
            problems.append(f"hybridize.diagnostics.{name}.{kind} must be {wanted}, "
                            f"not {value!r}")
        else:
            out[kind] = value
    return out


def parse_settings(raw: Any) -> tuple[ServerSettings, list[str]]:
    """(settings, problems): unknown keys and wrong types are problems; defaults replace them."""
    problems: list[str] = []
    raw = _object(raw)
    if isinstance(raw, dict) and list(raw) == ["hybridize"]:
        raw = _object(raw["hybridize"])  # a client that sends its whole settings table (Helix)
    if raw is None:
        return ServerSettings(), problems
    if not isinstance(raw, dict):
        return ServerSettings(), [f"settings must be an object, not {type(raw).__name__}"]
    values: dict[str, Any] = {}

    def boolean(key: str, target: str) -> None:
        if key in raw:
            if isinstance(raw[key], bool):
                values[target] = raw[key]
            else:
                problems.append(f"hybridize.{key} must be true or false, not {raw[key]!r}")

    boolean("speculative", "speculative")
    boolean("inferSignatures", "infer_signatures")
    if "exclude" in raw:
        exclude = raw["exclude"]
        if isinstance(exclude, list) and all(isinstance(e, str) for e in exclude):
            values["exclude"] = tuple(exclude)
        else:
            problems.append(f"hybridize.exclude must be a list of glob strings, not {exclude!r}")
    if "debounceMs" in raw:
        debounce = raw["debounceMs"]
        if isinstance(debounce, int) and not isinstance(debounce, bool) and 0 <= debounce <= 10000:
            values["debounce_ms"] = debounce
        else:
            problems.append(f"hybridize.debounceMs must be an integer from 0 to 10000, "
                            f"not {debounce!r}")
    diagnostics = _object(raw.get("diagnostics"))
    if diagnostics is not None:
        if not isinstance(diagnostics, dict):
            problems.append("hybridize.diagnostics must be an object")
            diagnostics = {}
        severity = per_kind(diagnostics, "severity", lambda v: v in SEVERITIES,
                            f"one of {', '.join(SEVERITIES)}", problems)
        values["severity"] = {**DEFAULT_SEVERITY, **severity}
        tags = per_kind(diagnostics, "tags",
                        lambda v: isinstance(v, list) and all(t in TAGS for t in v),
                        f"a list of {', '.join(TAGS)}", problems)
        values["tags"] = {kind: tuple(value) for kind, value in tags.items()}
    known = {"speculative", "inferSignatures", "exclude", "debounceMs", "diagnostics"}
    for key in raw:
        if key not in known:
            problems.append(f"hybridize.{key} is not a setting")
    return ServerSettings(**values), problems
