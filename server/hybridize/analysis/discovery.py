"""Find the workspace's files: every `*.py` and `*.ipynb` under the given files and folders.

`discover` walks the folders; with a `Listing` (the language server keeps one per workspace
folder) a folder is listed again only when its own modification time says an entry was added,
removed or renamed since, so a run after an edit does not list 1,300 folders again (about 90 ms
on 250 KLOC). Every file found is still checked on every run (a regular file, within the size
limit), and the result is the one `os.walk` gives: the same files, errors and order.

A caller that is told of every change on disk (the language server, when the editor watches the
workspace's files for it) may do better: `Listing.reuse` set before a run says nothing on disk
changed since the last walk, and that walk's result is given again without a single `stat`
(10-11 ms per edit on 1,386 files: one stat per file). The server sets it only for a run that
no file-system event (watched files, save, open, close) preceded. A result older than REUSE_S
is not given again: an editor that misses an event (a folder its user excluded from watching)
shows the disk's state a few seconds late, not for the rest of the session.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from hybridize.analysis.model import FileError
from hybridize.notebook.reader import is_notebook

MAX_FILE_BYTES = 8 * 1024 * 1024
# A notebook's size is mostly its outputs (plots): only its code cells are analysed.
MAX_NOTEBOOK_BYTES = 64 * 1024 * 1024
SKIPPED_DIRS = frozenset({"__pycache__", "node_modules", ".git", ".hg", ".svn", ".venv", "venv",
                          ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist"})


@dataclass
class SourceFile:
    path: Path  # absolute
    rel: str  # relative to the root, '/' separators
    # The stat of this discovery (links followed): the workspace's change check reuses it.
    status: os.stat_result | None = None


@dataclass
class Workspace:
    root: Path
    files: list[SourceFile]
    errors: list[FileError] = field(default_factory=list)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def display_name(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by the OS as surrogate escapes, which
    no report encoding accepts) are shown as `\\xff`."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


class RejectedFile(Exception):
    """A `*.py` that is not read at all: not a regular file, or too large."""


def size_limit(name: str) -> int:
    return MAX_NOTEBOOK_BYTES if is_notebook(name) else MAX_FILE_BYTES


def check_regular(status: os.stat_result, limit: int = MAX_FILE_BYTES) -> None:
    # A FIFO blocks its reader until a writer comes; a device (a link to /dev/zero) never ends.
    if not stat.S_ISREG(status.st_mode):
        raise RejectedFile("cannot read: not a regular file")
    if status.st_size > limit:
        raise RejectedFile(f"skipped: larger than {limit // 2**20} MiB")


def read_source(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. The checks run on the opened file
    (the path may change in between); O_NONBLOCK keeps `open` itself from waiting on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | \
        getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        check_regular(os.fstat(fd), limit)
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since fstat
    finally:
        os.close(fd)
    if len(data) > limit:
        raise RejectedFile(f"skipped: larger than {limit // 2**20} MiB")
    return data


def is_source(name: str) -> bool:
    """A file the analysis reads: Python, or a Jupyter notebook (its code cells)."""
    return name.endswith(".py") or is_notebook(name)


def discover(paths: Iterable[Path], exclude: Iterable[str] = (),
             listing: Listing | None = None) -> Workspace:
    """Every `*.py` and `*.ipynb` under the given files and folders. Unreadable entries become
    errors. `listing`: the folders' entries as an earlier call listed them, reused where a
    folder has not changed since (see `Listing`)."""
    given = [Path(os.path.abspath(p)) for p in paths]
    root = root_of(given)
    patterns = list(exclude)
    walked_at = time.monotonic()  # before the walk: what changes during it is seen next time
    if listing is not None:
        asked = (tuple(map(str, given)), tuple(patterns))
        last, listing.last = listing.last, None
        reuse, listing.reuse = listing.reuse, False  # for this one walk
        if reuse and last is not None and last[0] == asked and \
                time.monotonic() - last[2] < REUSE_S:
            listing.last = last
            # Copies: the caller adds its editor buffers to the list.
            return Workspace(last[1].root, list(last[1].files), list(last[1].errors))
    files: list[SourceFile] = []
    errors: list[FileError] = []
    seen: set[str] = set()

    def excluded(rel: str) -> bool:
        return any(fnmatch(rel, pattern) or fnmatch(rel.split("/")[-1], pattern)
                   for pattern in patterns)

    def named(path: Path) -> tuple[str, FileError | None] | None:
        return named_rel(_relative(path, root))

    def named_rel(rel: str) -> tuple[str, FileError | None] | None:
        """What the walk alone decides of a file: its name relative to the root and the
        error its name is, or None when it is excluded."""
        if excluded(rel):
            return None
        shown = display_name(rel)
        if shown != rel:
            # Such a name cannot be a module name, nor be written in any report: listed only.
            return rel, FileError(shown, None, "skipped: the file name is not valid UTF-8")
        return rel, None

    def add_file(path: Path, name: tuple[str, FileError | None] | None) -> None:
        if name is None or name[0] in seen:
            return
        rel, bad = name
        seen.add(rel)
        if bad is not None:
            errors.append(bad)
            return
        try:
            # Follows links: fails on loops and dangling links.
            status = os.stat(path)
            check_regular(status, size_limit(path.name))
        except OSError as exc:
            errors.append(FileError(rel, None, f"cannot read: {exc.strerror or exc}"))
            return
        except RejectedFile as exc:
            errors.append(FileError(rel, None, str(exc)))
            return
        files.append(SourceFile(path, rel, status))

    def on_walk_error(exc: OSError) -> None:
        errors.append(FileError(display_name(_relative(Path(exc.filename or root), root)), None,
                                f"cannot read: {exc.strerror or exc}"))

    def folder(dirpath: str, dirnames: list[str], filenames: list[str]) -> Entries:
        """A listed folder's share of the walk: the subfolders to walk into, the files with
        their names, the `.py` folders (an error each)."""
        folder_path = Path(dirpath)
        # The folder's name relative to the root, once: pathlib's relative_to per file was a
        # third of a warm run's listing.
        base = _relative(folder_path, root)
        prefix = "" if base == "." else base + "/"
        subfolders = sorted(d for d in dirnames if d not in SKIPPED_DIRS
                            and not d.startswith(".") and not excluded(prefix + d))
        found = [(folder_path / name, named_rel(prefix + name)) for name in sorted(filenames)
                 if is_source(name)]
        py_dirs = [(Path(dirpath) / name, display_name(_relative(Path(dirpath) / name, root)))
                   for name in subfolders if name.endswith(".py")]
        return subfolders, found, py_dirs

    walk = listing.walk(root, patterns, folder) if listing is not None else \
        _walked(folder)
    for start in given:
        if not start.is_dir():
            if is_source(start.name) or start.exists() or start.is_symlink():
                add_file(start, named(start))
            continue
        for _, found, py_dirs in walk(str(start), on_walk_error):
            for path, name in found:
                add_file(path, name)
            for full, shown in py_dirs:
                if full.is_dir():
                    errors.append(FileError(shown, None, "cannot read: is a directory"))
    files.sort(key=lambda f: f.rel)
    if listing is not None:
        listing.last = (asked, Workspace(root, list(files), list(errors)), walked_at)
    return Workspace(root, files, errors)


# A folder's share of the walk: (subfolders walked into, [(file, (rel, error) or None)],
# [(`.py` subfolder, its name)]).
Entries = tuple[list[str], list[tuple[Path, "tuple[str, FileError | None] | None"]],
                list[tuple[Path, str]]]
Lister = Callable[[str, list[str], list[str]], Entries]


def _walked(folder: Lister) -> Callable[[str, Callable[[OSError], None]], Iterator[Entries]]:
    def walk(start: str, onerror: Callable[[OSError], None]) -> Iterator[Entries]:
        for dirpath, dirnames, filenames in os.walk(start, onerror=onerror):
            entries = folder(dirpath, dirnames, filenames)
            dirnames[:] = entries[0]
            yield entries
    return walk


# A folder modified this recently (seconds) may change again within the same timestamp tick
# (file systems keep coarse clocks): it is listed again next time rather than trusted.
RACY_S = 2.0
# How long a walk's result may be given again to a caller told of every change (`reuse`).
REUSE_S = 10.0


class Listing:
    """The folders' entries from the last walk, each with the folder's identity and modification
    time when it was listed. Adding, removing or renaming an entry changes the folder's own
    modification time; a folder whose time is unchanged is not listed again. A folder with a
    symbolic link among its entries is always listed again (where a link points can change
    without its folder changing), and so is one modified within RACY_S of its listing."""

    def __init__(self) -> None:
        self.key: tuple[str, tuple[str, ...]] | None = None
        # folder -> ((device, inode, mtime_ns), its Entries)
        self.folders: dict[str, tuple[tuple[int, int, int], Entries]] = {}
        self.listed = 0  # folders listed again by the last walk (for measurements)
        # Set by a caller told of every change on disk: the next `discover` gives the last
        # one's result again (see the module doc). Cleared by that `discover`.
        self.reuse = False
        # ((the paths, the exclude patterns) asked, the result, time.monotonic() of its walk)
        # of the last `discover`.
        self.last: tuple[tuple[tuple[str, ...], tuple[str, ...]], Workspace, float] | None = \
            None
        # The module names of the files, with the package folders and prefix they are for
        # (workspace._names_memo).
        self.names: tuple[tuple[frozenset[str], tuple[str, ...]], dict] | None = None

    def walk(self, root: Path, patterns: list[str], folder: Lister
             ) -> Callable[[str, Callable[[OSError], None]], Iterator[Entries]]:
        key = (str(root), tuple(patterns))
        # What this walk does not visit again (a deleted folder) is forgotten.
        seen, self.folders = (self.folders if key == self.key else {}), {}
        self.key = key
        self.listed = 0
        kept: dict[str, tuple[tuple[int, int, int], Entries]] = {}

        def visit(start: str, onerror: Callable[[OSError], None]) -> Entries | None:
            """One folder's entries: kept from the last walk when its identity and time are
            unchanged, else listed again; None when it cannot be listed."""
            try:
                status = os.stat(start)
            except OSError:
                status = None
            mark = None if status is None else (status.st_dev, status.st_ino,
                                                 status.st_mtime_ns)
            cached = seen.get(start)
            if cached is not None and mark is not None and cached[0] == mark:
                kept[start] = cached
                return cached[1]
            listed = _list(start, onerror)
            if listed is None:
                return None
            dirnames, filenames, linked = listed
            entries = folder(start, dirnames, filenames)
            self.listed += 1
            if mark is not None and not linked and time.time_ns() - mark[2] > RACY_S * 1e9:
                kept[start] = (mark, entries)
            return entries

        def walk_all(start: str, onerror: Callable[[OSError], None]) -> Iterator[Entries]:
            # os.walk, top-down, links to folders not followed, one folder at a time. With a
            # stack, not a generator that calls itself: such a closure refers to itself, a
            # reference cycle left to the cyclic GC, which the language server runs rarely.
            pending = [start]
            while pending:
                path = pending.pop()
                entries = visit(path, onerror)
                if entries is None:
                    continue
                yield entries
                children = [os.path.join(path, name) for name in entries[0]]
                pending.extend(reversed([c for c in children if not os.path.islink(c)]))
            self.folders.update(kept)

        return walk_all


def _list(top: str, onerror: Callable[[OSError], None]
          ) -> tuple[list[str], list[str], bool] | None:
    """One folder's entries as os.walk sorts them into folders and the rest (Python 3.11's
    `os._walk`), and whether any is a symbolic link; None when it cannot be listed."""
    dirs: list[str] = []
    nondirs: list[str] = []
    linked = False
    try:
        scandir_it = os.scandir(top)
    except OSError as error:
        onerror(error)
        return None
    with scandir_it:
        while True:
            try:
                try:
                    entry = next(scandir_it)
                except StopIteration:
                    break
            except OSError as error:
                onerror(error)
                return None
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            try:
                linked = linked or entry.is_symlink()
            except OSError:
                linked = True
            (dirs if is_dir else nondirs).append(entry.name)
    return dirs, nondirs, linked


def root_of(paths: list[Path]) -> Path:
    given = [Path(os.path.abspath(p)) for p in paths]
    if len(given) == 1:
        return given[0] if given[0].is_dir() else given[0].parent
    return Path(os.path.commonpath([str(p if p.is_dir() else p.parent) for p in given]))


