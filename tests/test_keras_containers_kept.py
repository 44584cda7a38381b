"""keras_build.keras_containers, kept per function across the language server's runs: each
function's share is memoized by the program with the tokens it read (Program.derived, kind
"kc"), the incremental run drops the shares that read what changed (incremental.cut_off), and
the containers after every edit are those of a run from scratch -- including edits that change
a share through another module (a call's result, a parameter, a class's bases)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hybridize.analysis import keras_build
from hybridize.analysis.keras_reach import KerasReach
from hybridize.analysis.program import Program
from hybridize.analysis.workspace import Analyzer

FILES = {
    "layers.py": "import tensorflow as tf\n\n\n"
                 "class Inner(tf.keras.layers.Layer):\n"
                 "    def build(self, shape):\n"
                 "        self.w = self.add_weight(shape=(1,))\n\n"
                 "    def call(self, x):\n"
                 "        return x * self.w\n\n\n"
                 "class Holder(tf.keras.layers.Layer):\n"
                 "    def __init__(self, inner):\n"
                 "        super().__init__()\n"
                 "        self.inner = inner\n\n"
                 "    def call(self, x):\n"
                 "        return self.inner(x)\n",
    "pick.py": "from layers import Holder\n\n\n"
               "class Plain:\n"
               "    def __init__(self, inner):\n"
               "        self.inner = inner\n\n\n"
               "def pick():\n"
               "    return Holder\n",
    "make.py": "from layers import Inner\nfrom pick import pick\n\n\n"
               "def make():\n"
               "    cls = pick()\n"
               "    return cls(Inner())\n\n\n"
               "def wrap(cls):\n"
               "    return cls(Inner())\n",
    "run.py": "from layers import Holder\nfrom make import wrap\nfrom pick import Plain\n\n\n"
              "def go():\n"
              "    return wrap(Holder)\n",
}
# (file, text, replacement): each changes the containers; make.py never changes.
EDITS = [
    ("pick.py", "    return Holder\n", "    return Plain\n"),  # a call's result (r|...)
    ("run.py", "wrap(Holder)", "wrap(Plain)"),  # a parameter (p|make:wrap|cls)
    ("pick.py", "    return Plain\n", "    return Holder\n"),
    ("layers.py", "class Holder(tf.keras.layers.Layer):", "class Holder:"),  # an MRO (n|M)
    ("layers.py", "class Holder:", "class Holder(tf.keras.layers.Layer):"),
    ("run.py", "    return wrap(Plain)\n",
     "    return wrap(Plain), Holder([Inner()])\n"),  # a list: a possible holder of any layer
    ("run.py", "from layers import Holder\n", "from layers import Holder, Inner\n"),
    ("run.py", "wrap(Plain)", "wrap(Holder)"),
]



def _write(root: Path) -> None:
    for rel, text in FILES.items():
        (root / rel).write_text(text)


def _reports(analyzer: Analyzer) -> list[tuple]:
    return sorted((f.file, f.qualname, f.reason, f.hybrid, repr(f.evidence))
                  for f in analyzer.run().functions)


def test_the_kept_containers_are_those_from_scratch(tmp_path: Path,
                                                    programs: list[Program]) -> None:
    _write(tmp_path)
    kept = Analyzer([tmp_path])
    kept.run()
    history = [keras_build.keras_containers(programs[-1])]
    made = [keras_build.constructors(programs[-1])]
    for rel, old, new in EDITS:
        path = tmp_path / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1))
        kept_reports = _reports(kept)
        incremental = programs[-1]
        scratch_reports = _reports(Analyzer([tmp_path]))
        scratch = programs[-1]
        got = keras_build.keras_containers(incremental)
        assert got == keras_build.keras_containers(scratch), (rel, old)
        assert kept_reports == scratch_reports, (rel, old)
        history.append(got)
        # Who constructs each class (KerasReach.creators), from the same kept shares: as a run
        # from scratch finds it, and as a scan of every call site does.
        constructed = keras_build.constructors(incremental)
        assert constructed == keras_build.constructors(scratch), (rel, old)
        scan = KerasReach(incremental, lambda site: False, lambda fn: False)
        assert {cls: scan.creators(cls) for cls in incremental.classes} == \
            {cls: constructed.get(cls, set()) for cls in incremental.classes}, (rel, old)
        made.append(constructed)
    assert len({repr(h) for h in history}) >= 4  # the edits did change the containers
    assert len({repr(sorted(m.items())) for m in made}) >= 3  # and who constructs what
    assert len(history[0][0]["layers:Inner"]) == 2 and len(history[1][0]["layers:Inner"]) == 1


def test_only_what_an_edit_reaches_is_read_again(tmp_path: Path, programs: list[Program],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path)
    (tmp_path / "other.py").write_text("def alone():\n    return len([])\n")
    kept = Analyzer([tmp_path])
    kept.run()
    keras_build.keras_containers(programs[-1])
    read: list[str] = []
    real = keras_build._containers_share

    def counting(program: Program, key: str):  # type: ignore[no-untyped-def]
        read.append(key)
        return real(program, key)

    monkeypatch.setattr(keras_build, "_containers_share", counting)
    (tmp_path / "other.py").write_text("def alone():\n    return len([1])\n")
    kept.run()
    keras_build.keras_containers(programs[-1])
    assert sorted(read) == ["other:alone"]
    read.clear()
    (tmp_path / "pick.py").write_text(FILES["pick.py"].replace("return Holder", "return Plain"))
    kept.run()
    got = keras_build.keras_containers(programs[-1])
    # pick.py's own, and make.make, which reads pick()'s result; not make.wrap nor run.go.
    assert "make:make" in read and "make:wrap" not in read and "run:go" not in read, read
    Analyzer([tmp_path]).run()
    assert got == keras_build.keras_containers(programs[-1])


@pytest.mark.parametrize(("old", "new"), [
    ("    return Holder\n", "    return Plain\n"),  # an imported class -> a class of its own
    ("    return Holder\n", "    return 1\n"),  # -> a constant
    ("def pick():\n    return Holder\n", "def pick(x=None):\n    return x\n"),  # parameters
    ("def pick():\n    return Holder\n",
     "def pick(*, x=Holder):\n    return x\n"),  # keyword-only, a default the call leaves out
])
def test_a_call_follows_its_callees_summary(tmp_path: Path, programs: list[Program],
                                            old: str, new: str) -> None:
    """A call's evaluation reads its callee's summary (parameters, defaults, returns): an
    incremental run evaluates it again when that summary changes (calls.bind notes `s|F`).
    Before, a return that was no placeholder left the caller's result stale."""
    _write(tmp_path)
    kept = Analyzer([tmp_path])
    kept.run()
    (tmp_path / "pick.py").write_text(FILES["pick.py"].replace(old, new, 1))
    kept_reports = _reports(kept)
    incremental = programs[-1]
    assert kept_reports == _reports(Analyzer([tmp_path]))
    scratch = programs[-1]
    assert incremental.results.get(("make:make", 0)) == scratch.results.get(("make:make", 0))
    assert {site: values for site, values in incremental.results.items() if values} == \
        {site: values for site, values in scratch.results.items() if values}


@pytest.mark.parametrize("count", [1, 2, 4])
def test_shares_kept_through_runs_that_do_not_read_them(tmp_path: Path, programs: list[Program],
                                                       count: int) -> None:
    """The kept shares are checked when read (Program.prune_lazy), against every token changed
    since: runs in between that never ask for the containers (only pick.py reported) must not
    lose what they changed."""
    _write(tmp_path)
    kept = Analyzer([tmp_path])
    kept.run()
    before = keras_build.keras_containers(programs[-1])
    for rel, old, new in EDITS[:count]:
        path = tmp_path / rel
        path.write_text(path.read_text().replace(old, new, 1))
        kept.run(None, None, {"pick.py"})
    got = keras_build.keras_containers(programs[-1])
    Analyzer([tmp_path]).run()
    assert got == keras_build.keras_containers(programs[-1])
    assert got != before


def test_holders_are_read_in_one_order_whatever_order_they_were_found() -> None:
    """KerasBuilds.containers sorts each class's holders (file, line, holder) when first read:
    the first holder that fails names the reason, so the order must not depend on the order
    the program's functions were loaded in."""
    found = {"a:L": [("a:B", "z.py", 3), (None, "a.py", 9), ("a:A", "z.py", 3), ("a:C", "a.py", 1)],
             "a:M": [("a:B", "b.py", 2)]}
    holders = keras_build.SortedOnRead({k: list(v) for k, v in found.items()})
    assert holders.get("a:L") == [("a:C", "a.py", 1), (None, "a.py", 9), ("a:A", "z.py", 3),
                                  ("a:B", "z.py", 3)]
    assert holders["a:M"] == found["a:M"] and holders.get("a:N", ()) == ()
    assert sorted(holders) == ["a:L", "a:M"] and len(holders) == 2
