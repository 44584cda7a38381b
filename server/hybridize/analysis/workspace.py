"""Find, read and summarize the workspace's files (with a content-hash cache), then decide.

`analyze` is the engine's entry point for the command line and the language server.
"""

from __future__ import annotations

import ast
import contextlib
import dataclasses
import gc
import hashlib
import io
import os
import pickle
import sys
import time
import tokenize
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hybridize import __version__
from hybridize.analysis.cache_file import (
    Abandoned,
    Rejected,
    default_cache_dir,  # noqa: F401  (imported from here by others)
    read_snapshot_payload,
    write_snapshot_payload,
)
from hybridize.analysis.cache_file import log as cache_log
from hybridize.analysis.call_index import CallIndex
from hybridize.analysis.decide import Settings, decide
from hybridize.analysis.discovery import (  # noqa: F401  (imported from here by others)
    MAX_FILE_BYTES,
    MAX_NOTEBOOK_BYTES,
    SKIPPED_DIRS,
    Listing,
    RejectedFile,
    SourceFile,
    Workspace,
    _relative,
    check_regular,
    discover,
    display_name,
    is_source,
    read_source,
    root_of,
    size_limit,
)
from hybridize.analysis.facts import FactBuilder, FunctionFacts, is_reported
from hybridize.analysis.incremental import (
    FromScratch,
    ProgramState,
    disk_state,
    export_state,
    incremental_program,
)
from hybridize.analysis.model import (
    AnalysisResult,
    Evidence,
    FileError,
    FunctionReport,
    Refactoring,
    UnusedIgnore,
)
from hybridize.analysis.naming import module_names, package_prefix
from hybridize.analysis.observed import observed_facts
from hybridize.analysis.parallel import map_jobs
from hybridize.analysis.program import Program
from hybridize.analysis.result_cache import (
    Lookup,
    Previous,
    engine_digest,
    lookup,
    observed_file,
)
from hybridize.analysis.same_program import same_program
from hybridize.analysis.speculative import speculative_facts
from hybridize.analysis.summaries import summarize_module
from hybridize.analysis.summary_model import ModuleSummary
from hybridize.analysis.suppressions import codes_at, suppress, unused_ignores
from hybridize.analysis.syntax import deepest_nesting
from hybridize.notebook.cells import NotebookModule, with_cells
from hybridize.notebook.reader import NotANotebook, is_notebook, read_notebook

# Bump when summaries change shape or meaning: old cache entries are then ignored.
SUMMARY_FORMAT = f"{__version__}-s31-{engine_digest()}"
MAX_EVIDENCE = 5  # evidence items kept per fact in a report
SNAPSHOT_REFRESH = 0.05  # re-save the snapshot once this share of modules differs from it

Progress = Callable[[int, int, str], None]


def decode_source(data: bytes) -> str:
    """Decode with the file's PEP 263 coding cookie or BOM (UTF-8 by default)."""
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


@dataclass
class Snapshot:
    """The last run over a root: its summaries and whole-program state (see docs/cache.md)."""

    format: str
    modules: dict[str, ModuleSummary]  # by module key
    state: ProgramState


def snapshot_path(cache_dir: Path, root: Path) -> Path:
    name = hashlib.sha256(str(root).encode()).hexdigest()[:24]
    return cache_dir / "workspaces" / f"{name}.pickle"


def load_snapshot(path: Path) -> Snapshot | None:
    """The snapshot at `path`, or None when it is missing, unsigned, forged, corrupt or of
    another version. Its HMAC is checked before it is unpickled (cache_file.py)."""
    try:
        snapshot = read_snapshot_payload(path)
    except FileNotFoundError:
        return None
    except Rejected as exc:
        cache_log.log(exc.level, "ignoring the cache snapshot: %s; it will be rebuilt", exc)
        return None
    except OSError as exc:
        cache_log.info("cannot read the cache snapshot %s: %s", path, exc)
        return None
    if not isinstance(snapshot, Snapshot) or snapshot.format != SUMMARY_FORMAT:
        cache_log.info("ignoring the cache snapshot %s: written by another version", path)
        return None
    return snapshot


def save_snapshot(path: Path, snapshot: Snapshot, stop: Callable[[], bool] | None = None
                  ) -> bool | None:
    """Writes the snapshot, signed with this user's key; a failure only loses the cache.
    True: written; False: given up because `stop()` turned true (nothing changed on disk);
    None: it cannot be written (logged)."""
    try:
        write_snapshot_payload(path, snapshot, stop)
    except Abandoned:
        return False
    except Rejected as exc:
        cache_log.log(exc.level, "not saving the cache snapshot: %s", exc)
        return None
    except (OSError, RecursionError, pickle.PicklingError) as exc:
        cache_log.info("cannot save the cache snapshot %s: %s", path, exc)
        return None
    return True


def summarize_source(data: bytes, rel: str, key: str, import_name: str, is_package: bool,
                     digest: str, text: str | None = None) -> ModuleSummary | FileError:
    """Parse and summarize one file's bytes; any problem becomes a FileError. `text` is the
    already decoded text of an editor buffer: its coding cookie no longer applies to it."""
    if len(data) > MAX_FILE_BYTES:
        return FileError(rel, None, f"skipped: larger than {MAX_FILE_BYTES // 2**20} MiB")
    if text is None:
        try:
            text = decode_source(data)
        except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
            return FileError(rel, None, f"cannot decode: {exc}")
    try:
        tree = ast.parse(text, filename=rel)
    except SyntaxError as exc:
        return FileError(rel, exc.lineno, exc.msg)
    except (RecursionError, MemoryError):
        return FileError(rel, None, "too deeply nested to parse")
    except ValueError as exc:  # e.g. null bytes
        return FileError(rel, None, f"cannot parse: {exc}")
    # The same stack budget for the summary whoever calls (the CLI, the server's worker, a test
    # deep in its own stack, after code that changed the limit): a file is too deep to analyse
    # everywhere or nowhere.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_stack_depth() + SUMMARY_STACK_BUDGET)
    try:
        return summarize_module(tree, key, import_name, rel, digest, is_package, text)
    except RecursionError:
        depth, line, kind = deepest_nesting(tree)
        return FileError(rel, line, f"too deeply nested to analyse: {depth} levels of syntax, "
                         f"mostly {kind} nodes")
    finally:
        sys.setrecursionlimit(limit)


SUMMARY_STACK_BUDGET = 1000  # Python frames a module summary may use above its caller


def _stack_depth() -> int:
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back  # type: ignore[assignment]
    return depth


def analyze(paths: Iterable[Path | str], settings: Settings | None = None, *,
            cache_dir: Path | None = None, exclude: Iterable[str] = (),
            overrides: dict[str, str] | None = None,
            progress: Progress | None = None, found: Lookup | None = None,
            views: Callable[[AnalysisResult], dict[str, list[bytes]]] | None = None
            ) -> AnalysisResult:
    """Analyse every Python file under `paths`.

    `overrides` maps absolute paths to text that replaces the file on disk (an editor's unsaved
    buffers). With `cache_dir`, the run starts from the snapshot of the last run over the same
    root (summaries and whole-program state) and re-analyses only what changed; `None` disables
    it. `found`: the caller's result_cache.lookup of the same run, if it made one; `views`:
    what the result cache keeps besides the result (result_cache.py).
    """
    path_list = [Path(p) for p in paths]
    settings = settings or Settings()
    snapshot_file = None
    snapshot = None
    with _no_gc():
        # Nothing changed since the last run: its result as it was (result_cache.py).
        reuse = None
        if cache_dir is not None and not overrides:
            reuse = found or lookup(path_list, settings, Path(cache_dir), exclude)
            kept = None if reuse.stored is None else reuse.stored.result()
            if kept is not None:
                assert reuse.stored is not None
                # A report the result was not kept for yet: kept now, for the next run.
                reuse.stored.add_views({
                    name: chunks for name, chunks in (views(kept) if views else {}).items()
                    if reuse.stored.view(name) is None})
                kept.seconds = time.perf_counter() - reuse.started
                kept.reused = len(reuse.stats or ())
                return kept
        if cache_dir is not None:
            snapshot_file = snapshot_path(Path(cache_dir), root_of(path_list))
            snapshot = load_snapshot(snapshot_file)
        # Observed types apply per file digest: where there are any, bytes that changed may
        # change verdicts (the key holds whether there are: the file's digest).
        observed = settings.observed_from is not None and os.path.lexists(
            observed_file(settings.observed_from, root_of(path_list)))
        previous = reuse.previous if reuse is not None and not observed else None
        programs: dict[str, str] = {}
        result, new_snapshot, refresh = _analyze(
            path_list, settings, exclude, overrides or {}, progress, snapshot,
            keep_last_good=False, parallel=True, programs=programs, same_as=previous)
        if snapshot_file is not None and refresh and new_snapshot is not None:
            save_snapshot(snapshot_file, new_snapshot)
        if reuse is not None:
            reuse.save(result, views(result) if views is not None else None, programs)
    return result


class Analyzer:
    """Analyses one workspace again and again, keeping the last run's summaries and program
    state in memory (the language server). Files that stop parsing keep their last good summary,
    so a syntax error while typing does not change the verdicts of the rest of the workspace."""

    def __init__(self, roots: Iterable[Path | str], settings: Settings | None = None,
                 exclude: Iterable[str] = (), cache_dir: Path | None = None) -> None:
        self.roots = [Path(p) for p in roots]
        self.settings = settings or Settings()
        self.exclude = list(exclude)
        self.snapshot: Snapshot | None = None
        # With `cache_dir`, the first run starts from the snapshot file the last session (or
        # `hybridize check`) left for this root, and `save` writes one back (docs/cache.md).
        self.cache_dir = cache_dir
        self.disk_tried = False
        # Module path -> summary digest of the snapshot file as last read or written (None:
        # no usable file); `save_due` compares the state in memory with it.
        self.on_disk: dict[str, str] | None = None
        self.save_failed = False  # the file cannot be written (logged once): never again
        self.from_disk = 0  # files whose summary the run that read the file took from it
        # path -> ((mtime_ns, size), sha256 of the bytes, summary digest): files on disk that
        # did not change since the last run are not even read again.
        self.stats: dict[str, tuple[tuple[int, int], str, str]] = {}
        # The modules of the open notebooks whose texts come as overrides (the server sets
        # them), by absolute path: the result maps their lines to cells too.
        self.notebooks: dict[str, NotebookModule] = {}
        # The facts phase's whole-program tables, updated run after run (call_index.py).
        self.index = CallIndex()
        self.listing = Listing()  # the folders as last listed (discovery.py)

    def run(self, overrides: dict[str, str] | None = None, progress: Progress | None = None,
            files: set[str] | None = None, exact: bool = True) -> AnalysisResult:
        """Analyse again. With `files` (paths relative to the root), verdicts are computed for
        those files only (the whole program is still resolved): what an editor shows. Not
        `exact`, the update leaves out the cycles of values through what it evaluates (seconds
        on 250 KLOC for an edit of a file much of it depends on) and notes them as pending
        (`pending`); the next exact run puts them in (incremental.cut_off)."""
        with _no_gc():
            loaded = False
            if self.snapshot is None and self.cache_dir is not None and not self.disk_tried:
                # Read with the cyclic GC off, as the command line does: 0.7 s instead of 4 s
                # for 71 MB on 250 KLOC (every container it makes would be tracked).
                self.disk_tried = True
                self.snapshot = load_snapshot(self.snapshot_file())
                if self.snapshot is not None:
                    self.on_disk = _digests(self.snapshot)
                    loaded = True
            try:
                result, self.snapshot, _ = _analyze(
                    self.roots, self.settings, self.exclude, overrides or {}, progress,
                    self.snapshot, keep_last_good=True, stats=self.stats, report_files=files,
                    open_notebooks=self.notebooks, call_index=self.index,
                    listing=self.listing, parallel=True,  # the index: summaries on every core
                    exact=exact)
            except BaseException:
                # The run takes the last state over as it goes: start again from scratch.
                self.reset()
                raise
        if loaded:
            self.from_disk = result.reused
        return result

    def pending(self) -> bool:
        """Whether the last run left sites whose value cycles an exact run must evaluate."""
        return self.snapshot is not None and bool(getattr(self.snapshot.state, "pending", ()))

    def snapshot_file(self) -> Path:
        assert self.cache_dir is not None
        return snapshot_path(self.cache_dir, root_of(self.roots))

    def save_due(self) -> bool:
        """Whether the state in memory should be written to the cache folder: there is no
        usable file yet, or more than SNAPSHOT_REFRESH of the modules differ from it (as the
        command line decides when to write it again)."""
        if self.cache_dir is None or self.save_failed or self.snapshot is None:
            return False
        if self.on_disk is None:
            return True
        now = _digests(self.snapshot)
        differ = sum(1 for path, digest in now.items() if self.on_disk.get(path) != digest)
        differ += sum(1 for path in self.on_disk if path not in now)
        return differ > SNAPSHOT_REFRESH * max(len(now), 1)

    def save(self, stop: Callable[[], bool] | None = None) -> bool:
        """Write the state of the last run to the cache folder, as `hybridize check` would
        have left it, for the next session's first run. Between runs only (the state is the
        live program's). False when `stop()` turned true between two pieces (nothing changed
        on disk: the caller tries again when idle) or when it cannot be written."""
        if self.cache_dir is None or self.snapshot is None:
            return False
        snapshot = Snapshot(self.snapshot.format, dict(self.snapshot.modules),
                            disk_state(self.snapshot.state))
        with _no_gc():
            written = save_snapshot(self.snapshot_file(), snapshot, stop)
        if written is None:
            self.save_failed = True
            return False
        if written:
            self.on_disk = _digests(snapshot)
        return written

    def reset(self) -> None:
        self.snapshot = None
        self.stats.clear()
        self.index = CallIndex()
        self.listing = Listing()


def _digests(snapshot: Snapshot) -> dict[str, str]:
    return {module.path: module.digest for module in snapshot.modules.values()}


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    # The analysis allocates many small, long-lived objects: the cyclic GC only costs time here.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _analyze(paths: list[Path], settings: Settings, exclude: Iterable[str],
             overrides: dict[str, str], progress: Progress | None, snapshot: Snapshot | None,
             keep_last_good: bool,
             stats: dict[str, tuple[tuple[int, int], str, str]] | None = None,
             report_files: set[str] | None = None,
             open_notebooks: dict[str, NotebookModule] | None = None, parallel: bool = False,
             call_index: CallIndex | None = None, listing: Listing | None = None,
             programs: dict[str, str] | None = None, same_as: Previous | None = None,
             exact: bool = True) -> tuple[AnalysisResult, Snapshot | None, bool]:
    """One run. Returns the result, the new snapshot and whether it differs enough from the
    given one to be worth saving. `parallel`: summarize files in worker processes when many
    need it (the command line, the server's index; parallel.py). `programs`: gets, per file,
    the digest of the summary the result is computed from (for the result cache); `same_as`:
    the command line's last result, taken as this run's when the summaries are the ones it was
    computed from (same_program.py). `exact`: resolve_program's."""
    started = time.perf_counter()
    workspace = discover(paths, exclude, listing)
    previous = {m.path: m for m in snapshot.modules.values()} if snapshot else {}
    known_files = {f.rel for f in workspace.files}
    buffers: set[str] = set()
    for path in sorted(overrides):
        # An editor buffer that is not on disk yet (a new, unsaved file) is part of the workspace.
        rel = _relative(Path(path), workspace.root)
        if is_source(rel) and not rel.startswith("/") and not rel.startswith(".."):
            buffers.add(rel)
            if rel not in known_files:
                workspace.files.append(SourceFile(Path(path), rel))
                known_files.add(rel)
    workspace.files.sort(key=lambda f: f.rel)
    package_dirs = {f.rel.rpartition("/")[0] for f in workspace.files
                    if f.rel == "__init__.py" or f.rel.endswith("/__init__.py")}
    # A root that is itself a package names its modules with its name (naming.py).
    prefix = package_prefix(workspace.root, "" in package_dirs or
                            (workspace.root / "__init__.py").is_file())
    summaries: list[ModuleSummary] = []
    # A buffer is read from the editor: what the disk holds under its name does not matter.
    errors = [e for e in workspace.errors if e.file not in buffers]
    file_digests: dict[str, str] = {}
    notebooks: dict[str, NotebookModule] = {}
    pending: list[tuple[int, ModuleSummary | None, tuple]] = []  # files to summarize
    total = len(workspace.files)
    names = _names_memo(listing, package_dirs, prefix)
    for index, source in enumerate(workspace.files):
        if progress is not None:
            progress(index, total, source.rel)
        known = previous.get(source.rel)
        named = names.get(source.rel)
        if named is None:
            named = names[source.rel] = (*module_names(source.rel, package_dirs, prefix),
                                         is_notebook(source.rel))
        key, import_name, is_package, notebook = named
        signature = None
        # A notebook is always read again (its module comes from a cache by content): its
        # line map to the cells is part of the result.
        if stats is not None and str(source.path) not in overrides and not notebook:
            try:
                # Discovery's stat of this run when it kept it (one stat per file per edit).
                status = getattr(source, "status", None) or os.stat(source.path)
                signature = (status.st_mtime_ns, status.st_size)
            except OSError:
                signature = None
            seen = stats.get(str(source.path))
            if seen is not None and seen[0] == signature and known is not None and \
                    known.digest == seen[2] and known.import_name == import_name and \
                    known.key == key:
                file_digests[source.rel] = seen[1]
                summaries.append(known)
                continue
        text = overrides.get(str(source.path))
        try:
            # An editor's text is hashed as UTF-8 (surrogatepass: JSON may carry a lone
            # surrogate); it is parsed as the text it is, never decoded again.
            data = text.encode("utf-8", "surrogatepass") if text is not None else \
                read_source(source.path, size_limit(source.rel))
        except OSError as exc:
            errors.append(FileError(source.rel, None, f"cannot read: {exc.strerror or exc}"))
            continue
        except RejectedFile as exc:
            errors.append(FileError(source.rel, None, str(exc)))
            continue
        file_digests[source.rel] = hashlib.sha256(data).hexdigest()
        if notebook and text is None:
            # An editor's notebook override is already the module of its cells.
            try:
                module = read_notebook(data, file_digests[source.rel])
            except NotANotebook as exc:
                errors.append(FileError(source.rel, None, str(exc)))
                del file_digests[source.rel]
                continue
            notebooks[source.rel] = module
            text = module.text
        elif notebook and open_notebooks and str(source.path) in open_notebooks and \
                open_notebooks[str(source.path)].text == text:
            notebooks[source.rel] = open_notebooks[str(source.path)]
        # A notebook's summary depends on its module text (outputs and metadata do not count).
        analysed = text.encode("utf-8", "surrogatepass") if notebook and text is not None \
            else data
        named = f"{SUMMARY_FORMAT}\0{source.rel}\0{key}\0{import_name}\0"
        digest = hashlib.sha256(named.encode() + analysed).hexdigest()
        if stats is not None and signature is not None:
            stats[str(source.path)] = (signature, file_digests[source.rel], digest)
        if known is not None and known.digest == digest:
            summaries.append(known)
            continue
        # Summarized below, all together (on every core when `parallel`), into this slot.
        pending.append((len(summaries), known, (analysed, source.rel, key, import_name,
                                                is_package, digest, text)))
        summaries.append(None)  # type: ignore[arg-type]
    results = map_jobs(summarize_source, [job for _, _, job in pending], parallel)
    for (slot, known, job), result in zip(pending, results, strict=True):
        if isinstance(result, FileError):
            errors.append(result)
            summaries[slot] = known if keep_last_good else None  # type: ignore[call-overload]
            if keep_last_good and known is not None:
                # Its reports come from an older text than this one: no digest says that no
                # edit computed from them may be applied to this text.
                del file_digests[job[1]]
            continue
        summaries[slot] = result
    summaries = [summary for summary in summaries if summary is not None]
    if progress is not None:
        progress(total, total, "")
    if same_as is not None:
        same = same_program(summaries, previous, same_as.programs) \
            if programs is not None and not notebooks else None
        kept = same_as.result() if same is not None else None  # its signature checked first
        same_as.drop()  # its 30 MB, before the phases that need the memory
        if kept is not None and same is not None and programs is not None and \
                not kept.notebooks:
            # The program is the last result's: only what depends on the bytes is this run's.
            programs.update(same)
            kept.errors = sorted(errors, key=lambda e: (e.file, e.line or 0))
            kept.digests = file_digests
            kept.files = total
            kept.reused = len(summaries)
            kept.seconds = time.perf_counter() - started
            return kept, None, False
    if programs is not None:
        programs.update({m.path: m.digest for m in summaries})
    program, _evaluated = resolve_program(summaries, snapshot, exact)
    reused = sum(1 for m in summaries if previous.get(m.path) is m)
    # Refresh a saved snapshot when it is missing or when enough has changed since it was taken;
    # a few changed files are cheaper to re-analyse from the old snapshot than to re-save it.
    stale = len(summaries) - reused + abs(len(previous) - reused)
    refresh = snapshot is None or stale > SNAPSHOT_REFRESH * len(summaries)
    # In memory the state is handed over as it is; for disk it is only packed when it is saved.
    new_snapshot = None
    if keep_last_good or refresh:
        new_snapshot = Snapshot(SUMMARY_FORMAT, dict(program.modules),
                                export_state(program, for_disk=not keep_last_good))
    reports = decide_all(program, settings, workspace.root, report_files, file_digests,
                         call_index)
    if notebooks:
        reports = [told_in_cells(report, notebooks) for report in reports]
    unused = unused_in(program, reports, report_files)
    result = AnalysisResult(
        root=str(workspace.root), files=total, functions=reports,
        errors=sorted(errors, key=lambda e: (e.file, e.line or 0)),
        seconds=time.perf_counter() - started,
        reused=reused,
        tf_aliases={m.path: m.tf_alias for m in summaries},
        bound_names={m.path: m.bound_names for m in summaries},
        function_aliases={m.path: m.function_alias for m in summaries}, digests=file_digests,
        unused_ignores=unused, notebooks=notebooks)
    return result, new_snapshot, refresh


def told_in_cells(report: FunctionReport, notebooks: dict[str, NotebookModule]
                  ) -> FunctionReport:
    """The report with `notebook.ipynb:LINE` in its messages told as the cell and its line: a
    notebook's lines are those of the module of its code cells, which the reader never sees."""
    report.reason = with_cells(report.reason, notebooks)
    report.failures = [dataclasses.replace(f, message=with_cells(f.message, notebooks))
                       for f in report.failures]
    report.evidence = {fact: [dataclasses.replace(e, reason=with_cells(e.reason, notebooks))
                              for e in items] for fact, items in report.evidence.items()}
    return report


def _names_memo(listing: Listing | None, package_dirs: set[str], prefix: tuple[str, ...]
                ) -> dict[str, tuple[str, str, bool, bool]]:
    """file -> (module_names(file, package_dirs, prefix), is_notebook(file)), kept on the
    folder listing of the language server's Analyzer while the package folders and the prefix
    stay the same (both functions of the path alone then): 1,386 files named again on every
    edit of the lsp_latency workspace cost 1.5-3 ms."""
    key = (frozenset(package_dirs), prefix)
    kept = getattr(listing, "names", None)
    if kept is not None and kept[0] == key:
        return kept[1]
    names: dict[str, tuple[str, str, bool, bool]] = {}
    if listing is not None:
        listing.names = (key, names)
    return names


def resolve_program(summaries: list[ModuleSummary], snapshot: Snapshot | None,
                    exact: bool = True) -> tuple[Program, int]:
    """The whole-program phase: incremental from the snapshot of an earlier run when there is
    one, from scratch otherwise. Returns the program and the number of call sites evaluated.
    `exact`: incremental_program's (False: the language server's runs while the user types)."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 5000))
    try:
        if snapshot is not None:
            try:
                return incremental_program(summaries, snapshot.modules, snapshot.state, exact)
            except FromScratch:
                pass  # the change reaches most of the program: from scratch, below
        program = Program(summaries)
        program.run()
        return program, len(program.results)
    finally:
        sys.setrecursionlimit(limit)


def decide_all(program: Program, settings: Settings, root: Path,
               files: set[str] | None = None,
               digests: dict[str, str] | None = None,
               index: CallIndex | None = None) -> list[FunctionReport]:
    """Verdicts for every function, or for the functions of `files` only; `digests` (the
    SHA-256 of each file's bytes) tell which observed types still apply (observed.py).
    `index`: the whole-program tables of the facts phase, kept from an earlier run
    (call_index.py); a fresh one when None."""
    summaries = [m for m in program.modules.values() if files is None or m.path in files]
    only = None if files is None else {f.key for m in summaries for f in m.functions}
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 5000))
    try:
        def build(program: Program) -> tuple[Program, dict[str, FunctionFacts]]:
            if settings.speculative:
                return speculative_facts(program, settings.bool_is_primitive, only)
            return program, FactBuilder(program, False, settings.bool_is_primitive,
                                        only=only, index=index).build()

        program, all_facts = observed_facts(program, settings.observed_from, root,
                                            digests or {}, build, settings.bool_is_primitive)
    finally:
        sys.setrecursionlimit(limit)
    reports: list[FunctionReport] = []
    # A wrapper's span counts in the module that holds the call, not the wrapped function's.
    wrapper_files = {id(w): m.path for m in program.modules.values() for w in m.wrappers}
    for module in summaries:
        path = str(root / module.path)
        wrappers = {}
        for fn in module.functions:
            for wrapper in program.wrapped.get(fn.key, []):
                wrappers.setdefault(fn.key, wrapper)
        for fn in module.functions:
            if not is_reported(fn):
                continue
            facts = all_facts[fn.key]
            verdict = decide(facts, settings)
            wrapper = wrappers.get(fn.key)
            report = FunctionReport(
                file=module.path, qualname=fn.qualname, line=fn.line, hybrid=facts.hybrid,
                refactoring=Refactoring.OPTIMIZE_HYBRID_FUNCTION if facts.hybrid
                else Refactoring.CONVERT_EAGER_FUNCTION_TO_HYBRID,
                transformation=verdict.transformation, precondition=verdict.precondition,
                facts=fact_table(facts), failures=verdict.failures,
                assumptions=verdict.assumptions, evidence=evidence_table(facts),
                reason=verdict.reason, def_span=fn.def_span, decorator_span=fn.decorator_span,
                wrapper_span=wrapper.span if wrapper and not fn.decorator_span else None,
                wrapped_name=wrapper.target_text if wrapper else None,
                wrapper_file=wrapper_files.get(id(wrapper)) if wrapper else None,
                path=path, signature=facts.inferred_signature,
                start_line=fn.start_line or fn.line, end_line=fn.end_line,
                repairs=list(facts.repairs))
            if module.suppressions:
                lines, codes = codes_at(module.suppressions, report.start_line, report.line)
                if lines:
                    report = suppress(report, codes)
            reports.append(report)
    reports.sort(key=lambda r: (r.file, r.line, r.qualname))
    return reports


def unused_in(program: Program, reports: list[FunctionReport],
              files: set[str] | None) -> list[UnusedIgnore]:
    """The suppression comments (of `files`, or all) that suppressed nothing."""
    by_file: dict[str, list[FunctionReport]] = {}
    for report in reports:
        by_file.setdefault(report.file, []).append(report)
    out: list[UnusedIgnore] = []
    for module in sorted(program.modules.values(), key=lambda m: m.path):
        if module.suppressions and (files is None or module.path in files):
            out += unused_ignores(module.path, module.suppressions, by_file.get(module.path, []))
    return out


def fact_table(facts: FunctionFacts) -> dict[str, bool | None]:
    return {
        "tensor_parameter": facts.tensor_parameter,
        "primitive_parameter": facts.primitive_parameter,
        "side_effects": facts.side_effects,
        "recursive": facts.recursive,
        "tensor_computation": facts.tensor_computation,
        "hazards": bool(facts.hazards),
        "stale_reads": bool(facts.stale_reads),
        "covered_callers": facts.covered_callers,
    }


def evidence_table(facts: FunctionFacts) -> dict[str, list[Evidence]]:
    table = {
        "tensor_parameter": facts.tensor_evidence,
        "primitive_parameter": facts.primitive_evidence,
        "side_effects": [Evidence(e.evidence.file, e.evidence.line, e.describe())
                         for e in facts.effects[:MAX_EVIDENCE]],
        "recursive": facts.recursion_evidence,
        "hazards": [Evidence(e.file, e.line, f"{code}: {e.reason}") for code, e in facts.hazards],
        "stale_reads": facts.stale_reads,
        "tensor_computation": facts.computation_evidence,
        "callers": facts.callers,
    }
    return {k: v for k, v in table.items() if v}
