"""Character vocabulary: plain Python, no TensorFlow."""

VOCAB = "abcdefghijklmnopqrstuvwxyz .,!?"


def encode(text):
    return [VOCAB.index(ch) for ch in text.lower() if ch in VOCAB]


def decode(ids):
    return "".join(VOCAB[i] for i in ids)


def iter_windows(text, size):
    """Yields overlapping windows of `size + 1` ids (inputs plus the next character)."""
    ids = encode(text)
    for start in range(len(ids) - size):
        yield ids[start : start + size + 1]
