"""Notebook snippets and hinted helpers."""
