"""A training script whose tf.functions retrace on Python numbers and deprecated decorator
arguments (issue 16): the repairs that keep the graph, and the cases they must decline."""
