"""Verdict -> minimal text edits (decorator, import, arguments), and applying them to files."""

from hybridize.refactor.apply import (
    FileChange,
    Settled,
    fix_until_settled,
    plan_changes,
    write_changes,
)
from hybridize.refactor.edits import (
    FileContext,
    RefactorError,
    TextEdit,
    apply_edits,
    by_target_file,
    edit_order,
    edits_for,
    split_lines,
    target_file,
    text_digest,
)

__all__ = ["FileChange", "FileContext", "RefactorError", "Settled", "TextEdit", "apply_edits",
           "by_target_file", "edit_order", "edits_for", "fix_until_settled", "plan_changes",
           "split_lines", "target_file", "text_digest", "write_changes"]
