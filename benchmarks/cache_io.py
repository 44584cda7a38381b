"""Benchmark of reading and writing the snapshot cache (not a test).

Times `load_snapshot` and `save_snapshot` (analysis/workspace.py: HMAC-checked, data-only
unpickler) on the snapshot of a tree that `hybridize check --cache-dir CACHE TREE` wrote, next
to a plain `pickle.dump`/`pickle.load` of the same snapshot (the format before the HMAC), and
prints the file sizes:

    .venv/bin/python benchmarks/check_speed.py --kloc 100 --keep   # or any tree
    .venv/bin/hybridize check TREE --cache-dir CACHE > /dev/null
    .venv/bin/python benchmarks/cache_io.py TREE CACHE [--repeat 5]
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

from hybridize.analysis.workspace import load_snapshot, root_of, save_snapshot, snapshot_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("cache", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    path = snapshot_path(args.cache, root_of([args.tree]))
    snapshot = load_snapshot(path)
    if snapshot is None:
        sys.exit(f"cache_io: no usable snapshot at {path}: run `hybridize check` first")
    gc.disable()  # as `hybridize check` does
    times: dict[str, list[float]] = {"plain load": [], "plain save": [], "load": [], "save": []}
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "workspaces" / path.name
        plain = Path(tmp) / "plain.pickle"
        for _ in range(args.repeat):
            start = time.perf_counter()
            with open(plain, "wb") as handle:
                pickle.dump(snapshot, handle, protocol=pickle.HIGHEST_PROTOCOL)
            times["plain save"].append(time.perf_counter() - start)
            start = time.perf_counter()
            with open(plain, "rb") as handle:
                pickle.load(handle)
            times["plain load"].append(time.perf_counter() - start)
            start = time.perf_counter()
            save_snapshot(copy, snapshot)
            times["save"].append(time.perf_counter() - start)
            start = time.perf_counter()
            loaded = load_snapshot(copy)
            times["load"].append(time.perf_counter() - start)
            assert loaded is not None, "the snapshot just written did not load"
        sizes = {"plain": plain.stat().st_size, "signed": copy.stat().st_size}
    print(f"{len(snapshot.modules)} modules; median of {args.repeat} (ms):")
    for name, values in times.items():
        print(f"  {name:10} {statistics.median(values) * 1000:6.0f}")
    for name, size in sizes.items():
        print(f"  {name:10} {size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
