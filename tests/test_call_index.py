"""call_index.CallIndex, kept across the language server's runs, holds the tables a run from
scratch computes (callers, bindings, values passed, attribute writes), in the same order."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from pathlib import Path

from hybridize.analysis import workspace
from hybridize.analysis.call_index import CallIndex
from hybridize.analysis.program import Program
from hybridize.analysis.workspace import Analyzer

FILES = {
    "a.py": "import tensorflow as tf\nfrom b import helper, Box\n\n"
            "def one(x):\n    return helper(x, 2)\n",
    "b.py": "import tensorflow as tf\n\nclass Box:\n    def __init__(self):\n"
            "        self.v = 1\n\n"
            "def helper(x, k):\n    return tf.reduce_sum(x) * k\n",
    "c.py": "import tensorflow as tf\nfrom b import helper, Box\n\n"
            "def three(x):\n    box = Box()\n    box.v = 3\n    return helper(x, 3)\n\n"
            "def main():\n    return three(tf.ones((2,)))\n",
}
EDITS = [
    # A new function in the first module: an incremental run lists it last in program.info,
    # a run from scratch before c.py's functions.
    ("a.py", "def one(x):", "def zero(x):\n    return helper(x, 0)\n\n\ndef one(x):"),
    ("c.py", "box.v = 3", "box.v = 4\n    box.w = 5"),
    ("a.py", "return helper(x, 2)", "return helper(x, 2) + helper(x, 7)"),
    ("c.py", "def main():", "def main2():"),
    ("a.py", "def zero(x):\n    return helper(x, 0)\n\n\n", ""),
]


def naive(program: Program) -> dict[str, dict]:
    """The tables as facts.py computed them from scratch before call_index.py."""
    callers: dict[str, list] = defaultdict(list)
    traced: dict[str, list] = defaultdict(list)
    for key in program.functions:  # from scratch, program.info is in this order
        info = program.info.get(key)
        for binding in (info.bindings if info else ()):
            callers[binding.callee].append((key, binding.site.line))
        for callee, line in (info.traced if info else ()):
            traced[callee].append((key, line))
    given: dict[str, list] = defaultdict(list)
    for site in sorted(program.contrib):
        for callee, param, values, evidence in program.contrib[site]:
            given[callee].append((param, values, evidence))
    writes: dict[str, list] = defaultdict(list)
    for key in sorted(program.functions):
        for use, values, line, detail in program.functions[key].value_uses:
            if use == "attr-write":
                attr, _, why = detail.partition("|")
                writes[attr].append((values, program.file_of.get(key, ""), line, why))
    return {"callers": dict(callers), "traced": dict(traced), "given": dict(given),
            "writes": dict(writes)}


def tables(index: CallIndex, like: dict[str, dict]) -> dict[str, dict]:
    return {"callers": {k: index.callers[k] for k in like["callers"]},
            "traced": {k: index.traced[k] for k in like["traced"]},
            "given": {k: index.given[k] for k in like["given"]},
            "writes": {k: index.attr_writes[k] for k in like["writes"]}}


def reports(result: workspace.AnalysisResult) -> list[str]:
    return [json.dumps(dataclasses.asdict(r), sort_keys=True, default=str)
            for r in result.functions]



def test_the_kept_index_is_the_one_from_scratch(tmp_path: Path, programs: list[Program]) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    for rel, old, new in EDITS:
        path = tmp_path / rel
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new, 1))
        result = kept.run()
        fresh = Analyzer([tmp_path]).run()
        assert reports(result) == reports(fresh), (rel, old)
        incremental, scratch = programs[-2], programs[-1]
        assert incremental is not scratch
        expected = naive(scratch)
        assert tables(kept.index, expected) == expected, (rel, old)
        # Nothing more: no callee, function or attribute the program from scratch lacks.
        assert set(kept.index.callers.keys()) == set(expected["callers"])
        assert set(kept.index.given.keys()) == set(expected["given"])
        assert set(kept.index.attr_writes.keys()) == set(expected["writes"])
    callers = [c for c, _ in kept.index.callers["b:helper"]]
    assert callers == ["a:one", "a:one", "c:three"]


def test_the_new_function_comes_in_module_order(tmp_path: Path,
                                                programs: list[Program]) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    rel, old, new = EDITS[0]
    (tmp_path / rel).write_text(FILES[rel].replace(old, new, 1))
    kept.run()
    incremental = programs[-1]
    # The incremental program lists the new function last, the index in module order.
    assert list(incremental.info)[-1] == "a:zero"
    assert [c for c, _ in kept.index.callers["b:helper"]] == ["a:zero", "a:one", "c:three"]


def test_keras_reach_from_the_callers_is_the_forward_walks(programs: list[Program]) -> None:
    """KerasBuilds.may_be_reached (callers walked back) never says no where the forward walk
    from every Keras `call` reaches the function, and helper_risk is the same with it."""
    from hybridize.analysis.keras_build import KerasBuilds

    corpus = Path(__file__).parent / "corpus"
    kept = Analyzer([corpus / "kerascall", corpus / "realcode", corpus / "semantics"])
    kept.run()
    program = programs[-1]
    index = CallIndex()
    index.update(program)
    backward, forward = KerasBuilds(program, index.callers), KerasBuilds(program)
    reached = forward.reached
    assert reached  # the corpus has Keras calls reaching helpers
    unreached = [key for key in program.functions if not backward.may_be_reached(key)]
    assert unreached and not any(key in reached for key in unreached)
    for key, fn in sorted(program.functions.items()):
        assert KerasBuilds(program, index.callers).helper_risk(fn) == forward.helper_risk(fn)
        assert KerasBuilds(program, index.callers).holders(key) == reached.get(key, []), key
    for caller, info in sorted(program.info.items()):
        for binding in info.bindings:
            fn = program.functions[binding.callee]
            assert KerasBuilds(program, index.callers).built_before_symbolic_run(fn, caller) == \
                forward.built_before_symbolic_run(fn, caller)


def test_keras_holders_follow_each_walks_own_limit(tmp_path: Path) -> None:
    """KerasBuilds.holders walks forward only from the `call`s found walking the callers back,
    each as `reached` walks from every `call`: a walk stops after _MAX_CALLEES functions, so a
    function at the end of a longer chain has no holder, though its callers lead to a `call`."""
    from hybridize.analysis.keras_build import _MAX_CALLEES, KerasBuilds

    chain = _MAX_CALLEES + 20
    lines = ["import keras", "", "", "class Deep(keras.layers.Layer):",
             "    def call(self, x):", "        return f0(x)", "", "",
             "class Near(keras.layers.Layer):", "    def call(self, x):",
             f"        return f{chain - 2}(x)", ""]
    for i in range(chain):
        body = f"f{i + 1}(x)" if i + 1 < chain else "x"
        lines += ["", f"def f{i}(x):", f"    return {body}", ""]
    (tmp_path / "m.py").write_text("\n".join(lines))
    programs = []
    real = workspace.resolve_program

    def keep(*args, **kwargs):  # the program of the run
        result = real(*args, **kwargs)
        programs.append(result[0])
        return result

    workspace.resolve_program = keep
    try:
        Analyzer([tmp_path]).run()
    finally:
        workspace.resolve_program = real
    program = programs[-1]
    index = CallIndex()
    index.update(program)
    reached = KerasBuilds(program).reached
    first, last = "m:f0", f"m:f{chain - 1}"
    assert [h[0] for h in reached[first]] == ["m:Deep"]
    assert [h[0] for h in reached[last]] == ["m:Near"]  # Deep's walk stops before it
    for i in range(chain):
        key = f"m:f{i}"
        assert KerasBuilds(program, index.callers).holders(key) == reached.get(key, []), key


ALIASING = {
    "a.py": "from cfg import CONFIG as C\nimport tensorflow as tf\n\nSHARED = C\n\n"
            "def step(x, opt, w):\n    opt.apply_gradients([(x, w)])\n    return C['k']\n",
    "b.py": "from a import SHARED\n\ndef grow():\n    SHARED['k'] = 2\n",
}


def test_the_kept_alias_pairs_and_optimizer_names_are_the_ones_from_scratch(
        tmp_path: Path) -> None:
    """The pairs of globals sharing an object (facts.aliases) and the names given to an
    optimizer's update (facts.applied_params) and the bound methods that may outlive their
    instance (facts.loose_method) are kept per module and per function: a module
    added makes `cfg.CONFIG`, a library's name until then, a workspace global, and every
    module's pairs are made again."""
    for rel, text in ALIASING.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    steps = [("cfg.py", "CONFIG = {'k': 1}\n"),
             ("a.py", "from cfg import CONFIG as C\nimport tensorflow as tf\n\nSHARED = C\n\n"
                      "def step(x, opt, w):\n    return C['k']\n"),
             ("b.py", "from a import SHARED\n\nclass Scorer:\n    def score(self, x):\n"
                      "        return x\n\ndef grow():\n    SHARED['k'] = 2\n"
                      "    return Scorer().score\n"),
             ("cfg.py", None)]
    seen = []
    for rel, text in steps:
        if text is None:
            (tmp_path / rel).unlink()
        else:
            (tmp_path / rel).write_text(text)
        result = kept.run()
        fresh = Analyzer([tmp_path])
        assert reports(result) == reports(fresh.run()), rel
        assert kept.index.alias_pairs == fresh.index.alias_pairs, rel
        assert kept.index.applies == fresh.index.applies, rel
        assert kept.index.loose == fresh.index.loose, rel
        assert kept.index.global_writes == fresh.index.global_writes, rel
        seen.append((kept.index.alias_pairs["a"][0], kept.index.applies.get("a:step")))
    assert seen[0][1] == {"w"} and seen[1][1] is None
    seen = [pairs for pairs, _ in seen]
    assert ("g:a.C", "g:cfg.CONFIG") in seen[0]  # a workspace global once cfg.py exists
    assert ("g:a.C", "g:cfg.CONFIG") not in seen[3]
    assert [name for name, _, _ in kept.index.loose["b"][0]] == ["score"]
    assert [w[0] for w in kept.index.global_writes["b"]] == ["g:a.SHARED"]
