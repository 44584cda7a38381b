"""A small image classifier trained with a custom loop (and, for comparison, with Keras fit)."""
