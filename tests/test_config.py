"""The configuration file: [tool.hybridize] in pyproject.toml or a hybridize.toml, found by walking
up, validated as the editor settings are, with the flags of the command line over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers_project import write_project
from hybridize.cli import main
from hybridize.config import combine, find_config, load_config
from hybridize.lsp.settings import parse_settings, with_file

# `step` receives a tensor only if its name is taken as a guess (--speculative).
SPECULATIVE = "import tensorflow as tf\n\ndef train_step(x):\n    return tf.reduce_sum(x)\n"


def test_pyproject_table_found_from_a_file_below(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.hybridize]\nspeculative = true\nexclude = ["gen/*"]\n')
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    start = tmp_path / "src" / "pkg" / "m.py"
    start.write_text("")
    config = load_config(start)
    assert config.path == tmp_path / "pyproject.toml"
    assert config.values == {"speculative": True, "exclude": ("gen/*",)}
    assert config.problems == ()


def test_a_pyproject_without_the_table_is_passed_over_and_hybridize_toml_wins(tmp_path: Path):
    (tmp_path / "hybridize.toml").write_text("inferSignatures = true\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "hybridize.toml"
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.hybridize]\nspeculative = true\n")
    assert find_config(tmp_path / "sub") == tmp_path / "sub" / "pyproject.toml"
    (tmp_path / "sub" / "hybridize.toml").write_text("")
    assert find_config(tmp_path / "sub") == tmp_path / "sub" / "hybridize.toml"


@pytest.mark.parametrize(("name", "text", "problem"), [
    ("pyproject.toml", "[tool.hybridize]\nspeculative = \"yes\"\n",
     "[tool.hybridize] speculative must be true or false, not 'yes'"),
    ("hybridize.toml", "debounceMs = -1\n",
     "debounceMs must be an integer from 0 to 10000, not -1"),
    ("hybridize.toml", "[diagnostics.severity]\nwarning = \"loud\"\n",
     "diagnostics.severity.warning must be one of error, warning, information, hint, off, "
     "not 'loud'"),
    ("hybridize.toml", "specualtive = true\n", "specualtive is not a setting"),
    ("hybridize.toml", "configurationPreference = \"editorOnly\"\n",
     "configurationPreference is an editor setting, not read from a file"),
    ("pyproject.toml", "[tool.hybridize]\ncache = false\n",
     "[tool.hybridize] cache is an editor setting, not read from a file"),
])
def test_each_invalid_value_names_the_file_and_the_key(tmp_path: Path, name: str, text: str,
                                                      problem: str):
    (tmp_path / name).write_text(text)
    config = load_config(tmp_path)
    assert config.problems == (f"{tmp_path / name}: {problem}",)
    assert config.values.get("speculative") is None


def test_a_file_that_is_not_toml_is_a_problem_not_a_crash(tmp_path: Path):
    (tmp_path / "hybridize.toml").write_text("speculative = \n")
    config = load_config(tmp_path)
    assert config.values == {}
    assert config.problems[0].startswith(f"{tmp_path / 'hybridize.toml'}: cannot be read as TOML")


def test_editor_first_by_default_and_the_preference_reverses_it():
    file = {"speculative": True, "severity": {"warning": "error", "reconfigure": "off"}}
    editor = {"speculative": False, "severity": {"warning": "hint"}}
    assert combine(editor, file) == {"speculative": False,
                                     "severity": {"warning": "hint", "reconfigure": "off"}}
    first = {**editor, "preference": "filesystemFirst"}
    assert combine(first, file)["speculative"] is True
    assert combine(first, file)["severity"] == {"warning": "error", "reconfigure": "off"}
    assert combine({"preference": "editorOnly"}, file) == {"preference": "editorOnly"}


def test_server_settings_of_a_folder_fill_what_the_editor_leaves_unset():
    editor, problems = parse_settings({"inferSignatures": True})
    assert problems == []
    settings = with_file(editor, {"speculative": True, "infer_signatures": False,
                                  "severity": {"warning": "error"}})
    assert settings.speculative is True and settings.infer_signatures is True
    assert settings.severity["warning"] == "error"
    assert settings.severity["convertToHybrid"] == "hint"  # the default, set by neither


def functions(tmp_path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> dict:
    assert main(["check", str(tmp_path), "--no-cache", "--format", "json", *flags]) == 0
    out = capsys.readouterr()
    found = json.loads(out.out)["functions"]
    # The verdict of m.py's train_step, the files analysed, and what went to stderr.
    return {"train_step": next((f for f in found if f["file"].endswith("m.py")), None),
            "files": {f["file"] for f in found}, "stderr": out.err}


def test_cli_reads_the_file_and_flags_override_it(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]):
    write_project(tmp_path, {"m.py": SPECULATIVE, "gen/g.py": SPECULATIVE})
    assert "gen/g.py" in functions(tmp_path, capsys)["files"]
    assert functions(tmp_path, capsys)["train_step"]["transformation"] is None
    (tmp_path / "pyproject.toml").write_text(
        '[tool.hybridize]\nspeculative = true\nexclude = ["gen/*"]\n')
    found = functions(tmp_path / "m.py", capsys)  # found walking up from the file too
    assert found["train_step"]["transformation"] == "CONVERT_TO_HYBRID"
    found = functions(tmp_path, capsys)
    assert found["files"] == {"m.py"}
    assert found["stderr"] == ""
    # A flag wins: --exclude replaces the file's list; --no-config ignores the file.
    assert "gen/g.py" in functions(tmp_path, capsys, "--exclude", "nothing/*")["files"]
    assert functions(tmp_path, capsys, "--no-config")["train_step"]["transformation"] is None


def test_cli_warns_with_file_and_key_and_uses_the_default(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]):
    write_project(tmp_path, {"m.py": SPECULATIVE})
    (tmp_path / "hybridize.toml").write_text('speculative = "yes"\nexclude = ["*.py"]\n')
    found = functions(tmp_path, capsys)
    assert found["stderr"] == (f"hybridize: warning: {tmp_path / 'hybridize.toml'}: speculative "
                               "must be true or false, not 'yes'; using the default\n")
    assert found["files"] == set()  # the valid exclude still applies: no file left
    (tmp_path / "hybridize.toml").write_text('speculative = "yes"\n')
    assert functions(tmp_path, capsys)["train_step"]["transformation"] is None  # the default


def test_fix_reads_the_file_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    write_project(tmp_path, {"m.py": SPECULATIVE})
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    assert "@tf.function" not in (tmp_path / "m.py").read_text()
    (tmp_path / "hybridize.toml").write_text("speculative = true\n")
    assert main(["fix", str(tmp_path), "--no-cache"]) == 0
    assert "@tf.function\ndef train_step" in (tmp_path / "m.py").read_text()
