"""`# hybridize: ignore[CODE]` comments: honoured by `check` (text, JSON, SARIF) and `fix`, read
with the tokenizer (never from a string), and reported with `--warn-unused-ignores` when they
suppress nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.analysis.suppressions import add_ignore, read_suppressions
from hybridize.cli import main

SOURCE = '''
    import tensorflow as tf


    def add(x, y):  # hybridize: ignore[CONVERT_TO_HYBRID]
        return tf.add(x, y)


    def mul(x, y):
        return tf.multiply(x, y)


    @tf.function  # hybridize: ignore[HAS_PYTHON_SIDE_EFFECTS, IS_RECURSIVE]
    def noisy(x):
        print("tracing")
        return x * 2


    @tf.function
    def loud(x):  # hybridize: ignore
        print("tracing")
        return x * 2


    def neg(x):
        s = "# hybridize: ignore"
        return tf.negative(x)

    # hybridize: ignore[CONVERT_TO_EAGER]


    def caller():
        t = tf.constant(1.0)
        add(t, t)
        mul(t, t)
        noisy(t)
        loud(t)
        neg(t)
    '''


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", {"m.py": SOURCE})


def check_json(project: Path, capsys, *extra: str) -> dict:
    capsys.readouterr()
    assert main(["check", str(project), "--no-cache", "--format", "json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_check_json_reports_suppressed_codes(project: Path, capsys) -> None:
    functions = {f["qualname"]: f for f in check_json(project, capsys)["functions"]}
    assert functions["add"]["transformation"] is None
    assert functions["add"]["suppressed"] == ["CONVERT_TO_HYBRID"]
    assert functions["noisy"]["failures"] == []
    assert functions["noisy"]["suppressed"] == ["HAS_PYTHON_SIDE_EFFECTS"]
    assert functions["loud"]["failures"] == [] and functions["loud"]["suppressed"]
    # Unsuppressed functions are untouched; a string that looks like a comment is no comment.
    assert functions["mul"]["transformation"] == "CONVERT_TO_HYBRID"
    assert functions["neg"]["transformation"] == "CONVERT_TO_HYBRID"
    assert functions["neg"]["suppressed"] == []


def test_check_text_and_sarif_show_no_suppressed_finding(project: Path, capsys) -> None:
    capsys.readouterr()
    main(["check", str(project), "--no-cache"])
    text = capsys.readouterr().out
    assert "hybridize   mul" in text and "hybridize   add" not in text
    assert "warning     noisy" not in text and "suppressed  noisy" in text
    main(["check", str(project), "--no-cache", "--format", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    flagged = {r["message"]["text"].split(":")[0] for r in results}
    assert flagged == {"mul", "neg"}


def test_warn_unused_ignores(project: Path, capsys) -> None:
    assert check_json(project, capsys)["unused_ignores"] == []
    unused = check_json(project, capsys, "--warn-unused-ignores")["unused_ignores"]
    lines = SOURCE.lstrip("\n").splitlines()
    noisy = next(n for n, t in enumerate(lines, 1) if "IS_RECURSIVE" in t)
    stray = next(n for n, t in enumerate(lines, 1) if "ignore[CONVERT_TO_EAGER]" in t)
    assert unused == [{"file": "m.py", "line": noisy, "codes": ["IS_RECURSIVE"]},
                      {"file": "m.py", "line": stray, "codes": ["CONVERT_TO_EAGER"]}]
    capsys.readouterr()
    main(["check", str(project), "--no-cache", "--warn-unused-ignores"])
    assert f"m.py:{noisy}: ignore[IS_RECURSIVE] suppresses nothing" in capsys.readouterr().out


def test_fix_leaves_suppressed_functions_alone(project: Path, capsys) -> None:
    assert main(["fix", str(project), "--no-cache"]) == 0
    text = (project / "m.py").read_text()
    assert "@tf.function\ndef mul" in text and "@tf.function\ndef neg" in text
    assert "@tf.function\ndef add" not in text


def test_fix_honours_a_suppressed_removal(tmp_path: Path, capsys) -> None:
    source = '''
        import tensorflow as tf


        @tf.function  # hybridize: ignore[CONVERT_TO_EAGER]
        def kept(n):
            return tf.ones([n])


        @tf.function
        def dropped(n):
            return tf.ones([n])


        for epoch in range(5):
            kept(epoch)
            dropped(epoch)
        '''
    project = write_project(tmp_path / "q", {"m.py": source})
    main(["fix", str(project), "--no-cache"])
    text = (project / "m.py").read_text()
    assert "@tf.function  # hybridize: ignore[CONVERT_TO_EAGER]\ndef kept" in text
    assert "@tf.function\ndef dropped" not in text


def test_comments_are_read_with_the_tokenizer() -> None:
    text = ('x = "# hybridize: ignore[A]"\n@d  # hybridize: ignore[A, B]\n'
            'def f():  # ok # hybridize: ignore\n    pass\n')
    assert read_suppressions(text) == {2: frozenset({"A", "B"}), 3: None}


def test_add_ignore_inserts_or_extends() -> None:
    assert add_ignore("def f(x):", "B") == "def f(x):  # hybridize: ignore[B]"
    assert add_ignore("def f(x):  # hybridize: ignore[A]", "B") == \
        "def f(x):  # hybridize: ignore[A, B]"
    assert add_ignore('def f(x="# hybridize: ignore[A]"):', "B") == \
        'def f(x="# hybridize: ignore[A]"):  # hybridize: ignore[B]'
    assert add_ignore("def f(x, \\", "B") is None
