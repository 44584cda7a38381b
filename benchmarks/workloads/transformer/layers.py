"""A small Transformer encoder for token sequences: embeddings with sinusoidal positions, one
pre-norm self-attention block and a classification head."""

import numpy as np
import tensorflow as tf


def positional_encoding(length, depth):
    """The sinusoidal table of "Attention Is All You Need", [length, depth] float32."""
    positions = np.arange(length)[:, None]
    rates = 1.0 / np.power(10000.0, (2 * (np.arange(depth)[None, :] // 2)) / depth)
    angles = positions * rates
    table = np.where(np.arange(depth)[None, :] % 2 == 0, np.sin(angles), np.cos(angles))
    return tf.constant(table, dtype=tf.float32)


class TransformerBlock(tf.keras.layers.Layer):
    def __init__(self, model_dim, num_heads, ff_dim, **kwargs):
        super().__init__(**kwargs)
        self.attention = tf.keras.layers.MultiHeadAttention(num_heads, model_dim // num_heads)
        self.norm1 = tf.keras.layers.LayerNormalization()
        self.norm2 = tf.keras.layers.LayerNormalization()
        self.ff1 = tf.keras.layers.Dense(ff_dim, activation="gelu")
        self.ff2 = tf.keras.layers.Dense(model_dim)

    def call(self, x, mask=None):
        h = self.norm1(x)
        x = x + self.attention(h, h, attention_mask=mask)
        return x + self.ff2(self.ff1(self.norm2(x)))


class SequenceClassifier(tf.keras.Model):
    def __init__(self, vocab_size, max_length, model_dim=32, num_heads=2, num_classes=2):
        super().__init__()
        self.embedding = tf.keras.layers.Embedding(vocab_size, model_dim)
        self.positions = positional_encoding(max_length, model_dim)
        self.block = TransformerBlock(model_dim, num_heads, ff_dim=2 * model_dim)
        self.norm = tf.keras.layers.LayerNormalization()
        self.head = tf.keras.layers.Dense(num_classes)

    def call(self, tokens):
        x = self.embedding(tokens) + self.positions[tf.newaxis, : tf.shape(tokens)[1]]
        x = self.norm(self.block(x))
        return self.head(tf.reduce_mean(x, axis=1))
