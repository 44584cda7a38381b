"""The language server keeps the cyclic GC off (a collection of a large workspace's summaries
takes seconds) and collects only every GC_EVERY_RUNS runs, so whatever a run leaves in a
reference cycle stays in memory until then: a facts builder's helper holding the builder back,
or a directory walker calling itself, kept each edit's builder and program (100 to 150 MiB over
200 edits on 253 KLOC, benchmarks/lsp_latency.py). A run of the analyzer after an edit leaves
no cyclic garbage at all."""

from __future__ import annotations

import collections
import gc
import shutil
from pathlib import Path

from hybridize.analysis import Analyzer, Settings

HERE = Path(__file__).parent


def test_an_edit_leaves_no_reference_cycle(tmp_path: Path):
    shutil.copytree(HERE / "corpus", tmp_path / "ws", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(HERE.parent / "examples" / "mnist_trainer", tmp_path / "ws" / "mnist_trainer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    root = tmp_path / "ws"
    edited = root / "mnist_trainer" / "utils.py"
    text = edited.read_text()
    analyzer = Analyzer([root], Settings())
    enabled = gc.isenabled()
    gc.disable()
    try:
        analyzer.run()  # the index
        for version in (text + "\n\n", text):  # an edit and back, the open file's verdicts
            analyzer.run({str(edited): version}, None, {"mnist_trainer/utils.py"})
        gc.collect()
        gc.set_debug(gc.DEBUG_SAVEALL)
        try:
            analyzer.run({str(edited): text + "\n\n"}, None, {"mnist_trainer/utils.py"})
            gc.collect()
            left = collections.Counter(type(o).__qualname__ for o in gc.garbage)
        finally:
            gc.set_debug(0)
            gc.garbage.clear()
    finally:
        if enabled:
            gc.enable()
    assert not left, f"a run left reference cycles: {left.most_common(10)}"
