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

The file holds, after the signature, a JSON header (the key, the files' stats and digests, the
views' lengths, a random generation), then "views": bytes that the caller derived from the result
when it was saved (the command line keeps its JSON report there, so that a warm `--format json`
run copies it instead of decoding 8,000 reports and encoding them again). The result itself is
pickled in a second signed file that starts with the same generation (read by the data-only
unpickler, and only when a caller asks for it). This module imports no more of the engine than
discovery.py and the data classes: the command line's warm path uses it alone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hybridize import __version__
from hybridize.analysis.cache_file import (
    Rejected,
    cache_entry,
    dump_data,
    load_data,
    read_signed,
    read_unverified,
    verify,
    write_signed,
)
from hybridize.analysis.discovery import discover, root_of
from hybridize.analysis.model import AnalysisResult
from hybridize.analysis.settings import Settings

log = logging.getLogger("hybridize.cache")

Signature = tuple[str, int, int]  # (path relative to the root, mtime_ns, size)
RACY_NS = 2_000_000_000  # coarse file systems keep mtimes to 1 or 2 s
FORMAT = b"hybridize-result-5\n"
Chunks = Sequence[bytes]  # a view, in pieces written one after the other
LENGTH_BYTES = 8


@functools.cache
def engine_digest() -> str:
    """A digest of the analysis code and its data tables: a cache entry written by another
    engine is ignored even when nobody remembered to bump a format (cold and warm runs must
    agree)."""
    folder = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*folder.glob("*.py"), *folder.glob("data/*")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def result_path(cache_dir: Path, root: Path) -> Path:
    """The header and views (see the module's doc); the result is in result_file."""
    return cache_entry(cache_dir, "results", root, ".pickle")


def result_file(path: Path) -> Path:
    """The pickled result beside the header file `path`: a warm JSON run does not read it."""
    return path.with_suffix(".result")


def observed_file(cache_dir: Path, root: Path) -> Path:
    """observed.observed_path, without importing the engine (tests/test_result_cache.py checks
    that they agree)."""
    return cache_entry(cache_dir, "observed", root, ".json")


def result_key(settings: Settings, paths: list[Path], exclude: list[str],
               observed: Path | None) -> str:
    """Everything besides the files that the verdicts depend on, as one digest."""
    digest = hashlib.sha256()
    parts = [__version__, engine_digest(), repr(settings),
             repr([os.path.abspath(p) for p in paths]), repr(list(exclude))]
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


@dataclass
class Stored:
    """A kept result that still holds: its views at once, the result itself on demand."""

    path: Path
    data: bytes = field(repr=False)
    generation: str  # the header's, which the result's file must repeat
    views: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (start, end)
    header: dict = field(default_factory=dict, repr=False)

    def view(self, name: str) -> memoryview | None:
        where = self.views.get(name)
        return None if where is None else memoryview(self.data)[where[0]:where[1]]

    def add_views(self, views: Mapping[str, Chunks]) -> None:
        """Keeps more views of the same result (a warm run that had to decode it, for another
        report): the header file is written again with them; a failure only loses them."""
        if not views:
            return
        kept = [(other, [self.view(other)]) for other in self.views if other not in views]
        named = sorted([*kept, *((name, list(chunks)) for name, chunks in views.items())],
                       key=lambda item: item[0])
        header = dict(self.header, views=[[other, sum(map(len, pieces))]
                                          for other, pieces in named])
        encoded = json.dumps(header).encode()

        def write(out) -> None:  # type: ignore[no-untyped-def]
            out.write(FORMAT + len(encoded).to_bytes(LENGTH_BYTES, "big") + encoded)
            for _, pieces in named:
                for piece in pieces:
                    out.write(piece)

        try:
            write_signed(self.path, write)
        except Rejected as exc:
            log.log(exc.level, "not saving the result's view: %s", exc)
        except OSError as exc:
            log.info("cannot save the result's view %s: %s", self.path, exc)

    def result(self) -> AnalysisResult | None:
        """The result itself, from its own signed file (result_file), if it is the one this
        header was saved with."""
        path = result_file(self.path)
        try:
            data, start = read_signed(path)
            mark = f"{self.generation}\n".encode()
            if data[start:start + len(mark)] != mark:
                log.info("ignoring the cached result %s: saved by another run", path)
                return None
            value = load_data(data, start + len(mark), path)
        except Rejected as exc:
            log.log(exc.level, "ignoring the cached result: %s", exc)
            return None
        except OSError as exc:
            log.info("cannot read the cached result %s: %s", path, exc)
            return None
        return value if isinstance(value, AnalysisResult) else None


@dataclass
class Lookup:
    """What a run found in the result cache, and what it needs to save its own result."""

    path: Path
    key: str
    stats: list[Signature] | None
    listing_errors: list[str]
    started: float  # perf_counter, for the reused result's `seconds`
    started_ns: int  # wall clock, for save's racy mtimes
    stored: Stored | None
    # The kept result's header when it does not hold only because files changed (same key,
    # same files listed): same_program.py may still show that its result is this run's.
    previous: Previous | None = None

    def save(self, result: AnalysisResult, views: Mapping[str, Chunks] | None = None,
             programs: Mapping[str, str] | None = None) -> None:
        if self.stats is not None:
            save_result(self.path, self.key, self.stats, self.listing_errors, result,
                        self.started_ns, views, programs)


@dataclass
class Previous:
    """The kept result of the same key and files, some of whose bytes changed since. Its
    header is read but not yet verified: `result` checks its signature first (the HMAC of
    30 MB is only computed when the result would be used); `drop` lets its bytes go."""

    path: Path
    data: bytes = field(repr=False)
    generation: str
    # file -> the digest of the module summary the result was computed from
    # (ModuleSummary.digest: the snapshot holds that summary when it has that digest)
    programs: dict[str, str]

    def result(self) -> AnalysisResult | None:
        """The kept result, if the header (whose `programs` the caller compared) is signed."""
        try:
            verify(self.data, self.path)
        except Rejected as exc:
            log.log(exc.level, "ignoring the cached result: %s", exc)
            return None
        finally:
            self.drop()
        return Stored(self.path, b"", self.generation).result()

    def drop(self) -> None:
        self.data = b""


def lookup(paths: list[Path], settings: Settings, cache_dir: Path,
           exclude: Iterable[str]) -> Lookup:
    """Lists and stats the files under `paths` and finds the kept result if it still holds."""
    started, started_ns = time.perf_counter(), time.time_ns()
    root = root_of(paths)
    listing = discover(paths, exclude)
    files = [(f.rel, f.path) for f in listing.files]
    listed = [repr(e) for e in listing.errors]
    observed = None if settings.observed_from is None else \
        observed_file(settings.observed_from, root)
    key = result_key(settings, paths, list(exclude), observed)
    stats = signatures(files)
    path = result_path(Path(cache_dir), root)
    near: list[Previous] = []
    stored = load_stored(path, key, files, listed, stats, near) if stats else None
    return Lookup(path, key, stats, listed, started, started_ns, stored,
                  near[0] if near else None)


def _header(data: bytes, start: int) -> tuple[dict, int] | None:
    if data[start:start + len(FORMAT)] != FORMAT:
        return None
    at = start + len(FORMAT)
    size = int.from_bytes(data[at:at + LENGTH_BYTES], "big")
    at += LENGTH_BYTES
    header = json.loads(data[at:at + size])
    return (header, at + size) if isinstance(header, dict) else None


def _holds(header: dict, key: str, files: list[tuple[str, Path]], listing_errors: list[str],
           stats: list[Signature] | None) -> bool:
    """Whether the result the header describes holds for these files (the module's doc);
    `stats`: their signatures, taken by the caller (else stat'ed here)."""
    stored_files = header.get("files")
    if header.get("key") != key or header.get("listing_errors") != listing_errors or \
            not isinstance(stored_files, list) or len(stored_files) != len(files):
        return False
    digests = header.get("digests") or {}
    now = stats if stats is not None else signatures(files)
    if now is None:
        return False
    for (rel, mtime, size), (now_rel, now_mtime, now_size), (_, file) in \
            zip(stored_files, now, files, strict=True):
        if rel != now_rel:
            return False
        if (now_mtime, now_size) == (mtime, size):
            continue
        if rel not in digests or now_size != size:
            return False
        try:
            with open(file, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() != digests[rel]:
                    return False
        except OSError:
            return False
    return True


def _near(header: dict, key: str, files: list[tuple[str, Path]],
          listing_errors: list[str]) -> bool:
    """Whether the header is of a result of the same key, files and listing (their bytes
    aside), with the summaries it was computed from."""
    stored_files = header.get("files")
    programs = header.get("programs")
    return header.get("key") == key and header.get("listing_errors") == listing_errors and \
        isinstance(stored_files, list) and len(stored_files) == len(files) and \
        all(isinstance(entry, list) and entry and entry[0] == rel
            for entry, (rel, _) in zip(stored_files, files, strict=True)) and \
        isinstance(header.get("generation"), str) and isinstance(programs, dict) and \
        all(isinstance(k, str) and isinstance(v, str) for k, v in programs.items())


def load_stored(path: Path, key: str, files: list[tuple[str, Path]],
                listing_errors: list[str], stats: list[Signature] | None = None,
                near: list[Previous] | None = None) -> Stored | None:
    """The stored result when it still holds for these files (see the module's docstring).
    `near`: gets the result's `Previous` when only the bytes of some files differ."""
    try:
        data, start = read_unverified(path)
    except FileNotFoundError:
        return None
    except Rejected as exc:
        log.log(exc.level, "ignoring the cached result: %s", exc)
        return None
    except OSError as exc:
        log.info("cannot read the cached result %s: %s", path, exc)
        return None
    # A header that says the result no longer holds ends the matter before the tag is checked
    # (an HMAC of 50 MB on every run that changed something); what is used is checked first.
    try:
        found = _header(data, start)
        holds = found is not None and _holds(found[0], key, files, listing_errors, stats)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        found, holds = None, False
    if found is not None and not holds:
        if near is not None and _near(found[0], key, files, listing_errors):
            near.append(Previous(path, data, found[0]["generation"], found[0]["programs"]))
        return None
    try:
        verify(data, path)
    except Rejected as exc:
        log.log(exc.level, "ignoring the cached result: %s", exc)
        return None
    if found is None:
        log.info("ignoring the cached result %s: written by another version", path)
        return None
    header, at = found
    views: dict[str, tuple[int, int]] = {}
    for name, size in header.get("views", []):
        views[str(name)] = (at, at + int(size))
        at += int(size)
    if at != len(data) or not isinstance(header.get("generation"), str):
        log.info("ignoring the cached result %s: its sections do not add up", path)
        return None
    return Stored(path, data, header["generation"], views, header)


def save_result(path: Path, key: str, files: list[Signature], listing_errors: list[str],
                result: AnalysisResult, started_ns: int,
                views: Mapping[str, Chunks] | None = None,
                programs: Mapping[str, str] | None = None) -> None:
    """Keeps the result (and the caller's views of it) for the next run; a failure only loses
    this cache. A file modified less than RACY_NS before the run started (`started_ns`, wall
    clock) may change again within its file system's mtime granularity: it is hashed next
    time, whatever its stat."""
    if result.notebooks:
        return  # their cell maps are not analysis data: such a root is analysed every time
    files = [(rel, mtime if mtime < started_ns - RACY_NS else -1, size)
             for rel, mtime, size in files]
    try:
        # The result first, in its own file, then the header that names its generation: a
        # run that stops in between leaves a header whose result is not there (ignored).
        generation = secrets.token_hex(16)

        def write_result(out) -> None:  # type: ignore[no-untyped-def]
            out.write(f"{generation}\n".encode())
            dump_data(result, out)  # streamed: no copy of the pickle in memory

        write_signed(result_file(path), write_result)
        named = sorted((views or {}).items())
        header = json.dumps({"key": key, "generation": generation, "files": files,
                             "listing_errors": listing_errors, "digests": result.digests,
                             **({} if programs is None else {"programs": dict(programs)}),
                             "views": [[name, sum(map(len, chunks))]
                                       for name, chunks in named]}).encode()

        def write(out) -> None:  # type: ignore[no-untyped-def]
            out.write(FORMAT + len(header).to_bytes(LENGTH_BYTES, "big") + header)
            for _, chunks in named:
                for chunk in chunks:
                    out.write(chunk)

        write_signed(path, write)
    except Rejected as exc:
        log.log(exc.level, "not saving the result: %s", exc)
    except (OSError, RecursionError, pickle.PicklingError) as exc:
        log.info("cannot save the result %s: %s", path, exc)

