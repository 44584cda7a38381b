"""The language server keeps the cyclic GC off (a collection of a large workspace's summaries
takes seconds) and collects only every GC_EVERY_RUNS runs, so whatever a run leaves in a
reference cycle stays in memory until then: a facts builder's helper holding the builder back,
or a directory walker calling itself, kept each edit's builder and program (100 to 150 MiB over
200 edits on 253 KLOC, benchmarks/lsp_latency.py). A run of the analyzer after an edit leaves
no cyclic garbage at all.

The run is measured in a fresh interpreter: in the test process other tests' TensorFlow graphs
(held by caches and threads of TensorFlow) can become garbage at any moment, and would be
counted as this run's."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

MEASURE = r"""
import collections, gc, json, sys
from pathlib import Path
from hybridize.analysis import Analyzer, Settings

root = Path(sys.argv[1])
edited = root / "mnist_trainer" / "utils.py"
text = edited.read_text()
analyzer = Analyzer([root], Settings())
gc.disable()
analyzer.run()  # the index
for version in (text + "\n\n", text):  # an edit and back, the open file's verdicts
    analyzer.run({str(edited): version}, None, {"mnist_trainer/utils.py"})
gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
analyzer.run({str(edited): text + "\n\n"}, None, {"mnist_trainer/utils.py"})
gc.collect()
gc.set_debug(0)
left = collections.Counter(type(o).__qualname__ for o in gc.garbage)
print(json.dumps({"modules": sorted(m for m in sys.modules if m.split(".")[0] in
                                    ("tensorflow", "keras", "numpy")),
                  "left": left.most_common(10)}))
"""


def test_an_edit_leaves_no_reference_cycle(tmp_path: Path):
    shutil.copytree(HERE / "corpus", tmp_path / "ws", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(HERE.parent / "examples" / "mnist_trainer", tmp_path / "ws" / "mnist_trainer",
                    ignore=shutil.ignore_patterns("__pycache__"))
    run = subprocess.run([sys.executable, "-I", "-c", MEASURE, str(tmp_path / "ws")],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert not result["modules"], "the analysis imported a numeric library"
    assert not result["left"], f"a run left reference cycles: {result['left']}"
