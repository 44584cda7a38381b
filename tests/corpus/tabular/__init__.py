"""Tabular regression with features that pass through NumPy."""
