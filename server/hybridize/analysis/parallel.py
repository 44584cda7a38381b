"""Per-module work on every core: the files of a workspace are summarized independently of each
other, so a cold run hands them to a pool of worker processes (docs/cache.md, "Speed").

Each job and each result is plain data (bytes and strings in, a `ModuleSummary` or `FileError`
dataclass out, pickled), and the results come back in the order of the jobs, so the workspace
sees exactly what a serial run would build. Small inputs, one usable CPU, or `HYBRIDIZE_JOBS=1`
run serially in the calling process; a pool that fails (a worker killed) is replaced by a serial
run of every job.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

log = logging.getLogger("hybridize.parallel")

R = TypeVar("R")
# Below this many files to summarize, starting workers costs more than it saves (a worker
# summarizes about 100 files a second).
PARALLEL_MIN_JOBS = 48
CHUNK = 8  # jobs per message to a worker: small enough to balance files of uneven size


def usable_cpus() -> int:
    """CPUs this process may run on (`HYBRIDIZE_JOBS` caps it; 1 turns the pool off)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    configured = os.environ.get("HYBRIDIZE_JOBS", "").strip()
    if configured.isdigit() and int(configured) > 0:
        cpus = min(cpus, int(configured))
    return max(cpus, 1)


def _context() -> Any:
    import multiprocessing  # noqa: PLC0415 (imported when a pool is used: 60 ms)

    # fork starts a worker in about a millisecond with the analysis already imported, but is
    # only safe while this process has no other thread (a lock held by one stays held in the
    # child); forkserver starts workers from a clean single-threaded process.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _run_chunk(function: Callable[..., R], jobs: Sequence[tuple]) -> list[R]:
    return [function(*job) for job in jobs]


def map_jobs(function: Callable[..., R], jobs: Sequence[tuple], parallel: bool = True
             ) -> list[R]:
    """`[function(*job) for job in jobs]`, in that order, on every usable CPU when `parallel`
    and there are enough jobs. `function` must be a module-level function (workers import it
    by name) that turns its own errors into results."""
    workers = min(usable_cpus(), (len(jobs) + CHUNK - 1) // CHUNK)
    if not parallel or workers < 2 or len(jobs) < PARALLEL_MIN_JOBS:
        return [function(*job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 (see _context)
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    chunks = [jobs[start:start + CHUNK] for start in range(0, len(jobs), CHUNK)]
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            results: list[R] = []
            for part in pool.map(_run_chunk, [function] * len(chunks), chunks):
                results.extend(part)
            return results
    except (BrokenProcessPool, OSError) as exc:
        log.info("the worker processes failed (%s): summarizing in this process", exc)
        return [function(*job) for job in jobs]
