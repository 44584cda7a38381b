"""Modules to fuzz with: real files of the repository mutated line by line, and snippets that
hypothesmith generates from Python's grammar, placed in a TensorFlow function."""

from __future__ import annotations

import ast
import random
import re
import textwrap
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Realistic TensorFlow code: the corpus, the examples and the benchmark workloads.
SEED_FOLDERS = ("tests/corpus", "examples", "benchmarks/workloads")

# The settings that change verdicts and edits (P4 adds input_signature to decorators).
FLAGS = ((), (), ("--infer-signatures",), ("--speculative",))
DECORATORS = ("@tf.function", "@tf.function(jit_compile=True)", "@tf.function()",
              "@tf.function(reduce_retracing=True)", "@function", "@staticmethod")
# Tokens that break or bend code in the ways a half-typed file does.
TOKENS = ("(", ")", "[", "]", "{", "}", ":", ",", "lambda", "lambda x: x", "def", "class",
          "yield", "await", "return", "global x", "nonlocal x", "*", "**", "@", "\\", '"""',
          "'", "#", "\t", "\f", "\u2028", "\r", "print(x)", ".numpy()", "tf.function",
          "import tensorflow as tf", "from tensorflow import function", "x += 1", "self",
          "tf.Variable(1.0)", "if x:", "else:", "for i in x:", "with tf.GradientTape() as t:",
          "async", "match x:", "case _:", "try:", "except:", "pass", "...", "del x", ":=")


@dataclass
class FuzzModule:
    """One fuzz case: files by relative path, and how they were made (to reproduce it)."""

    files: dict[str, bytes]
    origin: str
    mutations: list[str] = field(default_factory=list)
    flags: tuple[str, ...] = ()  # for both check and fix

    def describe(self) -> str:
        flags = f" with {' '.join(self.flags)}" if self.flags else ""
        return f"{self.origin}{flags}: {'; '.join(self.mutations) or 'unchanged'}"


def seed_packages(root: Path = ROOT) -> list[dict[str, bytes]]:
    """Every folder of Python files under the seed folders, as {relative path: bytes}."""
    packages: dict[Path, dict[str, bytes]] = {}
    for folder in SEED_FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            files = packages.setdefault(path.parent, {})
            files[path.relative_to(path.parent.parent).as_posix()] = path.read_bytes()
    return [packages[key] for key in sorted(packages)]


def mutate_text(data: bytes, rng: random.Random, log: list[str]) -> bytes:
    """One random edit of the kinds a user makes while typing (or a tool makes by mistake)."""
    lines = data.split(b"\n")
    kind = rng.choice(("delete", "duplicate", "swap", "decorate", "decorate", "token", "token",
                       "truncate", "indent", "byte", "line ends", "copy def", "rename def"))
    at = rng.randrange(len(lines))
    if kind == "delete" and len(lines) > 1:
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap":
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
        at = (at, other)  # type: ignore[assignment]
    elif kind == "decorate":
        # Above a def (or any line) half of the time, with that line's indentation.
        defs = [i for i, line in enumerate(lines) if re.match(rb"\s*(async\s+)?def ", line)]
        if defs and rng.random() < 0.7:
            at = rng.choice(defs)
        indent = re.match(rb"[ \t]*", lines[at]).group(0)  # type: ignore[union-attr]
        decorator = rng.choice(DECORATORS)
        lines.insert(at, indent + decorator.encode())
        kind = f"decorate {decorator}"
    elif kind == "token":
        line = lines[at]
        col = rng.randrange(len(line) + 1)
        token = rng.choice(TOKENS)
        lines[at] = line[:col] + token.encode() + line[col:]
        kind = f"token {token!r} at column {col}"
    elif kind == "truncate":
        cut = rng.randrange(len(data) + 1)
        log.append(f"truncate at byte {cut}")
        return data[:cut]
    elif kind == "indent":
        lines[at] = rng.choice((b" ", b"    ", b"\t")) + lines[at]
    elif kind == "copy def":  # a definition pasted twice (the name then binds the copy)
        defs = [i for i, line in enumerate(lines) if re.match(rb"\s*(async\s+)?def ", line)]
        if defs:
            at = rng.choice(defs)
            indent = len(lines[at]) - len(lines[at].lstrip())
            end = at + 1
            while end < len(lines) and (not lines[end].strip() or
                                        len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            lines[end:end] = lines[at:end]
    elif kind == "rename def":  # two different bodies under one name (C.m defined twice)
        names = [(i, m) for i, line in enumerate(lines)
                 if (m := re.match(rb"(\s*(?:async\s+)?def )(\w+)", line))]
        if len(names) > 1:
            (at, first), (_, second) = rng.sample(names, 2)
            lines[at] = first.group(1) + second.group(2) + lines[at][first.end():]
            kind = f"rename def to {second.group(2).decode()}"
    elif kind == "line ends":  # Windows files, old Mac line ends, and the two mixed
        if rng.random() < 0.5:
            ending = rng.choice((b"\r\n", b"\r"))
            log.append(f"every line end {ending!r}")
            return ending.join(lines)
        lines[at] += b"\r"  # this one line ends in \r\n
        kind = "line end \\r\\n"
    elif kind == "byte":
        line = lines[at]
        col = rng.randrange(len(line) + 1)
        value = rng.randrange(0x80, 0x100)
        lines[at] = line[:col] + bytes([value]) + line[col:]
        kind = f"byte 0x{value:02x} at column {col}"
    log.append(f"{kind} line {at}")
    return b"\n".join(lines)


def mutated_module(rng: random.Random, packages: list[dict[str, bytes]]) -> FuzzModule:
    """One to three edits in a seed file, analysed alone or (a quarter of the time, to reach
    cross-module resolution) with the other files of its package."""
    package = rng.choice(packages)
    names = sorted(package)
    targets = [rng.choice(names)]
    files = dict(package) if rng.random() < 0.25 else {targets[0]: package[targets[0]]}
    log: list[str] = []
    # Most mutants would not parse: two thirds of the time, keep to edits after which the file
    # still parses (odd but valid code reaches the whole engine, not only the parser).
    valid = rng.random() < 0.67
    for name in targets:
        for _ in range(rng.choice((1, 1, 2, 3))):
            for _attempt in range(10 if valid else 1):
                tried: list[str] = []
                data = mutate_text(files[name], rng, tried)
                if not valid or _parses(data):
                    break
            files[name] = data
            log += tried
    return FuzzModule(files, targets[0], log, rng.choice(FLAGS))


def _parses(data: bytes) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


TEMPLATE = '''import tensorflow as tf


@tf.function
def traced(x):
{body}
    return tf.abs(x)


def caller(x):
{body}
    return traced(x) + 1


caller(tf.zeros(2))
'''


def generated_module(source: str) -> FuzzModule:
    """A hypothesmith snippet as a module of its own and as the body of functions that TF code
    calls (so that the engine's call resolution and decisions see it too)."""
    body = textwrap.indent(source, "    ") if source.strip() else "    pass"
    return FuzzModule({"gen/top.py": source.encode("utf-8", "surrogatepass"),
                       "gen/inside.py": TEMPLATE.format(body=body).encode("utf-8",
                                                                          "surrogatepass")},
                      "hypothesmith", [repr(source)])
