"""Functions exported with the SavedModel."""

import tensorflow as tf

THRESHOLD = 0.5


def set_threshold(value):
    global THRESHOLD
    THRESHOLD = value


@tf.function
def make_bucket_boundaries():
    return tf.linspace(0.0, 1.0, 5)


@tf.function
def bucketize(scores, num_buckets):
    buckets = tf.cast(scores * num_buckets, tf.int32)
    return tf.clip_by_value(buckets, 0, num_buckets - 1)


@tf.function
def as_feature_dict(ids, mask):
    return {"ids": ids, "mask": mask}


@tf.function
def binarize(scores):
    return tf.cast(scores > THRESHOLD, tf.int32)


@tf.function(input_signature=[tf.TensorSpec([None, 4], tf.float32)])
def serve(features):
    logits = tf.matmul(features, tf.ones((4, 2))) * 0.5
    return tf.nn.softmax(logits)


@tf.function
def debug_serve(features):
    print("tracing debug_serve for shape", features.shape)
    return serve(features)


@tf.function
def probabilities_as_numpy(features):
    return serve(features).numpy()


@tf.function
def batch_inference(features):
    return tf.argmax(serve(features), axis=-1)


def main():
    features = tf.random.uniform((3, 4))
    scores = tf.constant([0.1, 0.6, 0.95])
    print(make_bucket_boundaries())
    print(bucketize(scores, 4), bucketize(scores, 8))
    print(as_feature_dict(tf.constant([[1, 2, 3]]), tf.constant([[1, 1, 0]])))
    print(binarize(scores))
    set_threshold(0.9)
    print(binarize(scores))
    print(serve(features), debug_serve(features))


if __name__ == "__main__":
    main()
