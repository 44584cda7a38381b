"""Q-learning on a one-dimensional corridor."""
