"""object_attrs.InstanceAttrIndex, kept in the CallIndex across the language server's runs,
holds the tables InstanceWrites built from scratch on every facts build (every class's
`self.attr` writes, the construction methods that call setattr on self), in the same order,
and re-reads only the classes a run replaced."""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from pathlib import Path

from hybridize.analysis import workspace
from hybridize.analysis.object_attrs import InstanceAttrIndex
from hybridize.analysis.program import Program
from hybridize.analysis.syntax import NO_EFFECT_ON_SELF
from hybridize.analysis.workspace import Analyzer

FILES = {
    "a.py": "import tensorflow as tf\n\n\nclass Config:\n    def __init__(self, s):\n"
            "        self.scale = s\n\n    def set_scale(self, s):\n        self.scale = s\n\n"
            "    def reset(self):\n        self.__init__(1.0)\n\n\n"
            "def scaled(cfg, x):\n    return x * cfg.scale\n",
    "b.py": "import tensorflow as tf\n\n\nclass Bag:\n    def __init__(self, **kw):\n"
            "        for k, v in kw.items():\n            setattr(self, k, v)\n\n"
            "    def grow(self):\n        self.size = 2\n        self.items.append(1)\n",
    "c.py": "from a import Config, scaled\n\n\ndef main(x):\n    cfg = Config(2.0)\n"
            "    return scaled(cfg, x)\n",
}
EDITS = [
    # (file, old, new): a class's writes change; a class added; a construction method's
    # setattr removed, then back; a module with classes renamed away; a class removed.
    ("a.py", "        self.scale = s\n\n    def reset", "        self.scale = s * 2\n"
     "        self.offset = 0\n\n    def reset"),
    ("c.py", "def main(x):", "class Extra:\n    def build(self, shape):\n"
     "        setattr(self, 'w', shape)\n        self.scale = 1\n\n\ndef main(x):"),
    ("b.py", "            setattr(self, k, v)", "            pass"),
    ("b.py", "            pass", "            setattr(self, k, v)"),
    ("a.py", "    def set_scale(self, s):\n        self.scale = s * 2\n        self.offset = 0\n\n",
     ""),
    ("c.py", "class Extra:", "class Extra2:"),
    ("b.py", "class Bag:", "def unused():\n    pass\n\n\nclass Bag:"),
]


def from_scratch(program: Program) -> tuple[dict[str, list], list[tuple[str, str]]]:
    """The tables as InstanceWrites._index built them before the index was kept."""
    by_attr: dict[str, list] = defaultdict(list)
    setattr_classes = []
    for class_key in sorted(program.classes):
        cls = program.classes[class_key]
        for attr in sorted(cls.instance_attrs):
            for _values, method, line in cls.instance_attrs[attr]:
                by_attr[attr].append((class_key, method, line))
        for method in sorted(set(cls.methods) & NO_EFFECT_ON_SELF):
            fn = program.functions.get(cls.methods[method])
            if fn is None or not fn.params:
                continue
            me = frozenset({f"p|{fn.key}|{fn.params[0]}"})
            for site in fn.calls:
                if site.static == "setattr" and site.args and site.args[0] == me:
                    setattr_classes.append((class_key, method))
                    break
    return dict(by_attr), setattr_classes


def kept_tables(index: InstanceAttrIndex) -> tuple[dict[str, list], list[tuple[str, str]]]:
    return {attr: index.by_attr[attr] for attr in index.by_attr.keys()}, \
        index.setattr_classes()


def reports(result: workspace.AnalysisResult) -> list[str]:
    return [json.dumps(dataclasses.asdict(r), sort_keys=True, default=str)
            for r in result.functions]



def test_the_kept_index_is_the_one_from_scratch(tmp_path: Path, programs: list[Program]) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    index = InstanceAttrIndex()
    index.update(programs[-1])
    assert kept_tables(index) == from_scratch(programs[-1])
    assert index.setattr_classes() == [("b:Bag", "__init__")]
    for rel, old, new in EDITS:
        path = tmp_path / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1))
        result = kept.run()
        fresh = Analyzer([tmp_path]).run()
        assert reports(result) == reports(fresh), (rel, old)
        incremental, scratch = programs[-2], programs[-1]
        index.update(incremental)
        expected = from_scratch(scratch)
        assert kept_tables(index) == expected, (rel, old)
        assert from_scratch(incremental) == expected
        # Only the classes of the module the edit replaced were read again.
        assert index.updates <= sum(1 for key in scratch.classes
                                    if key.startswith(rel[:-3] + ":")) + 1, (rel, old)
    assert index.setattr_classes() == [("b:Bag", "__init__"), ("c:Extra2", "build")]


def test_nothing_replaced_reads_nothing_again(tmp_path: Path, programs: list[Program]) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    index = InstanceAttrIndex()
    index.update(programs[-1])
    assert index.updates == 2  # Config, Bag
    (tmp_path / "c.py").write_text(FILES["c.py"] + "\n\ndef other():\n    return 1\n")
    kept.run()
    index.update(programs[-1])
    assert index.updates == 0  # c.py has no class; a.py's and b.py's are the same objects
    assert kept_tables(index) == from_scratch(programs[-1])


def test_the_server_index_is_kept_and_used(tmp_path: Path) -> None:
    """The facts phase reads the CallIndex's InstanceAttrIndex: a reader of `cfg.scale` in an
    open file is told of Config.set_scale's write, run after run."""
    for rel, text in FILES.items():
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    first = kept.run(files={"a.py"})
    made = kept.index.instance_attrs
    assert made is not None
    path = tmp_path / "c.py"
    path.write_text(FILES["c.py"] + "\n")
    second = kept.run(files={"a.py"})
    assert kept.index.instance_attrs is made
    assert reports(first) == reports(second)
    scaled = [r for r in second.functions if r.qualname == "scaled"]
    assert scaled and "reads .scale, which Config." in str(scaled[0].evidence)
