"""A regression model trained from NumPy arrays without `fit`: a hand-written loop over slices."""
