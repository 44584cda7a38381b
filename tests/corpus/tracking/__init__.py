"""Experiment tracking glue."""
