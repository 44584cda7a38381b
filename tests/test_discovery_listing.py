"""discovery.Listing: a folder is listed again only when it changed, and the walk's result is
always the one a walk without the listing gives (files, errors, order)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hybridize.analysis.discovery import Listing, discover

OLD = time.time() - 3600  # folders older than the racy window: their listings are trusted


def age(root: Path, when: float = OLD) -> None:
    for dirpath, _, _ in os.walk(root):
        os.utime(dirpath, (when, when))


def shown(root: Path, listing: Listing | None = None, exclude: tuple[str, ...] = ()
          ) -> tuple[list[str], list[tuple[str, str]]]:
    ws = discover([root], exclude, listing)
    return [f.rel for f in ws.files], [(e.file, e.message) for e in ws.errors]


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for rel in ("a.py", "pkg/__init__.py", "pkg/b.py", "pkg/sub/c.py", "pkg/sub/notes.txt",
                "other/d.py", "build/skipped.py", ".hidden/e.py"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    age(root)
    return root


def test_nothing_changed_lists_nothing_again(tree: Path) -> None:
    listing = Listing()
    first = shown(tree, listing)
    assert listing.listed == 4  # ws, pkg, pkg/sub, other (build/ and .hidden/ are skipped)
    assert shown(tree, listing) == first == shown(tree)
    assert listing.listed == 0


EDITS: list[tuple[str, Callable[[Path], None], int]] = [
    # (what, the edit, folders listed again)
    ("a file added", lambda r: (r / "pkg/sub/new.py").write_text("y = 2\n"), 1),
    ("a file removed", lambda r: (r / "pkg/b.py").unlink(), 1),
    ("a file renamed", lambda r: (r / "other/d.py").rename(r / "other/e.py"), 1),
    ("a folder added", lambda r: (r / "pkg/more").mkdir() or (r / "pkg/more/f.py").write_text(""),
     2),
    ("a folder named like a module", lambda r: (r / "pkg/odd.py").mkdir(), 2),
    ("a link to a file", lambda r: (r / "other/link.py").symlink_to(r / "a.py"), 1),
    ("a file edited in place", lambda r: (r / "pkg/b.py").write_text("z = 3\n"), 0),
]


@pytest.mark.parametrize("what, edit, listed", EDITS, ids=[e[0] for e in EDITS])
def test_a_change_lists_its_folder_again(tree: Path, what: str, edit: Callable[[Path], None],
                                         listed: int) -> None:
    listing = Listing()
    shown(tree, listing)
    edit(tree)
    for dirpath, _, _ in os.walk(tree):  # a change long ago: nothing is racy
        if os.stat(dirpath).st_mtime > OLD + 1:
            os.utime(dirpath, (OLD + 60, OLD + 60))
    assert shown(tree, listing) == shown(tree)
    assert listing.listed == listed


def test_a_recent_change_is_listed_until_it_is_old(tree: Path) -> None:
    listing = Listing()
    shown(tree, listing)
    (tree / "pkg/new.py").write_text("")
    assert shown(tree, listing) == shown(tree)
    assert listing.listed == 1
    # Modified within the racy window: the same time stamp could hide a later change.
    (tree / "pkg/newer.py").write_text("")
    os.utime(tree / "pkg", ns=(os.stat(tree / "pkg").st_mtime_ns,) * 2)
    assert shown(tree, listing) == shown(tree)
    assert "pkg/newer.py" in shown(tree, listing)[0]
    assert listing.listed == 1


def test_a_folder_with_a_link_is_always_listed(tree: Path) -> None:
    (tree / "other/link.py").symlink_to(tree / "a.py")
    age(tree)
    listing = Listing()
    shown(tree, listing)
    # Where the link points changes; its folder does not.
    (tree / "a.py").unlink()
    (tree / "a.py").mkdir()
    os.utime(tree, (OLD + 60, OLD + 60))
    os.utime(tree / "other", (OLD, OLD))
    assert shown(tree, listing) == shown(tree)
    assert ("other/link.py", "cannot read: is a directory") in shown(tree)[1]
    assert listing.listed == 3  # ws (a.py replaced), the new folder a.py, other/ (a link)


def test_files_are_checked_on_every_run(tree: Path) -> None:
    listing = Listing()
    shown(tree, listing)
    os.unlink(tree / "other/d.py")
    os.mkfifo(tree / "other/d.py")  # replaced: its folder changed, listed again
    os.utime(tree / "other", (OLD, OLD))  # as if it had not
    files, errors = shown(tree, listing)
    assert (files, errors) == shown(tree)
    assert ("other/d.py", "cannot read: not a regular file") in errors


def test_other_exclusions_start_again(tree: Path) -> None:
    listing = Listing()
    shown(tree, listing)
    files, errors = shown(tree, listing, ("pkg/sub",))
    assert listing.listed == 3  # ws, pkg, other: every folder, pkg/sub excluded
    assert (files, errors) == shown(tree, None, ("pkg/sub",))
    assert "pkg/sub/c.py" not in files


def test_a_deleted_folder_is_forgotten(tree: Path) -> None:
    listing = Listing()
    shown(tree, listing)
    assert str(tree / "pkg" / "sub") in listing.folders
    for name in ("c.py", "notes.txt"):
        (tree / "pkg/sub" / name).unlink()
    (tree / "pkg/sub").rmdir()
    assert shown(tree, listing) == shown(tree)
    # pkg/ itself was modified just now: listed again next time, not kept either.
    assert set(listing.folders) == {str(tree), str(tree / "other")}
