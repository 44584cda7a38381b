"""module_tables.patched_tables (the language server's program tables, patched after an edit)
equals module_tables from scratch, in content and order; call_index.WriteLog lists the keys
written since a reader last looked."""

from __future__ import annotations

from pathlib import Path

from hybridize.analysis.call_index import WriteLog
from hybridize.analysis.module_tables import ModuleTables, module_tables
from hybridize.analysis.workspace import Analyzer

FILES = {
    "pkg/__init__.py": "",
    "pkg/a.py": "import tensorflow as tf\nfrom pkg.b import helper\n\n"
                "def one(x):\n    return helper(x, 2)\n\n"
                "class Box:\n    def get(self):\n        return 1\n",
    "pkg/b.py": "import tensorflow as tf\n\ndef helper(x, k):\n    return tf.reduce_sum(x) * k\n",
    "c.py": "from pkg.a import one\n\ndef main():\n    return one(3)\n",
}
# (file, old, new, whether the tables keep their keys: patched rather than rebuilt)
EDITS = [
    ("pkg/a.py", "return helper(x, 2)", "return helper(x, 5) + 1", True),
    ("pkg/a.py", "    return helper(x, 5) + 1\n", "\n    return helper(x, 5) + 1\n", True),
    ("pkg/a.py", "def one(x):", "def zero(x):\n    return 0\n\n\ndef one(x):", False),
    ("pkg/a.py", "class Box:", "class Crate:", False),
    ("pkg/b.py", "* k", "* k * k", True),
    ("c.py", "def main():", "def main2():", False),
]


def as_lists(tables: ModuleTables) -> dict[str, list]:
    """Every table's items in order; modules by identity."""
    return {"modules": [(k, id(m)) for k, m in tables.modules.items()],
            "by_import": sorted((k, [id(m) for m in ms]) for k, ms in tables.by_import.items()),
            "functions": [(k, id(f)) for k, f in tables.functions.items()],
            "source_position": list(tables.source_position.items()),
            "classes": [(k, id(c)) for k, c in tables.classes.items()],
            "file_of": list(tables.file_of.items())}


def test_patched_tables_are_the_tables_from_scratch(tmp_path: Path) -> None:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    kept = Analyzer([tmp_path])
    kept.run()
    for rel, old, new, keeps_keys in EDITS:
        assert kept.snapshot is not None
        before = kept.snapshot.state.tables
        assert before is not None
        path = tmp_path / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1))
        kept.run()
        after = kept.snapshot.state.tables
        assert after is not None
        scratch = module_tables(list(kept.snapshot.modules.values()))
        assert as_lists(after) == as_lists(scratch), (rel, old)
        # Patched: the key order is the last run's object; rebuilt: a new one.
        assert (after.source_position is before.source_position) == keeps_keys, (rel, old)


def test_write_log_lists_the_keys_written_since() -> None:
    log = WriteLog({"a": 1, "b": 2})
    assert log.since(0) == []  # what it was made with is not a write
    seen = log.count
    log["c"] = 3
    log.pop("a")
    log.pop("missing", None)  # no write
    del log["b"]
    log["c"] = 4
    log.setdefault("d", 5)
    log.setdefault("d", 6)  # no write
    assert log == {"c": 4, "d": 5}
    assert log.since(seen) == ["d", "c", "b", "a"]  # latest first, each key once
    seen = log.count
    log.update({"e": 1})
    log |= {"f": 2}
    assert log.since(seen) == ["f", "e"]
    assert type(dict(log)) is dict
