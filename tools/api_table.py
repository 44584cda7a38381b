"""The API table's names for one TensorFlow object, for the probe tools (never imported by the
analysis): a probe measures one name, and its row holds for every other name the table gives
the same object (`tensorflow.math.add` for `tensorflow.add`)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

SYMBOLS = Path(__file__).resolve().parent.parent / "server" / "hybridize" / "analysis" / "data" / \
    "api_symbols.tsv"


def resolve(symbol: str) -> Any:
    """The object a dotted name of the table stands for (None where this version lacks it);
    `tensorflow.keras.*` as `keras.*`."""
    parts = symbol.replace("tensorflow.keras.", "keras.", 1).split(".") \
        if symbol.startswith("tensorflow.keras.") else symbol.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except Exception:  # noqa: BLE001 (not a module: try a shorter prefix)
            continue
        for part in parts[cut:]:
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj
    return None


def names_by_object(kind: str = "tensor_op") -> dict[int, list[str]]:
    """id of each object the table's rows of `kind` name -> those names."""
    table = [line.split("\t", 1)[0] for line in SYMBOLS.read_text(encoding="utf-8").splitlines()
             if not line.startswith("#") and f"\t{kind}\t" in line]
    targets: dict[int, list[str]] = {}
    for name in table:
        obj = resolve(name)
        if obj is not None:
            targets.setdefault(id(obj), []).append(name)
    return targets
