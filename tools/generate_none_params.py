"""Generate data/op_none_params.tsv for analysis/keras_pure.py's None-tolerance check.

The TensorFlow and Keras ops of data/api_symbols.tsv (category tensor_op) with parameters whose
default is None, other than `name`: such a parameter takes None without an error and gives it a
meaning of its own (`tf.range(0, limit=None)` is an empty range, `tf.sequence_mask(lengths,
maxlen=None)` masks to the longest length, `axis=None` reduces every axis). A static dimension
passed there is None in Keras' symbolic runs and the trace made there is kept, so the check
counts it as a use where None passes. Ops without such a parameter raise on a None argument.

Run it with the interpreter that has TensorFlow and Keras installed:

    .venv/bin/python tools/generate_none_params.py
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_api_tables import HEADER, resolve, table_symbols, versions  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data"


def _object(symbol: str) -> object | None:
    if not symbol.startswith("tensorflow.python."):
        return resolve(symbol)
    module, _, name = symbol.rpartition(".")
    try:
        return getattr(importlib.import_module(module), name)
    except Exception:
        return None


def rows() -> list[str]:
    out = []
    for symbol in table_symbols(("tensor_op",)):
        if symbol.startswith("tensorflow.raw_ops."):
            continue
        obj = _object(symbol)
        if obj is None or not callable(obj):
            continue
        try:
            params = list(inspect.signature(inspect.unwrap(obj)).parameters.values())
        except (TypeError, ValueError):
            continue
        positional = [p.name for p in params
                      if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        if positional[:1] in (["cls"], ["self"]):  # a classmethod unwrapped: called bound
            positional = positional[1:]
        optional = sorted(p.name for p in params if p.default is None and p.name != "name")
        if optional:
            out.append(f"{symbol}\t{','.join(positional)}\t{','.join(optional)}")
    return sorted(out)


def main() -> None:
    found = rows()
    (DATA / "op_none_params.tsv").write_text(
        HEADER.replace("generate_api_tables", "generate_none_params").format(
            versions=versions(),
            columns="op\tpositional parameters\tparameters whose default is None")
        + "\n".join(found) + "\n", encoding="utf-8")
    print(f"{len(found)} ops", file=sys.stderr)


if __name__ == "__main__":
    main()
