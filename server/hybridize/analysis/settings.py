"""The engine's settings, in a module of their own: the command line's warm path builds them
(their repr is part of the result cache's key) without importing the engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    speculative: bool = False
    infer_signatures: bool = False
    bool_is_primitive: bool = True
    # The cache folder whose observed types (analysis/observed.py) are evidence; None: none.
    observed_from: Path | None = None
