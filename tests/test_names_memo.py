"""workspace._names_memo: the module names of the files, kept on the Analyzer's folder listing
while the package folders and the root's prefix stay the same; a folder that becomes a package
(or stops being one) names its files again, as a run from scratch does."""

from __future__ import annotations

from pathlib import Path

from hybridize.analysis.workspace import Analyzer


def _names(analyzer: Analyzer) -> dict[str, tuple[str, str]]:
    analyzer.run()
    assert analyzer.snapshot is not None
    return {m.path: (m.key, m.import_name) for m in analyzer.snapshot.modules.values()}


def test_names_follow_the_package_folders(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "sub" / "mod.py").write_text("def f():\n    return 1\n")
    (tmp_path / "top.py").write_text("from pkg.sub import mod\n")
    kept = Analyzer([tmp_path])
    first = _names(kept)
    assert kept.listing.names is not None and "pkg/sub/mod.py" in kept.listing.names[1]
    steps = [
        lambda: (tmp_path / "pkg" / "sub" / "__init__.py").write_text(""),
        lambda: (tmp_path / "pkg" / "__init__.py").write_text(""),
        lambda: (tmp_path / "pkg" / "sub" / "__init__.py").unlink(),
    ]
    seen = [first]
    for step in steps:
        step()
        got = _names(kept)
        assert got == _names(Analyzer([tmp_path]))
        seen.append(got)
    assert len({repr(s["pkg/sub/mod.py"]) for s in seen}) >= 3
