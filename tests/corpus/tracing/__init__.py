"""Code whose tf.function decorator matters both ways: decorators, removal, distribution."""
