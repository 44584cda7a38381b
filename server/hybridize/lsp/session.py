"""The server's state: one engine `Analyzer` per workspace folder, the last result of each, and
the document text and version each result was computed from.

Requests read immutable results; only the analysis task replaces them. A result is published
for a document only if the document still has the version the result was computed from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from hybridize.analysis import (
    AnalysisResult,
    Analyzer,
    FunctionReport,
    Settings,
    default_cache_dir,
)
from hybridize.analysis.workspace import RejectedFile, read_source
from hybridize.config import FileConfig, load_config
from hybridize.lsp.last_good import moved_reports
from hybridize.lsp.settings import ServerSettings, with_file


@dataclass
class Folder:
    root: Path
    analyzer: Analyzer
    result: AnalysisResult | None = None
    # The texts and versions of the open documents the current result was computed from.
    texts: dict[str, str] = field(default_factory=dict)  # absolute path -> text
    versions: dict[str, int | None] = field(default_factory=dict)  # absolute path -> version
    # A file opened outside every workspace folder is analysed alone (`root` is its folder):
    # its folder may be $HOME or /tmp, far too much (and too foreign) to index.
    file: Path | None = None
    # The last text of each open document that parsed: while a buffer does not parse, its
    # reports are that text's (the engine keeps the last good summary) and are moved from it.
    good_texts: dict[str, str] = field(default_factory=dict)  # absolute path -> text
    # The folder's configuration file, and the settings in force here (the editor's combined
    # with it by configurationPreference).
    config: FileConfig = field(default_factory=FileConfig)
    settings: ServerSettings = field(default_factory=ServerSettings)
    # Something may have changed on disk since the last run began (server.py
    # `disk_may_have_changed`): the next run looks at the disk's files again.
    disk_changed: bool = True
    # Open documents whose reports are an earlier run's: a run while the user types decides
    # the edited documents only, and the others once the user pauses (server.py
    # `_others_when_idle`) or before a request about them.
    behind: set[str] = field(default_factory=set)  # absolute paths

    def update(self, result: AnalysisResult, texts: dict[str, str],
               versions: dict[str, int | None]) -> None:
        """A new result, computed from these buffers."""
        self.result, self.texts, self.versions = result, texts, versions
        for path in list(self.good_texts):
            if path not in texts:
                del self.good_texts[path]  # closed: its summary now comes from the disk
        for path, text in texts.items():
            if self.is_current(path):
                self.good_texts[path] = text

    def is_current(self, path: str) -> bool:
        """Whether the reports of `path` come from the text the result read (the engine gives
        no digest for a file whose reports are an older text's)."""
        return self.result is not None and self.contains(path) and \
            self.relative(path) in self.result.digests

    def contains(self, path: str) -> bool:
        if self.file is not None:
            return Path(path) == self.file
        try:
            Path(path).relative_to(self.root)
        except ValueError:
            return False
        return True

    def relative(self, path: str) -> str:
        return Path(path).relative_to(self.root).as_posix()

    def reports_in(self, path: str) -> list[FunctionReport]:
        if self.result is None or not self.contains(path):
            return []
        rel = self.relative(path)
        return [r for r in self.result.functions if r.file == rel]

    def shown_reports(self, path: str) -> list[FunctionReport]:
        """The reports to show on the text the result read: those of an older text moved onto
        it (see last_good), or none when that text is not known."""
        if self.is_current(path):
            return self.reports_in(path)
        good, text = self.good_texts.get(path), self.texts.get(path)
        if good is None or text is None:
            return []
        return moved_reports(self.reports_in(path), good, text)

    def text_of(self, path: str) -> str | None:
        """The text the current result was computed from (None if unreadable)."""
        if path in self.texts:
            return self.texts[path]
        try:
            # Read as the analysis reads (a regular file of bounded size: never a FIFO), decoded
            # so that its UTF-8 is the bytes the analysis hashed: an edit is only made on the
            # text whose digest the result holds (a BOM stays; another encoding gets no edit).
            return read_source(Path(path)).decode("utf-8")
        except (OSError, RejectedFile, UnicodeDecodeError):
            return None


class Session:
    def __init__(self) -> None:
        self.settings = ServerSettings()  # the editor's
        self.folders: list[Folder] = []
        # Problems found in configuration files, for the server to show (then cleared).
        self.config_problems: list[str] = []

    @staticmethod
    def engine_settings(settings: ServerSettings) -> Settings:
        # Observed types (`hybridize verify --observe-types`) from the user's cache folder.
        return Settings(speculative=settings.speculative,
                        infer_signatures=settings.infer_signatures,
                        observed_from=default_cache_dir() if settings.observed_types
                        else None)

    def debounce_ms(self) -> int:
        """One delay for the whole server: the first workspace folder's (else the editor's)."""
        roots = [folder for folder in self.folders if folder.file is None]
        return (roots[0].settings if roots else self.settings).debounce_ms

    def configure(self, folder: Folder) -> None:
        """(Re)read the folder's configuration file and combine it with the editor's settings;
        read again on every change of settings, so that editing the file and then the settings
        (or reloading) takes it."""
        folder.config = load_config(folder.file or folder.root)
        self.config_problems.extend(folder.config.problems)
        folder.settings = with_file(self.settings, folder.config.values)

    def set_folders(self, roots: list[Path]) -> None:
        """The workspace folders are now `roots`; a file analysed alone stays so while no
        folder holds it."""
        existing = {folder.root: folder for folder in self.folders if folder.file is None}
        folders = [existing.get(root) or self.new_folder(root) for root in roots]
        alone = [f for f in self.folders if f.file is not None and
                 not any(w.contains(str(f.file)) for w in folders)]
        self.folders = folders + alone

    def workspace_roots(self) -> list[Path]:
        return [folder.root for folder in self.folders if folder.file is None]

    def new_folder(self, root: Path, file: Path | None = None) -> Folder:
        # A workspace folder's state is kept in the cache folder between sessions (a file
        # analysed alone is not: its folder may be $HOME or /tmp).
        folder = Folder(root, Analyzer([file or root], Settings()), file=file)
        self.configure(folder)
        self.set_engine(folder)
        return folder

    def set_engine(self, folder: Folder) -> None:
        """The folder's settings, given to its analyzer: the engine's, the excluded globs, and
        its cache folder (a workspace folder's only, and only with the `cache` setting). The
        cache folder is read on the analyzer's first run; switched off later, nothing more is
        written; switched on, the state is written at the next idle time."""
        folder.analyzer.settings = self.engine_settings(folder.settings)
        folder.analyzer.exclude = list(folder.settings.exclude)
        folder.analyzer.cache_dir = default_cache_dir() \
            if folder.file is None and folder.settings.cache else None

    def apply_settings(self, settings: ServerSettings) -> None:
        """New settings. Summaries and the whole-program state do not depend on any setting, so
        each folder's analyzer keeps them (and the last good summary of a file being typed):
        the next run re-decides with the new settings and picks up a changed file set."""
        self.settings = settings
        for folder in self.folders:
            self.configure(folder)
            self.set_engine(folder)

    def folder_for(self, path: str) -> Folder:
        """The innermost workspace folder holding the file (or a folder for the file alone)."""
        holding = [f for f in self.folders if f.contains(path)]
        if holding:
            return max(holding, key=lambda f: (f.file is None, len(str(f.root))))
        folder = self.new_folder(Path(os.path.dirname(path)), Path(path))
        self.folders.append(folder)
        return folder

    @staticmethod
    def innermost(reports: list[FunctionReport], line: int) -> FunctionReport | None:
        """The innermost function whose lines (decorators included) hold `line` (1-based)."""
        holding = [r for r in reports
                   if (r.start_line or r.line) <= line <= max(r.end_line, r.line)]
        if not holding:
            return None
        return max(holding, key=lambda r: (r.start_line or r.line, -r.end_line))
