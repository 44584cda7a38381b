"""Plainly safe TensorFlow code: losses, metrics, preprocessing, layer helpers, train steps."""
