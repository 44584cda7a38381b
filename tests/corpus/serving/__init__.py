"""Model-serving code written by a team that already decorates with tf.function."""
