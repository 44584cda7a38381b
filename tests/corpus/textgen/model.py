"""The character model and greedy generation."""

import tensorflow

from .layers import FeedForward, SelfAttention
from .ops import sinusoidal_positions


class CharModel(tensorflow.keras.Model):
    def __init__(self, vocab_size, units=16):
        super().__init__()
        self.embedding = tensorflow.keras.layers.Embedding(vocab_size, units)
        self.positions = sinusoidal_positions(64, units)
        self.attention = SelfAttention(units)
        self.feed_forward = FeedForward(units, 2 * units)
        self.to_logits = tensorflow.keras.layers.Dense(vocab_size)
        self.generated = 0

    def call(self, ids):
        x = self.embedding(ids) + self.positions[: tensorflow.shape(ids)[1]]
        x = x + self.attention(x)
        x = x + self.feed_forward(x)
        return self.to_logits(x)

    def next_token_logits(self, ids):
        return self(ids)[:, -1, :]

    def length_penalty(self, logits):
        """Flattens the distribution a little more for every token generated so far."""
        return logits / (1.0 + 0.01 * self.generated)

    def greedy_next(self, ids):
        logits = self.length_penalty(self.next_token_logits(ids))
        self.generated += 1
        return tensorflow.argmax(logits, axis=-1, output_type=tensorflow.int32)[:, None]

    def generate(self, ids, steps):
        for _ in range(steps):
            ids = tensorflow.concat([ids, self.greedy_next(ids)], axis=1)
        return ids

    def reset_counter(self):
        self.generated = 0
