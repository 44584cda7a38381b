"""The snapshot is written as a sequence of pickles (cache_file.dump_parted): the summaries a few
modules at a time and each large table of the program state apart, so that saving it does not
keep a memo of the whole snapshot (215 MiB at the peak of a cold run on 250 KLOC). These tests
shrink the thresholds so that a small project is parted too."""

from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from helpers_project import verdicts, write_project
from hybridize.analysis import Settings, analyze, cache_file
from hybridize.analysis.cache_file import MAGIC, _mac, load_key
from hybridize.analysis.workspace import load_snapshot, root_of, snapshot_path

FILES = {
    f"m{n}.py": f"""
        import tensorflow as tf
        from m{(n + 1) % 6} import f{(n + 1) % 6}

        def f{n}(x):
            if {n} == 0:
                return x * 2.0
            return f{(n + 1) % 6}(x) + 1.0

        def main{n}():
            f{n}(tf.ones((2, 2)))
            f{n}(3)
        """
    for n in range(6)
}


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cache_file, "PART_MIN", 2)
    monkeypatch.setattr(cache_file, "CHUNK_ENTRIES", 2)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def bindings(snapshot):  # type: ignore[no-untyped-def]
    for table in (snapshot.state.site_info, snapshot.state.info or {}):
        for info in table.values():
            yield from info.bindings


def test_a_parted_snapshot_reads_back_equal_with_its_call_sites_shared(
        small_parts: None, tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", FILES)
    cache = tmp_path / "cache"
    analyze([project], Settings(), cache_dir=cache)
    path = snapshot_path(cache, root_of([project]))
    data = path.read_bytes()
    # The head, then the modules two at a time (3 pickles), then the state's tables.
    assert data.count(pickle.STOP + b"\x80") >= 4
    snapshot = load_snapshot(path)
    assert snapshot is not None and len(snapshot.modules) == 6
    whole = io.BytesIO()
    cache_file.dump_data(snapshot, whole)
    assert cache_file.load_data(whole.getvalue(), 0, path) == snapshot
    calls = {id(site) for m in snapshot.modules.values() for fn in m.functions
             for site in fn.calls}
    bound = list(bindings(snapshot))
    assert bound
    # keras_reach compares a binding's site with the function's calls by identity.
    assert all(id(b.site) in calls for b in bound)


def test_parted_snapshot_runs_equal_a_run_from_scratch(small_parts: None, tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", FILES)
    cache = tmp_path / "cache"
    cold = analyze([project], Settings(), cache_dir=cache)
    (project / "m3.py").write_text((project / "m3.py").read_text() + "\n\ndef extra(y):\n"
                                   "    return f3(y)\n")
    touched = analyze([project], Settings(), cache_dir=cache)
    assert touched.reused == 5
    scratch = analyze([project], Settings())

    def table(result):  # type: ignore[no-untyped-def]
        return {k: (r.transformation, [f.code for f in r.failures], r.reason)
                for k, r in verdicts(result).items()}

    assert table(touched) == table(scratch)
    assert {k: v for k, v in table(scratch).items() if "extra" not in k} == table(cold)


@pytest.mark.parametrize("pid", [("site", "m0", 0, 0), ("part", 1, 1, False), ("part", 0, 0, False),
                                 "os.system", ("part", 0, 1, 1)])
def test_a_persistent_id_other_than_a_part_in_order_is_refused(
        small_parts: None, tmp_path: Path, pid: object) -> None:
    class Forged(pickle.Pickler):
        def persistent_id(self, obj: object) -> object:
            return pid if obj == {"a": 1} else None

    buffer = io.BytesIO()
    Forged(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump([{"a": 1}])
    path = tmp_path / "cache" / "workspaces" / "x.pickle"
    path.parent.mkdir(parents=True)
    mac = _mac(load_key(create=True), path)
    mac.update(buffer.getvalue())
    path.write_bytes(MAGIC + mac.digest() + buffer.getvalue())
    with pytest.raises(cache_file.Rejected, match="may not name|not numbered in order"):
        cache_file.read_snapshot_payload(path)


def test_a_later_part_is_read_by_the_data_only_unpickler(small_parts: None, tmp_path: Path
                                                          ) -> None:
    marker = tmp_path / "marker"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return exec, (f"open({str(marker)!r}, 'w').write('ran')",)

    class Head(pickle.Pickler):
        def persistent_id(self, obj: object) -> object:
            return ("part", 0, 1, False) if obj == {"a": 1} else None

    buffer = io.BytesIO()
    Head(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump([{"a": 1}])
    pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump({"x": Payload()})
    path = tmp_path / "cache" / "workspaces" / "x.pickle"
    path.parent.mkdir(parents=True)
    mac = _mac(load_key(create=True), path)
    mac.update(buffer.getvalue())
    path.write_bytes(MAGIC + mac.digest() + buffer.getvalue())
    with pytest.raises(cache_file.Rejected, match="may not name builtins.exec"):
        cache_file.read_snapshot_payload(path)
    assert not marker.exists()
