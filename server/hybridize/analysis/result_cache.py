"""The last command-line result of a root, reused whole when nothing it depends on changed
(docs/cache.md, "Warm runs").

A `check` of an unchanged tree needs neither the summaries nor the whole-program state: the
verdicts are those of the last run when the same engine, with the same settings, paths and
exclusions, finds the same files with the same bytes. So after a full run the result is kept
next to the snapshot (signed and data-only, through cache_file.py like the snapshot) with each
file's (mtime, size) as they were before it was read. A later run lists the files again and
stats them; a file whose stat differs is read and hashed, and still counts as unchanged when its
SHA-256 is the one the result was computed from (a `touch`, a checkout of the same bytes).
Anything else (a file added, removed, changed, unreadable, or another key) means a full run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from hybridize.analysis.cache_file import Rejected, read_snapshot_payload, write_snapshot_payload
from hybridize.analysis.model import AnalysisResult

log = logging.getLogger("hybridize.cache")

Signature = tuple[str, int, int]  # (path relative to the root, mtime_ns, size)
RACY_NS = 2_000_000_000  # coarse file systems keep mtimes to 1 or 2 s


@dataclass
class StoredResult:
    key: str  # engine, settings, paths, exclusions and observed types: see result_key
    files: list[Signature]  # every analysed file, as stat saw it before it was read
    listing_errors: list[str]  # what listing the files reported (unreadable entries...)
    result: AnalysisResult


def result_path(cache_dir: Path, root: Path) -> Path:
    name = hashlib.sha256(str(root).encode()).hexdigest()[:24]
    return Path(cache_dir) / "results" / f"{name}.pickle"


def result_key(engine: str, settings: object, paths: list[Path], exclude: list[str],
               observed: Path | None) -> str:
    """Everything besides the files that the verdicts depend on, as one digest."""
    digest = hashlib.sha256()
    parts = [engine, repr(settings), repr([os.path.abspath(p) for p in paths]),
             repr(list(exclude))]
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    if observed is not None:  # the observed types of a verify run are evidence too
        try:
            digest.update(hashlib.sha256(observed.read_bytes()).digest())
        except OSError:
            digest.update(b"no observations")
    return digest.hexdigest()


def signatures(files: list[tuple[str, Path]]) -> list[Signature] | None:
    """(rel, mtime_ns, size) of each file; None when one cannot be stat'ed."""
    out: list[Signature] = []
    for rel, path in files:
        try:
            status = os.stat(path)
        except OSError:
            return None
        out.append((rel, status.st_mtime_ns, status.st_size))
    return out


def load_result(path: Path, key: str, files: list[tuple[str, Path]],
                listing_errors: list[str]) -> AnalysisResult | None:
    """The stored result when it still holds for these files (see the module's docstring)."""
    try:
        stored = read_snapshot_payload(path)
    except FileNotFoundError:
        return None
    except Rejected as exc:
        log.log(exc.level, "ignoring the cached result: %s", exc)
        return None
    except OSError as exc:
        log.info("cannot read the cached result %s: %s", path, exc)
        return None
    if not isinstance(stored, StoredResult) or stored.key != key or \
            stored.listing_errors != listing_errors or len(stored.files) != len(files):
        return None
    digests = stored.result.digests
    for (rel, mtime, size), (now_rel, file) in zip(stored.files, files, strict=True):
        if rel != now_rel:
            return None
        try:
            status = os.stat(file)
        except OSError:
            return None
        if (status.st_mtime_ns, status.st_size) == (mtime, size):
            continue
        if rel not in digests or status.st_size != size:
            return None
        try:
            with open(file, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() != digests[rel]:
                    return None
        except OSError:
            return None
    return stored.result


def save_result(path: Path, key: str, files: list[Signature], listing_errors: list[str],
                result: AnalysisResult, started_ns: int) -> None:
    """Keeps the result for the next run; a failure only loses this cache. A file modified
    less than RACY_NS before the run started (`started_ns`, wall clock) may change again
    within its file system's mtime granularity: it is hashed next time, whatever its stat."""
    if result.notebooks:
        return  # their cell maps are not analysis data: such a root is analysed every time
    files = [(rel, mtime if mtime < started_ns - RACY_NS else -1, size)
             for rel, mtime, size in files]
    try:
        write_snapshot_payload(path, StoredResult(key, files, listing_errors, result))
    except Rejected as exc:
        log.log(exc.level, "not saving the result: %s", exc)
    except (OSError, RecursionError, pickle.PicklingError) as exc:
        log.info("cannot save the result %s: %s", path, exc)
