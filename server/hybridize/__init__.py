"""Hybridize: find TensorFlow 2 functions that are safe and faster as graphs, and convert them."""

__version__ = "0.1.0"
