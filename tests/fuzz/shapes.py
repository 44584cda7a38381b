"""Deeply nested or densely connected modules, one per shape, `depth` levels deep: the inputs
that made the analysis exponential (issue 11). Where Python's parser allows fewer levels
(200 nested brackets, 100 indentation levels), the shape goes as deep as the parser allows."""

from __future__ import annotations

from collections.abc import Callable

HEAD = "import tensorflow as tf\n\n\n"
MAX_BRACKETS = 190  # CPython: "too many nested parentheses" beyond 200
MAX_INDENT = 95  # CPython: "too many levels of indentation" beyond 100


def lambda_chain(depth: int) -> str:
    """f = lambda a0: lambda a1: ... tf.abs(a0)"""
    chain = "".join(f"lambda a{i}: " for i in range(depth))
    return HEAD + f"f = {chain}tf.abs(a0)\n\n\ndef g(x):\n    return f(x)\n"


def applied_lambdas(depth: int) -> str:
    """f = (lambda a0: (lambda a1: ... (a0))(a0)): each lambda applied to the previous one's."""
    depth = min(depth, MAX_BRACKETS // 2)
    body = f"tf.abs(a{depth - 1})"
    for i in reversed(range(depth)):
        body = f"(lambda a{i}: {body})" + (f"(a{i - 1})" if i else "")
    return HEAD + f"f = {body}\n\n\ndef g(x):\n    return f(x)\n"


def nested_comprehensions(depth: int) -> str:
    body = "x"
    for i in range(min(depth, MAX_BRACKETS)):
        body = f"[{body} for _{i} in x]"
    return HEAD + f"def g(x):\n    return {body}\n"


def nested_calls(depth: int) -> str:
    calls = min(depth, MAX_BRACKETS)
    return HEAD + "def f(x):\n    return tf.abs(x)\n\n\ndef g(x):\n    return " + \
        "f(" * calls + "x" + ")" * calls + "\n"


def nested_ifs(depth: int) -> str:
    levels = min(depth, MAX_INDENT)
    lines = ["def g(x):"] + [" " * (i + 1) + f"if x > {i}:" for i in range(levels)]
    return HEAD + "\n".join([*lines, " " * (levels + 1) + "x = tf.abs(x)", " return x"]) + "\n"


def nested_withs(depth: int) -> str:
    levels = min(depth, MAX_INDENT)
    lines = ["def g(x):"] + [" " * (i + 1) + f"with tf.name_scope('s{i}'):"
                             for i in range(levels)]
    return HEAD + "\n".join([*lines, " " * (levels + 1) + "x = tf.abs(x)", " return x"]) + "\n"


def nested_defs(depth: int) -> str:
    levels = min(depth, MAX_INDENT)
    lines = [" " * i + f"def f{i}(x):" for i in range(levels)]
    return HEAD + "\n".join([*lines, " " * levels + "return tf.abs(x)"]) + "\n"


def elif_chain(depth: int) -> str:
    branches = "".join(f"    elif k == {i}:\n        x = x + {i}\n" for i in range(1, depth))
    return HEAD + "def g(x, k):\n    if k == 0:\n        x = tf.abs(x)\n" + branches + \
        "    return x\n"


def attribute_chain(depth: int) -> str:
    return HEAD + "def g(x):\n    return x." + ".".join(f"a{i}" for i in range(depth)) + "\n"


def method_chain(depth: int) -> str:
    return HEAD + "def g(x):\n    return tf.data.Dataset.from_tensor_slices(x)" + \
        ".map(lambda y: y + 1)" * depth + "\n"


def doubling(depth: int) -> str:
    """x = x + x, `depth` times."""
    return HEAD + "def g(x):\n" + "    x = x + x\n" * depth + "    return x\n"


def mutual_locals(depth: int) -> str:
    """Locals that read each other around a cycle (and across it)."""
    first = "".join(f"    a{i} = x\n" for i in range(depth))
    again = "".join(f"    a{i} = a{(i + 1) % depth} + a{(i * 7 + 3) % depth}\n"
                    for i in range(depth))
    return HEAD + "def g(x):\n" + first + again + "    return a0\n"


def mutual_attributes(depth: int) -> str:
    """Attributes of self that read each other around a cycle."""
    init = "".join(f"        self.a{i} = tf.zeros(2)\n" for i in range(depth))
    step = "".join(f"        self.a{i} = self.a{(i + 1) % depth} + self.a{(i * 7 + 3) % depth}\n"
                   for i in range(depth))
    return HEAD + "class C:\n    def __init__(self):\n" + init + \
        "\n    def step(self):\n" + step


def call_chain(depth: int) -> str:
    """f_i calls f_(i-1) twice: every function's result needs the one below it."""
    defs = "def f0(x):\n    return tf.abs(x)\n\n\n" + "".join(
        f"def f{i}(x):\n    return f{i - 1}(f{i - 1}(x))\n\n\n" for i in range(1, depth))
    return HEAD + defs + f"def g():\n    return f{depth - 1}(tf.zeros(2))\n"


SHAPES: dict[str, Callable[[int], str]] = {
    fn.__name__: fn for fn in (
        lambda_chain, applied_lambdas, nested_comprehensions, nested_calls, nested_ifs,
        nested_withs, nested_defs, elif_chain, attribute_chain, method_chain, doubling,
        mutual_locals, mutual_attributes, call_chain)}


def reversed_local_chain(length: int) -> str:
    """v0 = v1 + 1; v1 = v2 + 1; ...: each value needs the next one's first."""
    chain = "".join(f"    v{i} = v{i + 1} + 1\n" for i in range(length - 1))
    return HEAD + "def g(x):\n" + chain + f"    v{length - 1} = x\n    return v0\n"


def reversed_global_chain(length: int) -> str:
    chain = "".join(f"v{i} = v{i + 1} + 1\n" for i in range(length - 1))
    return HEAD + "def g():\n    return v0\n\n\n" + chain + f"v{length - 1} = tf.zeros(2)\n"


def reversed_attribute_chain(length: int) -> str:
    chain = "".join(f"        self.a{i} = self.a{i + 1}\n" for i in range(length - 1))
    return HEAD + "class M:\n    def __init__(self):\n" + chain + \
        f"        self.a{length - 1} = tf.zeros(2)\n\n    def f(self):\n        return self.a0\n"


def reversed_call_chain(length: int) -> str:
    """f0 calls f1, which calls f2, ...: callers of callers, `length` deep."""
    chain = "".join(f"def f{i}(x):\n    return f{i + 1}(x)\n\n\n" for i in range(length - 1))
    return HEAD + "def g():\n    return f0(tf.zeros(2))\n\n\n" + chain + \
        f"def f{length - 1}(x):\n    return tf.abs(x)\n"


# Thousands of definitions long (flat text): each link is one more level of recursion.
CHAINS: dict[str, Callable[[int], str]] = {
    fn.__name__: fn for fn in (reversed_local_chain, reversed_global_chain,
                               reversed_attribute_chain, reversed_call_chain)}
