"""The classifier: a small MLP built from a custom weight-normalised dense layer."""

import tensorflow as tf

# Shared by the training pipeline and the serving model, so both see the same inputs.
_RESCALE = tf.keras.layers.Rescaling(1.0 / 255.0)


def preprocess(images):
    """uint8 pixels -> float32 in [0, 1]."""
    return _RESCALE(images)


class ScaledDense(tf.keras.layers.Layer):
    """Dense layer with unit-norm kernel columns and a learned per-unit gain (weight norm)."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            name="kernel", shape=(input_shape[-1], self.units), initializer="glorot_uniform"
        )
        self.gain = self.add_weight(name="gain", shape=(self.units,), initializer="ones")
        self.bias = self.add_weight(name="bias", shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        direction = self.kernel / tf.norm(self.kernel, axis=0, keepdims=True)
        return self.gain * tf.matmul(inputs, direction) + self.bias


class MnistClassifier(tf.keras.Model):
    """Flatten -> ScaledDense -> ReLU -> ScaledDense (logits)."""

    def __init__(self, hidden_units=128, num_classes=10):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.hidden = ScaledDense(hidden_units)
        self.classifier = ScaledDense(num_classes)

    def call(self, inputs):
        return self.classifier(tf.nn.relu(self.hidden(self.flatten(inputs))))


def build_serving_model(classifier):
    """Functional wrapper that takes raw uint8 images, for export.

    Calling the classifier on the symbolic input also creates its weights.
    """
    raw = tf.keras.Input(shape=(28, 28), dtype="uint8", name="raw_images")
    return tf.keras.Model(raw, classifier(preprocess(raw)), name="mnist_serving")


def predict_classes(model, images):
    """Arg-max class of each image."""
    return tf.argmax(model(images), axis=-1, output_type=tf.int32)
