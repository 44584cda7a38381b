"""A tiny character-level language model."""
