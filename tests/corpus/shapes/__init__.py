"""Training and evaluation code whose tf.functions get tensors of varying shapes (issue 16, R3):
batch sizes and sequence lengths from loops over literal values, and the cases the repair must
decline (a dimension read as a Python value) or must not touch (one shape only)."""
