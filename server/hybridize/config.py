"""Settings shared by the command line and the language server: their validation, and the
configuration file (`[tool.hybridize]` in pyproject.toml, or a hybridize.toml).

Both read the same camelCase names as the editor settings (docs/settings.md). Validation gives
the values that are valid, by internal name, and a problem for each one that is not: the caller
reports it and keeps the default. Nothing here knows LSP or how the analysis computes facts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SEVERITY_NAMES = ("error", "warning", "information", "hint", "off")
TAG_NAMES = ("unnecessary", "deprecated")
# Diagnostic kinds and their default severity.
DEFAULT_SEVERITY = {
    "convertToHybrid": "hint",
    "convertToEager": "information",
    "reconfigure": "information",
    "warning": "warning",
}
# How the editor's settings and the file's combine (the names of ruff's configurationPreference).
PREFERENCES = ("editorFirst", "filesystemFirst", "editorOnly")
# configurationPreference is meaningless in the file it would choose to ignore; verify names a
# command to run, which a cloned project's file must not choose; cache is the user's choice
# about their own machine's cache folder, not a project's.
EDITOR_ONLY = {"configurationPreference", "verify", "cache"}
VERIFY_TIMEOUT_DEFAULT = 600.0
FILE_NAMES = ("hybridize.toml", "pyproject.toml")  # in one folder, hybridize.toml wins


def as_object(value: Any) -> Any:
    """Lua clients (Neovim) encode an empty table as []: read it as an empty object."""
    return {} if isinstance(value, list) and not value else value


def per_kind(diagnostics: dict[str, Any], name: str, valid: Callable[[Any], bool],
             wanted: str, problems: list[str], prefix: str) -> dict[str, Any]:
    """`diagnostics.<name>.<kind>` values that are valid; the others become problems."""
    given = as_object(diagnostics.get(name, {}))
    if not isinstance(given, dict):
        problems.append(f"{prefix}diagnostics.{name} must be an object")
        return {}
    out: dict[str, Any] = {}
    for kind, value in given.items():
        if kind not in DEFAULT_SEVERITY:
            problems.append(f"{prefix}diagnostics.{name}.{kind} is not a diagnostic kind "
                            f"({', '.join(DEFAULT_SEVERITY)})")
        elif not valid(value):
            problems.append(f"{prefix}diagnostics.{name}.{kind} must be {wanted}, "
                            f"not {value!r}")
        else:
            out[kind] = value
    return out


def validate(raw: dict[str, Any], prefix: str = "hybridize.",
             editor: bool = True) -> tuple[dict[str, Any], list[str]]:
    """(valid values by internal name, problems). `prefix` names a key in the problems
    (`hybridize.` for the editor, `[tool.hybridize] ` in pyproject.toml); severities and tags
    hold only the kinds given (the defaults fill the others when settings are built)."""
    problems: list[str] = []
    values: dict[str, Any] = {}

    def boolean(key: str, target: str) -> None:
        if key in raw:
            if isinstance(raw[key], bool):
                values[target] = raw[key]
            else:
                problems.append(f"{prefix}{key} must be true or false, not {raw[key]!r}")

    boolean("speculative", "speculative")
    boolean("inferSignatures", "infer_signatures")
    boolean("observedTypes", "observed_types")
    if "exclude" in raw:
        exclude = raw["exclude"]
        if isinstance(exclude, list) and all(isinstance(e, str) for e in exclude):
            values["exclude"] = tuple(exclude)
        else:
            problems.append(f"{prefix}exclude must be a list of glob strings, not {exclude!r}")
    if "debounceMs" in raw:
        debounce = raw["debounceMs"]
        if isinstance(debounce, int) and not isinstance(debounce, bool) and 0 <= debounce <= 10000:
            values["debounce_ms"] = debounce
        else:
            problems.append(f"{prefix}debounceMs must be an integer from 0 to 10000, "
                            f"not {debounce!r}")
    if editor and "configurationPreference" in raw:
        preference = raw["configurationPreference"]
        if preference in PREFERENCES:
            values["preference"] = preference
        else:
            problems.append(f"{prefix}configurationPreference must be one of "
                            f"{', '.join(PREFERENCES)}, not {preference!r}")
    if editor:
        boolean("cache", "cache")
    if editor and "verify" in raw:
        _verify_values(as_object(raw["verify"]), values, problems, prefix)
    diagnostics = as_object(raw.get("diagnostics"))
    if diagnostics is not None:
        if not isinstance(diagnostics, dict):
            problems.append(f"{prefix}diagnostics must be an object")
            diagnostics = {}
        values["severity"] = per_kind(diagnostics, "severity", lambda v: v in SEVERITY_NAMES,
                                      f"one of {', '.join(SEVERITY_NAMES)}", problems, prefix)
        tags = per_kind(diagnostics, "tags",
                        lambda v: isinstance(v, list) and all(t in TAG_NAMES for t in v),
                        f"a list of {', '.join(TAG_NAMES)}", problems, prefix)
        values["tags"] = {kind: tuple(value) for kind, value in tags.items()}
    known = {"speculative", "inferSignatures", "observedTypes", "exclude", "debounceMs",
             "diagnostics"}
    for key in raw:
        if key in EDITOR_ONLY and not editor:
            problems.append(f"{prefix}{key} is an editor setting, not read from a file")
        elif key not in known | EDITOR_ONLY:
            problems.append(f"{prefix}{key} is not a setting")
    return values, problems


def _verify_values(verify: Any, values: dict[str, Any], problems: list[str],
                   prefix: str) -> None:
    """`verify.command` (a list of strings, or one string split as a shell would) and
    `verify.timeout` (seconds per run), for the editor's verify command."""
    if not isinstance(verify, dict):
        problems.append(f"{prefix}verify must be an object")
        return
    for key in verify:
        if key not in ("command", "timeout"):
            problems.append(f"{prefix}verify.{key} is not a setting")
    if "command" in verify:
        command = verify["command"]
        if isinstance(command, str):
            import shlex

            try:
                values["verify_command"] = tuple(shlex.split(command))
            except ValueError as exc:
                problems.append(f"{prefix}verify.command cannot be split: {exc}")
        elif isinstance(command, list) and all(isinstance(c, str) for c in command):
            values["verify_command"] = tuple(command)
        elif command is not None:
            problems.append(f"{prefix}verify.command must be a list of strings or a string, "
                            f"not {command!r}")
    if "timeout" in verify:
        timeout = verify["timeout"]
        if isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and \
                1 <= timeout <= 86400:
            values["verify_timeout"] = float(timeout)
        else:
            problems.append(f"{prefix}verify.timeout must be a number of seconds from 1 to "
                            f"86400, not {timeout!r}")


def merge(low: dict[str, Any], high: dict[str, Any]) -> dict[str, Any]:
    """`high`'s values over `low`'s; severities and tags combine kind by kind."""
    merged = {**low, **high}
    for key in ("severity", "tags"):
        if key in low and key in high:
            merged[key] = {**low[key], **high[key]}
    return merged


def combine(editor: dict[str, Any], file: dict[str, Any]) -> dict[str, Any]:
    """The values in force, by the editor's configurationPreference (editorFirst by default:
    what the editor sets wins, the file fills the rest)."""
    preference = editor.get("preference", "editorFirst")
    if preference == "editorOnly":
        return dict(editor)
    if preference == "filesystemFirst":
        return merge(editor, file)
    return merge(file, editor)


@dataclass(frozen=True)
class FileConfig:
    """The configuration file that applies to a folder (path None: there is none)."""

    path: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    # `baseline`: a file key only (check --baseline), relative to the file's folder.
    baseline: Path | None = None


def find_config(start: Path) -> Path | None:
    """The nearest hybridize.toml, or pyproject.toml with a [tool.hybridize] table, in `start`
    (a file's folder when it is a file) or a folder above it."""
    start = start.absolute()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        for name in FILE_NAMES:
            path = candidate / name
            try:
                if not path.is_file():
                    continue
            except OSError:  # a folder we may not look into: as if there were no file
                continue
            if name == "hybridize.toml" or _has_table(path):
                return path
    return None


def _has_table(pyproject: Path) -> bool:
    """Whether a pyproject.toml has [tool.hybridize] (one that does not parse says so later:
    it is taken, so that the problem is reported rather than skipped silently)."""
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    try:
        return isinstance(tomllib.loads(text).get("tool", {}).get("hybridize"), dict)
    except tomllib.TOMLDecodeError:
        return "[tool.hybridize]" in text
    except AttributeError:  # `tool` is not a table
        return False


def read_config(path: Path) -> FileConfig:
    """The valid values of the file and its problems, each naming the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return FileConfig(path, {}, (f"{path}: cannot be read as TOML ({exc})",))
    if path.name == "pyproject.toml":
        tool = data.get("tool")
        table, prefix = (tool.get("hybridize", {}) if isinstance(tool, dict) else {},
                         "[tool.hybridize] ")
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        return FileConfig(path, {}, (f"{path}: {prefix.strip() or 'the file'} must be a table",))
    table = dict(table)
    baseline, baseline_problems = None, []
    if "baseline" in table:
        value = table.pop("baseline")
        if isinstance(value, str) and value:
            baseline = path.parent / value
        else:
            baseline_problems.append(f"{prefix}baseline must be a file name, not {value!r}")
    values, problems = validate(table, prefix, editor=False)
    return FileConfig(path, values, tuple(f"{path}: {problem}"
                                          for problem in baseline_problems + problems), baseline)


def load_config(start: Path) -> FileConfig:
    """The configuration file for `start` (see find_config), read; an empty one if none."""
    path = find_config(start)
    return FileConfig() if path is None else read_config(path)
