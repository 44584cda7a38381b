"""Post-processing; this module imports the decorator by name."""

import tensorflow as tf
from tensorflow import function


@function
def clip_scores(scores):
    return tf.clip_by_value(scores, 0.0, 1.0)


@function
def top_scores(scores, k):
    return tf.math.top_k(scores, k=k).values


def main():
    print(clip_scores(tf.constant([-0.5, 0.3, 1.7])))
    print(clip_scores(tf.constant([0.2, 1.4])))
    print(top_scores(tf.constant([0.1, 0.9, 0.4, 0.7]), 2))
    print(top_scores(tf.constant([0.1, 0.9, 0.4, 0.7]), 3))


if __name__ == "__main__":
    main()
