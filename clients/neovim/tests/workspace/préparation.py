"""Préparation des données — « étape par étape » (non-ASCII on purpose: Neovim counts columns in
UTF-8 bytes, VS Code in UTF-16 units)."""

import tensorflow as tf

LÉGENDE = "données normalisées ✓"


def normalise(images):
    return tf.cast(images, tf.float32) / 255.0


def échelonne_à_l_été(valeurs):
    return valeurs * 2.0


def bavard(x):
    print("valeur :", x)
    return x + 1


def main():
    images = tf.zeros([4, 28, 28], dtype=tf.uint8)
    x = normalise(images)
    y = échelonne_à_l_été(x)
    return bavard(y)
