"""Driver: top-k sampling with the Model Garden's `SamplingModule` (tf-models-official).

`official.nlp.modeling.ops.sampling_module.SamplingModule` decodes with a `tf.while_loop` that
calls the model's `symbols_to_logits_fn` once per token, then applies the sampling temperature and
the top-k filter of the same module (eagerly, the loop runs in Python). The model here is a small
recurrent language model on random weights (an embedding, a tanh cell, an output projection)
whose state lives in the decoding cache, as the Model Garden's decoders keep theirs. With
`top_k=1` every draw of `tf.random.categorical` has one possible outcome, so eager and graph runs
must give the same sequences and scores (a `tf.function` draws other numbers from the global
generator). `run.py` copies this file next to a copy of the `official` package, runs it before
and after `hybridize fix` of that folder, and compares what it writes.

    python official_sampling.py --out OUT.npz [--steps N] [--warmup N]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import tensorflow as tf
from official.nlp.modeling.ops import sampling_module

VOCAB, WIDTH, BATCH, LENGTH = 512, 64, 32, 24


class TinyLanguageModel:
    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.embedding = tf.constant(rng.normal(0, 0.5, (VOCAB, WIDTH)), tf.float32)
        self.recurrent = tf.constant(rng.normal(0, 0.2, (WIDTH, WIDTH)), tf.float32)
        self.output = tf.constant(rng.normal(0, 0.5, (WIDTH, VOCAB)), tf.float32)

    def symbols_to_logits(self, ids, index, cache):
        last = tf.gather(self.embedding, ids[:, -1])
        state = tf.tanh(last + tf.matmul(cache["state"], self.recurrent))
        return tf.matmul(state, self.output), {"state": state}


def decode(sampler, initial_ids, initial_cache):
    sequences, scores = sampler.generate(initial_ids=initial_ids, initial_cache=initial_cache)
    return sequences, scores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    tf.random.set_seed(0)
    model = TinyLanguageModel(0)
    sampler = sampling_module.SamplingModule(
        symbols_to_logits_fn=model.symbols_to_logits, vocab_size=VOCAB,
        max_decode_length=LENGTH, eos_id=VOCAB + 1, padded_decode=False, top_k=1,
        sample_temperature=0.7, enable_greedy=False)
    rng = np.random.default_rng(1)
    outputs, times = {}, []
    for index in range(args.warmup + args.steps):
        initial_ids = tf.constant(rng.integers(0, VOCAB, (BATCH,)), tf.int32)
        cache = {"state": tf.zeros([BATCH, WIDTH], tf.float32)}
        started = time.perf_counter()
        sequences, scores = decode(sampler, initial_ids, cache)
        if index >= args.warmup:
            times.append(time.perf_counter() - started)
        outputs[f"sequences{index}"] = sequences.numpy()
        outputs[f"scores{index}"] = scores.numpy()
    np.savez(args.out, **outputs)
    print(json.dumps({"step_seconds": times}))


if __name__ == "__main__":
    main()
