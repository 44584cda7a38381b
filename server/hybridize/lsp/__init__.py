"""The language server: LSP <-> the analysis engine. Knows nothing of how facts are computed."""
