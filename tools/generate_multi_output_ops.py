"""Generate data/multi_output_ops.tsv: the TensorFlow and Keras ops that return a Python list or
tuple of tensors (`tf.split`, `tf.unstack`, `tf.math.top_k`, `keras.ops.moments`, ...).

Why it matters: `a, b = x` on a tensor works eagerly (it iterates over the first dimension) and
raises OperatorNotAllowedInGraphError in a graph, while `a, b = tf.split(x, 2)` unpacks a Python
list and works in both (measured, TF 2.21; tests/fixtures/soundness/unpacking.py). The engine
types what these ops return as a list of tensors, so unpacking their result is no hazard.

Source: each op's docstring, its "Returns:" section (the ops of data/api_symbols.tsv in the
categories tensor_op and random). An op is listed when that section says it returns a list, a
tuple, a pair or several tensors ("A tuple of `Tensor` objects (values, indices)", "A list of
`num` `Tensor` objects", "Two `Tensor` objects: `mean` and `variance`", two or more named
outputs "s: ... u: ..."). Listing an op that may return a single tensor would hide a hazard,
so EXCLUDED names the ops whose docstring matches but whose result depends on an argument
(`eigvals_only`, `compute_uv`, the structure of `loop_vars`) or whose elements are not tensors;
an op left out only costs a proposal (its unpacking is declined). Review the diff.

Run it with the interpreter that has TensorFlow and Keras installed:

    .venv/bin/python tools/generate_multi_output_ops.py
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_api_tables import HEADER, resolve, table_symbols, versions  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data"
CATEGORIES = ("tensor_op", "random")
# Docstrings that match but do not promise a list or tuple of tensors whatever the arguments.
EXCLUDED = {
    "tensorflow.foldl": "a tensor or a nested structure, as `fn` returns",
    "tensorflow.foldr": "a tensor or a nested structure, as `fn` returns",
    "tensorflow.case": "what the chosen branch returns",
    "tensorflow.cond": "what the chosen branch returns",
    "tensorflow.keras.ops.while_loop": "the structure of `loop_vars`: one tensor for one",
    "tensorflow.keras.ops.unique": "a tensor, or a tuple with return_inverse/return_counts",
    "tensorflow.keras.ops.numpy.unique": "a tensor, or a tuple with return_inverse/return_counts",
    "tensorflow.keras.ops.svd": "only the singular values with compute_uv=False",
    "tensorflow.keras.ops.linalg.svd": "only the singular values with compute_uv=False",
    "tensorflow.linalg.svd": "only the singular values with compute_uv=False",
    "tensorflow.linalg.eigh_tridiagonal": "only the eigenvalues with eigvals_only=True (default)",
    "tensorflow.keras.ops.shape": "a tuple of Python ints and None (static_values.py)",
    "tensorflow.keras.quantizers.pack_int4": "a tensor, a shape and a Python int",
    "tensorflow.RaggedTensor.from_uniform_row_length": "one RaggedTensor",
    "tensorflow.py_function": "what `func` returns, or a decorator",
}
# Read in the section's first sentence only ("... the rank of `output` is one less ... a
# tuple" later in tf.norm's section is about an argument).
_SEVERAL = re.compile(
    r"\b(a|an)\s+(list|tuple)\b|\b(a|\))\s+pair\b|^pair of\b|\btuple\b|\btriple\b"
    r"|\blist of (sub|`?tensor)|\b(two|three|four|five)\s+`?tensor", re.I)
# Named outputs, each opening the section or a sentence: "e: Eigenvalues. ... v: Eigenvectors."
_NAMED = re.compile(r"(?:^|\.\s+)'?([a-z_][a-z_0-9]*)'?:\s")


def returns_section(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    found = re.search(r"\n\s*Returns?:\s*\n(.*?)(\n\s*\n|\Z)", doc, re.S)
    return " ".join(found.group(1).split()) if found else ""


def rows() -> list[str]:
    out = []
    for symbol in table_symbols(CATEGORIES):
        if symbol in EXCLUDED:
            continue
        obj = resolve(symbol)
        if obj is None or not callable(obj):
            continue
        text = returns_section(obj)
        if not text:
            continue
        first = re.split(r"(?<=[.])\s", text, maxsplit=1)[0]
        if _SEVERAL.search(first) or len(set(_NAMED.findall(text))) >= 2:
            out.append(f"{symbol}\t{text[:120]}")
    return out


def main() -> None:
    body = rows()
    (DATA / "multi_output_ops.tsv").write_text(
        HEADER.replace("generate_api_tables", "generate_multi_output_ops").format(
            versions=versions(), columns="op\twhat its docstring says it returns")
        + "\n".join(sorted(body)) + "\n", encoding="utf-8")
    print(f"{len(body)} ops", file=sys.stderr)


if __name__ == "__main__":
    main()
