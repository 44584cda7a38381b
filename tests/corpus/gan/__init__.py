"""A two-dimensional GAN that learns points on the unit circle."""
