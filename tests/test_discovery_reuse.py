"""discovery.Listing.reuse: a caller told of every change on disk (the language server with an
editor that watches the files) gets the last walk's result again, without a stat per file; only
for the one walk it asked, only for the same paths and exclude patterns, only for REUSE_S."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hybridize.analysis import discovery
from hybridize.analysis.discovery import Listing, discover


def shown(root: Path, listing: Listing | None = None, exclude: tuple[str, ...] = ()
          ) -> tuple[list[str], list[tuple[str, str]]]:
    ws = discover([root], exclude, listing)
    return [f.rel for f in ws.files], [(e.file, e.message) for e in ws.errors]


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for rel in ("a.py", "pkg/__init__.py", "pkg/b.py"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    (root / "pkg/odd.py").mkdir()  # an error the result carries
    return root


def stats_during(monkeypatch: pytest.MonkeyPatch, call) -> tuple[object, int]:
    count = {"n": 0}
    real = os.stat

    def counting(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(discovery.os, "stat", counting)
    try:
        return call(), count["n"]
    finally:
        monkeypatch.setattr(discovery.os, "stat", real)


def test_reuse_gives_the_last_result_without_a_stat(tree: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    listing = Listing()
    first = shown(tree, listing)
    assert first[1] == [("pkg/odd.py", "cannot read: is a directory")]
    listing.reuse = True
    again, stats = stats_during(monkeypatch, lambda: shown(tree, listing))
    assert again == first and stats <= 1  # root_of's look at the given folder
    assert listing.reuse is False  # for one walk only
    _, stats = stats_during(monkeypatch, lambda: shown(tree, listing))
    assert stats >= 4  # and one per file


def test_reuse_is_only_what_the_caller_was_told(tree: Path) -> None:
    """A file created without the caller knowing is not seen by a reused walk (the caller
    vouched that nothing changed); the next walk without `reuse` sees it."""
    listing = Listing()
    first = shown(tree, listing)
    (tree / "pkg/new.py").write_text("y = 2\n")
    listing.reuse = True
    assert shown(tree, listing) == first
    assert shown(tree, listing) == shown(tree) != first


def test_the_returned_lists_are_copies(tree: Path) -> None:
    listing = Listing()
    ws = discover([tree], (), listing)
    ws.files.clear()
    ws.errors.clear()
    listing.reuse = True
    assert shown(tree, listing) == shown(tree)


def test_other_paths_or_patterns_walk_again(tree: Path) -> None:
    listing = Listing()
    shown(tree, listing)
    listing.reuse = True
    assert shown(tree, listing, ("b.py",)) == shown(tree, None, ("b.py",))
    listing.reuse = True
    assert shown(tree / "pkg", listing) == shown(tree / "pkg")


def test_an_old_result_is_not_reused(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listing = Listing()
    first = shown(tree, listing)
    (tree / "pkg/new.py").write_text("y = 2\n")
    assert listing.last is not None
    key, ws, walked = listing.last
    listing.last = (key, ws, walked - discovery.REUSE_S - 1)
    listing.reuse = True
    assert shown(tree, listing) == shown(tree) != first
