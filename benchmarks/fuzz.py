"""The larger fuzz run: the checks of tests/test_fuzz.py on many more modules.

    .venv/bin/python benchmarks/fuzz.py                        # 10,000 modules, seed 0
    .venv/bin/python benchmarks/fuzz.py --modules 2000 --seed 7 --failures /tmp/fuzz-failures

Each module is either a real file of the repository mutated line by line (tests/corpus,
examples, benchmarks/workloads) or a snippet hypothesmith generates from Python's grammar
(`--generated` of them, 30% by default). For each: `hybridize check` must not crash or hang and
must report every def of a file that parses (or list the file under `errors`); `hybridize fix`
on a copy must leave files that parse, changing only tf.function decorator lines and
TensorFlow imports. Failing modules are written under `--failures` to be reproduced.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fuzz package
sys.path.append(str(ROOT / "server"))  # hybridize, when it is not installed

from fuzz.modules import FuzzModule, generated_module, mutated_module, seed_packages  # noqa: E402
from fuzz.oracle import check_module  # noqa: E402


def generated_sources(seed: int, chunk: int = 100) -> Iterator[str]:
    """hypothesmith modules, reproducibly: Hypothesis runs of `chunk` examples, each with its
    own seed (one long run keeps every example's data and grows to gigabytes)."""
    import hypothesmith
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hypothesis_seed

    sources: list[str] = []
    for number in itertools.count():
        sources.clear()

        @hypothesis_seed(seed * 1_000_003 + number)
        @settings(max_examples=chunk, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(hypothesmith.from_grammar())
        def collect(source: str) -> None:
            sources.append(source)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            collect()
        yield from list(sources)


def save_failure(folder: Path, number: int, module: FuzzModule, problems: list[str]) -> None:
    target = folder / f"module-{number:05d}"
    for rel, data in module.files.items():
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        (target / rel).write_bytes(data)
    (target / "PROBLEMS.txt").write_text(module.describe() + "\n\n" + "\n\n".join(problems),
                                         encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--generated", type=float, default=0.3,
                        help="share of hypothesmith modules (the rest are mutated real files)")
    parser.add_argument("--seconds", type=float, default=60.0,
                        help="a check or fix running longer is reported as a hang")
    parser.add_argument("--failures", type=Path, help="write each failing module here")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    start = time.perf_counter()
    rng = random.Random(args.seed)
    generated_count = round(args.modules * args.generated)
    sources = generated_sources(args.seed)
    packages = seed_packages()
    kinds = ["generated"] * generated_count + ["mutated"] * (args.modules - generated_count)
    rng.shuffle(kinds)
    counts: Counter[str] = Counter()
    failures: list[tuple[int, str, list[str]]] = []
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory(prefix="hybridize-fuzz-") as scratch:
        for number, kind in enumerate(kinds):
            module = generated_module(next(sources)) if kind == "generated" else \
                mutated_module(rng, packages)
            began = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SyntaxWarning)
                problems = check_module(module, Path(scratch) / str(number), args.seconds,
                                        counts)
            took = time.perf_counter() - began
            slowest = max(slowest, (took, module.describe()[:200]))
            counts[f"{kind} modules"] += 1
            if problems:
                failures.append((number, module.describe(), problems))
                print(f"module {number} FAILED ({module.describe()[:300]}):\n"
                      + "\n".join(problems)[:3000], file=sys.stderr, flush=True)
                if args.failures:
                    save_failure(args.failures, number, module, problems)
            if (number + 1) % 500 == 0:
                print(f"{number + 1} modules, {len(failures)} failing, "
                      f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start
    figures = {"modules": args.modules, "seed": args.seed, "failing modules": len(failures),
               "seconds": round(seconds, 1),
               "slowest module seconds": round(slowest[0], 2), "slowest module": slowest[1],
               **counts}
    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps({**figures, "failures": failures}, indent=2),
                             encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
