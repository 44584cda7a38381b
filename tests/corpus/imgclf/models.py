"""Models: a subclassed CNN used with a custom loop, and a classifier trained with Keras fit."""

import tensorflow as tf

from .layers import ConvBlock, LearnedScale, Residual


class SmallCNN(tf.keras.Model):
    def __init__(self, num_classes=10):
        super().__init__()
        self.block1 = ConvBlock(8)
        self.block2 = ConvBlock(16)
        self.pool = tf.keras.layers.GlobalAveragePooling2D()
        self.mix = Residual(tf.keras.layers.Dense(16))
        self.scale = LearnedScale()
        self.head = tf.keras.layers.Dense(num_classes)

    def call(self, images, training=False):
        x = self.block1(images, training=training)
        x = self.block2(x, training=training)
        return self.head(self.scale(self.mix(self.pool(x))))

    def embed(self, images):
        """L2-normalised pooled features, used for nearest-neighbour retrieval."""
        x = self.block1(images, training=False)
        x = self.block2(x, training=False)
        return tf.math.l2_normalize(self.pool(x), axis=-1)

    @property
    def num_blocks(self):
        return 2


class FitClassifier(tf.keras.Model):
    """A dense classifier with its own train_step/test_step, trained with model.fit."""

    def __init__(self, num_classes):
        super().__init__()
        self.flatten = tf.keras.layers.Flatten()
        self.hidden = tf.keras.layers.Dense(32, activation="relu")
        self.out = tf.keras.layers.Dense(num_classes)
        self.loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        self.loss_tracker = tf.keras.metrics.Mean(name="loss")

    def call(self, images):
        return self.out(self.hidden(self.flatten(images)))

    @property
    def metrics(self):
        return [self.loss_tracker]

    def train_step(self, data):
        images, labels = data
        with tf.GradientTape() as tape:
            logits = self(images)
            loss = self.loss_fn(labels, logits)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    def test_step(self, data):
        images, labels = data
        logits = self(images)
        self.loss_tracker.update_state(self.loss_fn(labels, logits))
        return {"loss": self.loss_tracker.result()}
