"""`from tensorflow import *` (issue 12): binds tf.__all__, so `constant`, `zeros`, `function`
and `print` (tf.print, which shadows the builtin) are TensorFlow's."""

from tensorflow import *  # noqa: F403


@function  # noqa: F405
def traced_square(x):
    return x * x


def shifted(x):
    return x + constant(1.0)  # noqa: F405


def announced(x):
    print("value:", x)  # tf.print here
    return x * 2.0


def main():
    shifted(zeros((2, 3)))  # noqa: F405
    announced(ones(3))  # noqa: F405
    return traced_square(constant(2.0))  # noqa: F405
