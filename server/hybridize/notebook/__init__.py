"""Jupyter notebooks: their code cells as one module for the analysis (cells.py), read with
nbformat (reader.py), and their JSON edited in place, cell sources only (json_source.py)."""
