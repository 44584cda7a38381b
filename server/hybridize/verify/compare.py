"""Parent side: the two runs' records -> a verdict per proposal.

A proposal is **confirmed** when its function was called eagerly in both runs and every recorded
call (the first MAX_CALLS) returned the same result (arrays within RTOL/ATOL), printed the same
text and raised the same exception type, and nothing failed only with the proposals; **refuted**
when a call differed, a test it ran in failed only with the proposals, or the whole command
failed only with them; **not exercised** otherwise (never called, or called only while another
graph was traced).
"""

from __future__ import annotations

import cmath
from dataclasses import dataclass, field
from typing import Any

from hybridize.verify.plan import Proposal

RTOL = 1e-5
ATOL = 1e-6

CONFIRMED, REFUTED, NOT_EXERCISED = "confirmed", "refuted", "not_exercised"


@dataclass
class RunSummary:
    exit_status: int | None
    seconds: float
    timed_out: bool
    log: str
    tests: dict[str, str] = field(default_factory=dict)
    records: bool = True  # False: the run wrote no records (killed, or os._exit)


@dataclass
class Difference:
    call: int  # 0-based index of the first eager call that differed
    what: str


@dataclass
class Verdict:
    proposal: Proposal
    status: str
    reason: str
    calls: tuple[int, int]  # eager calls: as written, with the proposals
    compared: int  # calls whose results were compared
    seconds: tuple[float, float]  # total time of the eager calls
    per_call: tuple[float | None, float | None]  # mean seconds per eager call
    speedup: float | None  # per_call as written / per_call with the proposals
    traces: int | None  # traces of its tf.function with the proposals (None: not a graph)
    graph_calls: int  # calls made while another graph was traced, with the proposals
    difference: Difference | None = None
    failed_tests: list[str] = field(default_factory=list)
    ran_in: set[str] = field(default_factory=set)  # tests during which it ran, either run
    nested_calls: int = 0  # eager calls from other probed functions, as written
    other_arguments: int = 0  # recorded calls not compared: the arguments differed
    # Traces of its tf.function as written (None: not a tf.function as written): with `traces`,
    # what a repair that keeps the graph (R1-R3) changed.
    traces_as_written: int | None = None


def compare(proposals: list[Proposal], original: dict[str, Any], proposed: dict[str, Any],
            runs: tuple[RunSummary, RunSummary], blamed: dict[str, str] | None = None
            ) -> list[Verdict]:
    """`blamed`: when the command failed only with the proposals, the proposals that bisection
    found make it fail without the others, and how (None: no bisection, every exercised
    proposal is blamed)."""
    before, after = runs
    failed_only_after = failed_only_with_proposals(before, after)
    # Tests that failed only with the proposals explain a failed pytest run: they are blamed
    # below; the whole command is blamed only when no test is (a script, a collection error).
    command_failed = None if failed_only_after else command_failed_only_with_proposals(runs)
    verdicts = []
    for proposal in proposals:
        first = original.get("functions", {}).get(proposal.pid, {})
        second = proposed.get("functions", {}).get(proposal.pid, {})
        verdict = _calls_verdict(proposal, first, second)
        verdict.ran_in = set(first.get("tests", [])) | set(second.get("tests", []))
        verdicts.append(verdict)
    for test in failed_only_after:
        # A test that failed only with the proposals is blamed on the proposals that ran in it
        # and differed on a call; when none did, on all that ran in it (it cannot say which).
        ran = [v for v in verdicts if test in v.ran_in]
        for verdict in [v for v in ran if v.difference is not None] or ran:
            verdict.failed_tests.append(test)
    for verdict, proposal in zip(verdicts, proposals, strict=True):
        reason = command_failed
        if reason and blamed is not None:
            reason = f"{reason}, {blamed[proposal.pid]}" if proposal.pid in blamed else None
        _settle(verdict, reason, proposal.file in proposed.get("loaded", ()))
    return verdicts


def failed_only_with_proposals(before: RunSummary, after: RunSummary) -> list[str]:
    return [test for test, outcome in after.tests.items()
            if outcome == "failed" and before.tests.get(test) == "passed"]


def command_failed_only_with_proposals(runs: tuple[RunSummary, RunSummary]) -> str | None:
    before, after = runs
    if after.timed_out and not before.timed_out:
        return "the command timed out only with the proposals"
    if before.exit_status == 0 and after.exit_status not in (0, None):
        return (f"the command failed only with the proposals (exit status "
                f"{after.exit_status}; 0 as written)")
    return None


def _mean(seconds: float, calls: int) -> float | None:
    return seconds / calls if calls else None


def _calls_verdict(proposal: Proposal, first: dict[str, Any], second: dict[str, Any]
                   ) -> Verdict:
    """The verdict from the function's own calls: refuted at the first that differed."""
    calls = (int(first.get("eager_calls", 0)), int(second.get("eager_calls", 0)))
    seconds = (float(first.get("seconds", 0.0)), float(second.get("seconds", 0.0)))
    per_call = (_mean(seconds[0], calls[0]), _mean(seconds[1], calls[1]))
    speedup = per_call[0] / per_call[1] if per_call[0] and per_call[1] else None
    hybrid = proposal.transformation != "CONVERT_TO_EAGER"
    traces = second.get("traces") if hybrid and second else None
    graph_calls = int(second.get("graph_calls", 0))
    verdict = Verdict(proposal, NOT_EXERCISED, "", calls, 0, seconds, per_call, speedup,
                      traces, graph_calls, nested_calls=int(first.get("nested_calls", 0)),
                      traces_as_written=first.get("traces") if first else None)
    pairs = list(zip(first.get("calls", []), second.get("calls", []), strict=False))
    # Arguments that differ (randomness, another proposal upstream) make results incomparable.
    # R2 passes tf.constant(n) where the program passed n: the same argument, by value.
    by_value = proposal.transformation == "PASS_TENSOR_ARGUMENTS"
    same = [(one, two) for one, two in pairs if _same_arguments(one, two, by_value)]
    verdict.compared, verdict.other_arguments = len(same), len(pairs) - len(same)
    for one, two in same:
        what = difference(one, two)
        if what is not None:
            verdict.status, verdict.difference = REFUTED, Difference(int(one["index"]), what)
            verdict.reason = f"call {int(one['index']) + 1} differed: {what}"
            break
    return verdict


def _same_arguments(one: dict[str, Any], two: dict[str, Any], by_value: bool = False) -> bool:
    first, second = one.get("arguments"), two.get("arguments")
    if first is None or second is None or isinstance(first, str):
        return first == second
    if by_value:
        first, second = _numbers(first), _numbers(second)
    return value_difference(first, second, "arguments") is None


def _numbers(value: Any) -> Any:
    """A described value with every Python number and scalar tensor as a float."""
    if isinstance(value, list):
        return [_numbers(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "int" in value and len(value) == 1:
        return {"float": repr(float(value["int"]))}
    scalar = value.get("tensor") is not None and value.get("shape") == [] and \
        len(value.get("values", ())) == 1
    if scalar:
        try:
            return {"float": repr(float(value["values"][0]))}
        except ValueError:
            return value
    return {key: _numbers(item) for key, item in value.items()}


def _settle(verdict: Verdict, command_failed: str | None, loaded: bool) -> None:
    """The final status, once the failed tests are attributed."""
    calls, graph_calls = verdict.calls, verdict.graph_calls
    if verdict.status == REFUTED and verdict.failed_tests:
        verdict.reason += f"; failed only with the proposals: {', '.join(verdict.failed_tests[:3])}"
    elif verdict.failed_tests:
        verdict.status = REFUTED
        verdict.reason = (f"{len(verdict.failed_tests)} test(s) it ran in failed only with the "
                          f"proposals: {', '.join(verdict.failed_tests[:3])}")
    if verdict.status == REFUTED:
        return
    exercised = calls[0] > 0 or calls[1] > 0 or verdict.nested_calls > 0 or graph_calls > 0
    if command_failed and exercised:
        verdict.status, verdict.reason = REFUTED, command_failed
    elif not loaded and not exercised:
        verdict.reason = ("its module was not loaded through verify's import hook (never "
                          "imported, or imported by another hook such as pytest's)")
    elif not exercised:
        verdict.reason = "never called"
    elif calls[0] == 0 and calls[1] == 0:
        verdict.reason = ("called only by other proposed functions or while a graph was "
                          "traced: its results are part of theirs")
    elif calls[0] != calls[1]:
        verdict.reason = (f"called {calls[0]} times as written, {calls[1]} with the proposals "
                          "(the runs went different ways)")
    elif verdict.compared == 0:
        verdict.reason = ("no call got the same arguments in both runs (random inputs?)"
                          if verdict.other_arguments else "no call was recorded")
    else:
        verdict.status = CONFIRMED
        verdict.reason = f"exercised {calls[1]} times, same results on {verdict.compared} calls"
        if verdict.other_arguments:
            verdict.reason += (f" ({verdict.other_arguments} not compared: other arguments in "
                               "the other run)")


def difference(one: dict[str, Any], two: dict[str, Any]) -> str | None:
    """What differs between two records of the same call, or None."""
    error_one, error_two = one.get("exception"), two.get("exception")
    if error_one or error_two:
        if error_one and error_two and error_one["type"] == error_two["type"]:
            return None  # messages differ between eager and graph; the type is what callers see
        return (f"raised {_error(error_one)} as written, {_error(error_two)} with the proposals")
    if one.get("printed", "") != two.get("printed", ""):
        return (f"printed {_short(one.get('printed', ''))} as written, "
                f"{_short(two.get('printed', ''))} with the proposals")
    return value_difference(one.get("result"), two.get("result"), "result")


def _error(error: dict[str, Any] | None) -> str:
    return "nothing" if not error else f"{error['type']}: {_short(error['message'], 80)}"


def _short(text: str, limit: int = 60) -> str:
    if not text:
        return "nothing"
    return repr(text if len(text) <= limit else text[:limit] + "...")


def value_difference(one: Any, two: Any, where: str) -> str | None:
    """Where two described values (probe.describe) differ, or None."""
    kind_one, kind_two = _kind(one), _kind(two)
    composite = [value.get("composite") if isinstance(value, dict) else None
                 for value in (one, two)]
    if composite[0] != composite[1]:
        return (f"{where}: {composite[0] or kind_one} as written, {composite[1] or kind_two} "
                "with the proposals")
    if kind_one != kind_two:
        return f"{where}: {kind_one} as written, {kind_two} with the proposals"
    if kind_one in ("tensor", "array"):
        return _array_difference(one, two, where)
    if kind_one in ("list", "tuple"):
        if one["length"] != two["length"]:
            return f"{where}: {one['length']} items as written, {two['length']} with the proposals"
        for index, (a, b) in enumerate(zip(one[kind_one], two[kind_one], strict=True)):
            found = value_difference(a, b, f"{where}[{index}]")
            if found:
                return found
        return None
    if kind_one == "dict":
        keys_one = [key for key, _ in one["dict"]]
        keys_two = [key for key, _ in two["dict"]]
        if keys_one != keys_two or one["length"] != two["length"]:
            return f"{where}: keys {keys_one[:5]} as written, {keys_two[:5]} with the proposals"
        for (key, a), (_, b) in zip(one["dict"], two["dict"], strict=True):
            found = value_difference(a, b, f"{where}[{key}]")
            if found:
                return found
        return None
    if kind_one == "float":
        a, b = float(one["float"]), float(two["float"])
        if _close(a, b):
            return None
        return f"{where}: {a!r} as written, {b!r} with the proposals"
    if one != two:
        return f"{where}: {_plain(one)} as written, {_plain(two)} with the proposals"
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "bool"
    for key in ("tensor", "array", "list", "tuple", "dict", "int", "float", "str", "object"):
        if key in value:
            return key
    return "unknown"


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("int", "str", "object"):
            if key in value:
                return repr(value[key]) if key != "object" else f"a {value[key]}"
    return repr(value)


def _array_difference(one: dict[str, Any], two: dict[str, Any], where: str) -> str | None:
    kind = "tensor" if "tensor" in one else "array"
    if one[kind] != two[kind] or one["shape"] != two["shape"]:
        return (f"{where}: {one[kind]}{tuple(one['shape'])} as written, "
                f"{two[kind]}{tuple(two['shape'])} with the proposals")
    for key in ("sum", "abs_sum"):
        if key in one and not _close(_number(one[key]), _number(two.get(key, ""))):
            return f"{where}: {key} {one[key]} as written, {two.get(key)} with the proposals"
    differ = [index for index, (a, b) in enumerate(zip(one["values"], two["values"],
                                                       strict=True))
              if a != b and not _close(_number(a), _number(b))]
    if not differ:
        return None
    index = differ[0]
    return (f"{where}: element {index} is {one['values'][index]} as written, "
            f"{two['values'][index]} with the proposals ({len(differ)} elements differ beyond "
            f"rtol={RTOL}, atol={ATOL})")


def _number(text: str) -> complex | None:
    """The number an element was written as (probe.describe: its repr), or None (booleans and
    text compare exactly)."""
    if text in ("True", "False"):
        return None
    try:
        return complex(text.strip("()"))
    except ValueError:
        return None


def _close(a: complex | float | None, b: complex | float | None) -> bool:
    """numpy.isclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True), for two numbers (no NumPy in
    the parent process: hybridize does not depend on it)."""
    if a is None or b is None:
        return False
    if cmath.isnan(a) or cmath.isnan(b):
        return cmath.isnan(a) and cmath.isnan(b)
    if cmath.isinf(a) or cmath.isinf(b):
        return a == b
    return abs(a - b) <= ATOL + RTOL * abs(b)
