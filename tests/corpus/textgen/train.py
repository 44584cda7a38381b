"""Trains the character model on a short text and samples from it."""

import tensorflow

import textgen.ops as ops
from textgen.model import CharModel
from textgen.vocab import VOCAB, decode, encode

loss_fn = tensorflow.keras.losses.SparseCategoricalCrossentropy(from_logits=True, reduction="none")


@tensorflow.function(reduce_retracing=True)
def train_step(model, optimizer, ids, mask):
    inputs, targets = ids[:, :-1], ids[:, 1:]
    with tensorflow.GradientTape() as tape:
        logits = model(inputs)
        loss = ops.masked_mean(loss_fn(targets, logits), mask[:, 1:])
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


def perplexity(model, ids, mask):
    logits = model(ids[:, :-1])
    return tensorflow.exp(ops.masked_mean(loss_fn(ids[:, 1:], logits), mask[:, 1:]))


def make_batch(text, seq_len):
    ids = encode(text)[: seq_len + 1]
    padding = seq_len + 1 - len(ids)
    mask = tensorflow.constant([[1.0] * len(ids) + [0.0] * padding])
    return tensorflow.constant([ids + [0] * padding]), mask


def main():
    tensorflow.keras.utils.set_random_seed(0)
    ids, mask = make_batch("hello world, hello tensorflow!", 12)
    model = CharModel(vocab_size=len(VOCAB), units=16)
    optimizer = tensorflow.keras.optimizers.Adam(1e-2)
    for _ in range(3):
        train_step(model, optimizer, ids, mask)
    print("perplexity", float(perplexity(model, ids, mask)))
    generated = model.generate(ids[:, :4], 5)
    print(decode(generated[0].numpy().tolist()))


if __name__ == "__main__":
    main()
