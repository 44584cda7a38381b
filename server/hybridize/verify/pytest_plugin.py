"""Child side: a pytest plugin (`-p hybridize.verify.pytest_plugin`, added by verify to the
command's arguments) that tells the recorder which test runs, and records each test's outcome."""

from __future__ import annotations

import sys
from collections.abc import Generator
from typing import Any

import pytest

from hybridize.verify import probe
from hybridize.verify.hook import VerifyFinder

# A test's outcome over its phases: a failed setup or teardown fails it; a skip in setup skips it.
_RANK = {"passed": 0, "xfailed": 0, "skipped": 1, "xpassed": 1, "failed": 2}


def pytest_configure(config: pytest.Config) -> None:
    """pytest put its assertion-rewriting import hook in front of verify's: put verify's back in
    front, so that the proposals in test modules are applied too (those modules then run without
    pytest's assertion rewriting, in both runs alike; other test modules keep it)."""
    for finder in [f for f in sys.meta_path if isinstance(f, VerifyFinder)]:
        sys.meta_path.remove(finder)
        sys.meta_path.insert(0, finder)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: Any) -> Generator[None, None, None]:
    recorder = probe.current
    if recorder is not None:
        recorder.current_test = item.nodeid
    try:
        yield
    finally:
        if recorder is not None:
            recorder.current_test = None


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    recorder = probe.current
    if recorder is None:
        return
    if hasattr(report, "wasxfail"):
        outcome = "xfailed" if report.skipped else "xpassed"
    elif report.when != "call" and report.passed:
        return
    else:
        outcome = report.outcome
    earlier = recorder.tests.get(report.nodeid)
    if earlier is None or _RANK[outcome] > _RANK[earlier]:
        recorder.tests[report.nodeid] = outcome
