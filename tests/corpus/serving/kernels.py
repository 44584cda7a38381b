"""Fused kernels; this module imports TensorFlow as `tfx`."""

import tensorflow as tfx


def _gelu_tanh_term(x):
    return tfx.math.tanh(0.7978845608 * (x + 0.044715 * tfx.pow(x, 3)))


@tfx.function(jit_compile=True)
def fused_gelu(x):
    return 0.5 * x * (1.0 + _gelu_tanh_term(x))


@tfx.function
def layer_norm(x, epsilon):
    mean, variance = tfx.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tfx.math.rsqrt(variance + epsilon)


@tfx.function(reduce_retracing=True)
def rms_norm(x):
    return x * tfx.math.rsqrt(tfx.reduce_mean(tfx.square(x), axis=-1, keepdims=True) + 1e-6)


def swish(x):
    return x * tfx.sigmoid(x)


def main():
    x = tfx.random.normal((4, 8))
    print(fused_gelu(x))
    print(layer_norm(x, 1e-5), layer_norm(x, 1e-3))
    print(rms_norm(x), swish(x))


if __name__ == "__main__":
    main()
