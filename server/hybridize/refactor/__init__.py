"""Verdict -> minimal text edits (decorator, import, arguments), and applying them to files."""

from hybridize.refactor.apply import FileChange, plan_changes, write_changes
from hybridize.refactor.edits import FileContext, RefactorError, TextEdit, apply_edits, edits_for

__all__ = ["FileChange", "FileContext", "RefactorError", "TextEdit", "apply_edits", "edits_for",
           "plan_changes", "write_changes"]
