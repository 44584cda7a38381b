"""Child side: a pytest plugin (`-p hybridize.verify.pytest_plugin`, added by verify to the
command's arguments) that tells the recorder which test runs, and records each test's outcome."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from hybridize.verify import probe

# A test's outcome over its phases: a failed setup or teardown fails it; a skip in setup skips it.
_RANK = {"passed": 0, "xfailed": 0, "skipped": 1, "xpassed": 1, "failed": 2}


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
