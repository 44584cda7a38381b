"""The vocabulary of the analysis: facts, evidence, failures and verdicts.

Nothing here knows about files on disk, LSP or output formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hybridize.notebook.cells import NotebookModule


class Refactoring(str, Enum):
    CONVERT_EAGER_FUNCTION_TO_HYBRID = "CONVERT_EAGER_FUNCTION_TO_HYBRID"
    OPTIMIZE_HYBRID_FUNCTION = "OPTIMIZE_HYBRID_FUNCTION"


class Transformation(str, Enum):
    CONVERT_TO_HYBRID = "CONVERT_TO_HYBRID"
    CONVERT_TO_EAGER = "CONVERT_TO_EAGER"
    RECONFIGURE = "RECONFIGURE"


# A fact is true, false or unknown (None).
Fact = bool | None


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: a file, a line, and a short reason in the user's words."""

    file: str
    line: int
    reason: str


@dataclass(frozen=True)
class Failure:
    code: str
    message: str
    file: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Assumption:
    code: str
    message: str


@dataclass(frozen=True)
class Span:
    """A region of a file: 1-based lines, 0-based columns counted in code points (not the UTF-8
    bytes that `ast` counts)."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass(frozen=True)
class ArgumentSite:
    """A call site whose Python value a repair wraps in a tensor: the call starting at `line`,
    `col` (UTF-8 bytes, as `ast` counts), its argument by position or by keyword."""

    file: str
    line: int
    col: int
    position: int | None
    keyword: str | None


@dataclass(frozen=True)
class Repair:
    """A reconfigure variant that keeps the graph and removes a cause of retracing
    (analysis/retracing.py): renamed decorator arguments, or tensors passed for Python values."""

    kind: str  # RENAME_DEPRECATED_ARGUMENTS, PASS_TENSOR_ARGUMENTS, ADD_INPUT_SIGNATURE, ...
    precondition: str  # R1, R2, R3 (docs/preconditions.md)
    message: str
    renames: tuple[tuple[str, str], ...] = ()  # (deprecated keyword, its replacement)
    parameter: str | None = None
    dtype: str | None = None  # the tensor's dtype; None: TensorFlow's own for the value
    sites: tuple[ArgumentSite, ...] = ()
    opt_in: bool = False  # edits call sites: `fix` applies it only when asked
    argument: str | None = None  # R3: the keyword argument added to the decorator


@dataclass
class FunctionReport:
    """The verdict on one function, with everything a report, hover or code action needs."""

    file: str  # relative to the analysis root, '/' separators
    qualname: str
    line: int  # line of the `def` keyword
    hybrid: bool
    refactoring: Refactoring
    transformation: Transformation | None
    precondition: str | None
    facts: dict[str, Fact]
    failures: list[Failure] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    reason: str = ""  # one line: why this verdict
    # Where the refactoring edits: the def, and the tf.function decorator or wrapper call.
    def_span: Span | None = None
    decorator_span: Span | None = None
    wrapper_span: Span | None = None  # `g = tf.function(f)`: the call expression
    wrapped_name: str | None = None
    wrapper_file: str | None = None  # the file holding the wrapper call (often not `file`)
    path: str = ""  # absolute path of the file
    signature: str | None = None  # inferred input_signature source text (P4)
    start_line: int = 0  # first line of the function, decorators included
    end_line: int = 0  # last line of its body
    # Codes a `# hybridize: ignore[...]` comment removed from the verdict (analysis/suppressions).
    suppressed: list[str] = field(default_factory=list)
    # Repairs that keep the graph and remove a cause of retracing, preferred to a removal.
    repairs: list[Repair] = field(default_factory=list)


@dataclass(frozen=True)
class UnusedIgnore:
    """A `# hybridize: ignore` comment that suppressed nothing: `codes` are the names in it
    that went unused, None for a bare ignore."""

    file: str
    line: int
    codes: tuple[str, ...] | None


@dataclass(frozen=True)
class FileError:
    file: str
    line: int | None
    message: str


@dataclass
class AnalysisResult:
    root: str
    files: int
    functions: list[FunctionReport]
    errors: list[FileError]
    seconds: float = 0.0
    reused: int = 0  # modules whose summaries came from the cache
    # File-level facts that the refactoring needs (keyed by relative file).
    tf_aliases: dict[str, str | None] = field(default_factory=dict)
    bound_names: dict[str, frozenset[str]] = field(default_factory=dict)
    function_aliases: dict[str, str | None] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # sha256 of each file's bytes as read
    # Suppression comments that suppressed nothing (analysis/suppressions.UnusedIgnore).
    unused_ignores: list[UnusedIgnore] = field(default_factory=list)
    # Notebooks read from disk, by relative file: their lines are the module of their code
    # cells (hybridize.notebook.cells.NotebookModule), mapped back to cells by the reports.
    notebooks: dict[str, NotebookModule] = field(default_factory=dict)
