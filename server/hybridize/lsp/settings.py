"""The server's settings, from initializationOptions and the `hybridize` configuration section.

Parsed into a typed dataclass with defaults; every invalid value is reported (so the user sees
it) and replaced by its default, never a crash (as jedi-language-server does). The validation is
hybridize.config's, shared with the configuration file and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types

from hybridize.config import (
    DEFAULT_SEVERITY,
    VERIFY_TIMEOUT_DEFAULT,
    as_object,
    combine,
    validate,
)

__all__ = ["DEFAULT_SEVERITY", "SEVERITIES", "TAGS", "ServerSettings", "parse_settings"]

SEVERITIES: dict[str, types.DiagnosticSeverity | None] = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "information": types.DiagnosticSeverity.Information,
    "hint": types.DiagnosticSeverity.Hint,
    "off": None,
}


TAGS = {"unnecessary": types.DiagnosticTag.Unnecessary,
        "deprecated": types.DiagnosticTag.Deprecated}


@dataclass(frozen=True)
class ServerSettings:
    speculative: bool = False
    infer_signatures: bool = False
    observed_types: bool = True  # use what `verify --observe-types` observed (cache folder)
    # Start a workspace folder's index from the state kept in the cache folder, and write it
    # back when idle (docs/cache.md); false: neither, as `hybridize check --no-cache`.
    cache: bool = True
    exclude: tuple[str, ...] = ()
    debounce_ms: int = 300
    severity: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # The editor's verify command (hybridize.verify): COMMAND after `--`, and seconds per run.
    verify_command: tuple[str, ...] = ()
    verify_timeout: float = VERIFY_TIMEOUT_DEFAULT
    # The values the editor set itself (configurationPreference included), which each folder's
    # configuration file is combined with (hybridize.config.combine).
    given: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def tags_of(self, kind: str) -> list[types.DiagnosticTag] | None:
        return [TAGS[t] for t in self.tags.get(kind, ())] or None

    def severity_of(self, kind: str) -> types.DiagnosticSeverity | None:
        return SEVERITIES[self.severity.get(kind, DEFAULT_SEVERITY[kind])]


def parse_values(raw: Any) -> tuple[dict[str, Any], list[str]]:
    """The editor's valid values by internal name (those it sets, no defaults), and problems."""
    raw = as_object(raw)
    if isinstance(raw, dict) and list(raw) == ["hybridize"]:
        raw = as_object(raw["hybridize"])  # a client that sends its whole settings table (Helix)
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [f"settings must be an object, not {type(raw).__name__}"]
    return validate(raw)


def build_settings(values: dict[str, Any], given: dict[str, Any] | None = None) -> ServerSettings:
    """Settings from valid values; `given`: the editor's own (combined again with each folder's
    configuration file)."""
    given = values if given is None else given
    values = dict(values)
    values.pop("preference", None)
    if "severity" in values:
        values["severity"] = {**DEFAULT_SEVERITY, **values["severity"]}
    return ServerSettings(**values, given=dict(given))


def parse_settings(raw: Any) -> tuple[ServerSettings, list[str]]:
    """(settings, problems): unknown keys and wrong types are problems; defaults replace them."""
    values, problems = parse_values(raw)
    settings = build_settings(values, values)
    return settings, problems


def with_file(editor: ServerSettings, file: dict[str, Any]) -> ServerSettings:
    """The settings in force in a folder whose configuration file gives `file`."""
    return build_settings(combine(editor.given, file), editor.given)
