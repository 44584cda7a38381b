"""The snapshot file on disk, made so that reading it cannot run code (docs/cache.md).

A pickle runs whatever callables it names when loaded, and the cache folder (`--cache-dir`,
`$XDG_CACHE_HOME`) may be written by someone else: a shared or checked-out cache, another user.
So a snapshot file is `MAGIC + HMAC-SHA256(key, MAGIC + file name + payload) + payload`, where the
key is 32 random bytes made for this user on first use and kept outside any cache folder
(`$XDG_CONFIG_HOME/hybridize/cache-key`, mode 0600). The tag is checked before a byte of the
payload is unpickled, and the unpickler only builds the analysis' own data classes, so even a
leaked key cannot make it call anything else.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import hmac
import importlib
import io
import logging
import os
import pickle
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("hybridize.cache")

MAGIC = b"HYBRIDIZE-SNAPSHOT-HMAC-SHA256-1\n"
TAG_BYTES = hashlib.sha256().digest_size
KEY_BYTES = 32
# The only modules whose classes a snapshot may name: the analysis' data classes.
ALLOWED_PREFIX = "hybridize.analysis."
ALLOWED_BUILTINS = {("builtins", "set"): set, ("builtins", "frozenset"): frozenset}


class Rejected(Exception):
    """The snapshot file was not used; the message says why, for the log. `level` is WARNING
    when the file may have been forged (a bad tag, a key others can read), INFO otherwise."""

    def __init__(self, message: str, level: int = logging.INFO) -> None:
        super().__init__(message)
        self.level = level


class Abandoned(Exception):
    """A snapshot being written was given up (its `stop` said so between two pieces): the
    temporary file is removed and nothing at the path changed."""


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hybridize"


def cache_entry(cache_dir: Path | str, kind: str, root: Path | str, suffix: str) -> Path:
    """Where the cache keeps `kind` (workspaces, results, observed) for the root `root`."""
    name = hashlib.sha256(str(root).encode()).hexdigest()[:24]
    return Path(cache_dir) / kind / f"{name}{suffix}"


def key_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "hybridize" / "cache-key"


def _read_regular(path: Path, limit: int, private: bool) -> bytes:
    """The bytes of a regular file, opened without following a symlink or blocking on a FIFO;
    with `private`, only if the file is this user's alone."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Rejected(f"{path} is not a regular file")
        if info.st_size > limit:
            raise Rejected(f"{path} is larger than {limit} bytes")
        if private:
            _check_private(path, info)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit + 1)
    finally:
        os.close(fd)


def _check_private(path: Path, info: os.stat_result) -> None:
    """The key must be this user's alone: another user who can read it can sign a snapshot."""
    if sys.platform == "win32":
        return  # no POSIX modes; the file lives in the user's profile
    if info.st_uid != os.getuid():
        raise Rejected(f"{path} belongs to another user", logging.WARNING)
    if info.st_mode & 0o077:
        raise Rejected(f"{path} can be read or written by other users (chmod 600 it)",
                       logging.WARNING)


def load_key(create: bool) -> bytes:
    """This user's cache key, made on first use when `create`; raises Rejected otherwise."""
    path = key_path()
    try:
        text = _read_regular(path, 256, private=True)
    except FileNotFoundError:
        if not create:
            raise Rejected(f"no cache key yet ({path})") from None
        return _create_key(path)
    except OSError as exc:
        raise Rejected(f"cannot read the cache key {path}: {exc}") from None
    try:
        key = bytes.fromhex(text.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        raise Rejected(f"the cache key {path} is not {KEY_BYTES} bytes in hex") from None
    if len(key) != KEY_BYTES:
        raise Rejected(f"the cache key {path} is not {KEY_BYTES} bytes in hex")
    return key


def _create_key(path: Path) -> bytes:
    key = secrets.token_bytes(KEY_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # mkstemp makes the file 0600; link() publishes it whole and fails if another process
        # made the key meanwhile, in which case that key wins.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".cache-key.")
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(key.hex() + "\n")
            try:
                os.link(tmp, path)
            except FileExistsError:
                return load_key(create=False)
            except OSError:  # no hard links here (some Windows or network file systems)
                os.replace(tmp, path)
                tmp = ""
        finally:
            if tmp:
                os.unlink(tmp)
    except OSError as exc:
        raise Rejected(f"cannot create the cache key {path}: {exc}") from None
    log.info("created the cache key %s", path)
    return key


def _mac(key: bytes, path: Path) -> hmac.HMAC:
    mac = hmac.new(key, MAGIC, hashlib.sha256)
    # The file name binds a snapshot to its root (the name is a hash of the root's path).
    mac.update(path.name.encode("utf-8", "surrogateescape") + b"\0")
    return mac


class _SigningWriter:
    """A file for the pickler that also feeds every byte to the HMAC (no in-memory copy)."""

    def __init__(self, handle: io.BufferedWriter, mac: hmac.HMAC) -> None:
        self.handle = handle
        self.mac = mac

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.handle.write(data)


class _DataOnlyUnpickler(pickle.Unpickler):
    """Builds only the analysis' data classes (dataclasses and enums) and sets: no other
    callable can be reached, whatever the bytes say."""

    def find_class(self, module: str, name: str) -> type:
        allowed = ALLOWED_BUILTINS.get((module, name))
        if allowed is not None:
            return allowed
        if module.startswith(ALLOWED_PREFIX) and name.isidentifier():
            found = getattr(importlib.import_module(module), name, None)
            if (isinstance(found, type) and found.__module__ == module
                    and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum))):
                return found
        raise pickle.UnpicklingError(f"a snapshot may not name {module}.{name}")


def read_signed(path: Path, max_bytes: int = 2**31) -> tuple[bytes, int]:
    """The bytes of the file at `path` and where its payload starts in them, after checking
    its tag; raises Rejected (or OSError)."""
    data, start = read_unverified(path, max_bytes)
    verify(data, path)
    return data, start


def read_unverified(path: Path, max_bytes: int = 2**31) -> tuple[bytes, int]:
    """read_signed without checking the tag yet (`verify` does): for a caller that may find
    from data-only bytes (JSON) that it will not use the file. Nothing read is trusted before
    `verify`."""
    data = _read_regular(path, max_bytes, private=False)
    if not data.startswith(MAGIC):
        raise Rejected(f"{path} is not a signed snapshot (an older version wrote it?)")
    return data, len(MAGIC) + TAG_BYTES


def verify(data: bytes, path: Path) -> None:
    """Raises Rejected unless `data` (a whole file read from `path`) has this user's tag."""
    key = load_key(create=False)
    view = memoryview(data)
    tag = view[len(MAGIC):len(MAGIC) + TAG_BYTES]
    payload = view[len(MAGIC) + TAG_BYTES:]
    mac = _mac(key, path)
    mac.update(payload)
    if not hmac.compare_digest(tag, mac.digest()):
        raise Rejected(f"{path} was not written by hybridize with this user's key "
                       f"({key_path()}): not loaded", logging.WARNING)


def load_data(data: bytes, start: int, path: Path) -> object:
    """The analysis data pickled in `data` from `start` on (signed bytes read from `path`):
    only the analysis' data classes are built (_DataOnlyUnpickler); raises Rejected."""
    try:
        stream = io.BytesIO(data)  # shares `data` (no copy) until written to
        stream.seek(start)
        return _DataOnlyUnpickler(stream).load()
    except (pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, KeyError, RecursionError) as exc:
        raise Rejected(f"{path} cannot be read: {exc}", logging.WARNING) from None


def read_snapshot_payload(path: Path, max_bytes: int = 2**31) -> object:
    """The object stored at `path` (by write_snapshot_payload), after checking its tag; raises
    Rejected (or OSError)."""
    data, start = read_signed(path, max_bytes)
    try:
        return _load_parted(data, start)
    except (pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, KeyError, RecursionError) as exc:
        raise Rejected(f"{path} cannot be read: {exc}", logging.WARNING) from None


def write_signed(path: Path, write: Callable[[_SigningWriter], None]) -> None:
    """Stores what `write` writes at `path`, signed (atomically, mode 0600); raises Rejected or
    OSError."""
    key = load_key(create=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + bytes(TAG_BYTES))  # the tag, once the payload is written
            mac = _mac(key, path)
            write(_SigningWriter(handle, mac))
            handle.seek(len(MAGIC))
            handle.write(mac.digest())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dump_data(value: object, out: _SigningWriter | io.BytesIO) -> None:
    pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)


def write_snapshot_payload(path: Path, value: object,
                           stop: Callable[[], bool] | None = None) -> None:
    """Stores `value` at `path` (atomically, mode 0600), in parts (dump_parted); raises
    Rejected or OSError, or Abandoned when `stop()` turns true between two pieces (the
    language server gives a save up when an edit comes)."""
    write_signed(path, lambda out: dump_parted(value, out, stop))


# --------------------------------------------------------------------------- parted pickles
#
# One pickler over a whole snapshot keeps every object it wrote in its memo until the end, with
# the temporary tuples and dictionaries of each data class's __reduce__: 215 MiB more at the
# peak of a cold run on 250 KLOC, for a 54 MB file (most of that run's peak). So a snapshot is a
# sequence of pickles, each with its own memo: first the object with its large dictionaries left
# out (a persistent id `("part", n, chunks)` for each), then each such dictionary in turn, the
# dictionaries named in CHUNKED a few entries per pickle. Objects shared across pickles would
# come back as copies, so the call sites of the chunked summaries (which a binding of the
# program state names, and which `is` compares: keras_reach) travel by their place in the
# summaries: `("site", module key, function index, call index)`. Each piece is still read by the
# data-only unpickler, and a persistent id that is not one of these two is refused.

PART_MIN = 512  # a dictionary field with at least this many entries is pickled apart
# Dictionary fields whose values share no objects with each other (one summary per module):
# pickled this many entries at a time.
CHUNKED = frozenset({"modules"})
CHUNK_ENTRIES = 32
# Dictionary fields of the program state pickled in slices of this many entries, each with the
# call sites by place: the language server reads the snapshot while it answers hovers and writes
# it between edits (docs/cache.md), and a thread waiting for the GIL waits for the whole piece
# being pickled (on 253 KLOC, the cyclic GC off as in the server, the longest wait while a
# snapshot was written: 28 ms whole, 10 ms sliced; read: 52 ms, 39 ms). A slice keeps its own
# memo, so objects shared across slices come back as copies: these dictionaries' values share
# no object the analysis compares by identity (the call sites travel by place; `info`'s
# bindings were already copies of `site_info`'s, pickled apart).
SLICED = {"site_info": 2048, "info": 1024, "contrib": 1024}


def _big_dicts(value: object, depth: int = 2) -> list[tuple[str, dict]]:
    """The large dictionaries among the fields of the data class `value` and of its data-class
    fields, in field order: (field name, dictionary)."""
    found: list[tuple[str, dict]] = []
    if depth and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            field_value = getattr(value, item.name, None)
            if type(field_value) is dict and len(field_value) >= PART_MIN:
                if all(d is not field_value for _, d in found):
                    found.append((item.name, field_value))
            else:
                found += _big_dicts(field_value, depth - 1)
    return found


def _sites(summaries: dict) -> list[tuple[tuple[str, str, int, int], object]]:
    """(place, call site) of each call site of the summaries (a CHUNKED dictionary's values)."""
    return [(("site", key, fn_index, call_index), site)
            for key, summary in summaries.items()
            for fn_index, fn in enumerate(getattr(summary, "functions", ()))
            for call_index, site in enumerate(getattr(fn, "calls", ()))]


def dump_parted(value: object, out: _SigningWriter | io.BytesIO,
                stop: Callable[[], bool] | None = None) -> None:
    """Pickles `value` as read_snapshot_payload reads it (see above); raises Abandoned when
    `stop()` is true after a piece (each piece is one C call that holds the GIL: about 10 ms at
    most on 250 KLOC, SLICED)."""
    def check() -> None:
        if stop is not None and stop():
            raise Abandoned("stopped between two pieces")

    check()
    parts = _big_dicts(value)
    def slice_size(name: str) -> int | None:
        return CHUNK_ENTRIES if name in CHUNKED else SLICED.get(name)

    ids = {id(d): ("part", n, -(-len(d) // size) if (size := slice_size(name)) else 1,
                   name in CHUNKED)
           for n, (name, d) in enumerate(parts)}

    def part_id(obj: object) -> tuple | None:
        return ids.get(id(obj)) if type(obj) is dict else None

    head = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    head.persistent_id = part_id  # type: ignore[method-assign]
    head.dump(value)
    places: dict[int, tuple[str, str, int, int]] = {}
    def place_of(obj: object) -> tuple[str, str, int, int] | None:
        return places.get(id(obj))

    for name, d in parts:
        check()
        size = slice_size(name)
        if size is None:
            piece = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
            if places:
                piece.persistent_id = place_of  # type: ignore[method-assign]
            piece.dump(d)
            continue
        items = list(d.items())
        for start in range(0, len(items), size):
            check()
            piece = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
            if places and name not in CHUNKED:
                piece.persistent_id = place_of  # type: ignore[method-assign]
            piece.dump(dict(items[start:start + size]))
        if name in CHUNKED:
            places.update((id(site), place) for place, site in _sites(d))


def _load_parted(data: bytes, start: int) -> object:
    stream = io.BytesIO(data)  # shares `data` (no copy) until written to
    stream.seek(start)
    pending: dict[int, tuple[dict, int, bool]] = {}

    def part(pid: object) -> dict:
        if not (type(pid) is tuple and len(pid) == 4 and pid[0] == "part"
                and type(pid[1]) is int and pid[1] not in pending
                and type(pid[2]) is int and pid[2] >= 1 and type(pid[3]) is bool):
            raise pickle.UnpicklingError(f"a snapshot may not name {pid!r}")
        placeholder: dict = {}
        pending[pid[1]] = (placeholder, pid[2], pid[3])
        return placeholder

    head = _DataOnlyUnpickler(stream)
    head.persistent_load = part  # type: ignore[assignment]
    value = head.load()
    if sorted(pending) != list(range(len(pending))):
        raise pickle.UnpicklingError("the parts of the snapshot are not numbered in order")
    sites: dict[tuple, object] = {}

    def site(pid: object) -> object:
        found = sites.get(pid) if type(pid) is tuple else None  # type: ignore[arg-type]
        if found is None:
            raise pickle.UnpicklingError(f"a snapshot may not name {pid!r}")
        return found

    for n in range(len(pending)):
        placeholder, chunks, chunked = pending[n]
        for _ in range(chunks):
            piece = _DataOnlyUnpickler(stream)
            piece.persistent_load = site  # type: ignore[assignment]
            loaded = piece.load()
            if type(loaded) is not dict:
                raise pickle.UnpicklingError("a part of a snapshot is not a dictionary")
            placeholder.update(loaded)
        if chunked:
            sites.update(_sites(placeholder))
    if stream.read(1):
        raise pickle.UnpicklingError("data after the last part of the snapshot")
    return value
