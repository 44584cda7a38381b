"""TensorFlow's DCGAN tutorial (tensorflow.org/tutorials/generative/dcgan), without its
`@tf.function` and on synthetic data, smaller: both models are built by `Sequential()` then
`add(...)` of library layers (a layer's size written `7 * 7 * 256`), and the data pipeline is
`from_tensor_slices(x).shuffle(BUFFER_SIZE).batch(BATCH_SIZE)` at the script's top level. The
losses are converted (a dataset's `shuffle` changes nothing it is given: bodies._tensorflow_made;
the `add`s set the models up). `train_step` stays declined: its batches come from a dataset, whose
elements may have value-dependent shapes, and the engine does not tell that they reach it from
an eager loop, where a tf.function traces their concrete shapes (a known gap).
"""

import tensorflow as tf
from tensorflow.keras import layers

BUFFER_SIZE = 64
BATCH_SIZE = 16
noise_dim = 100


def make_generator_model():
    model = tf.keras.Sequential()
    model.add(layers.Dense(7 * 7 * 256, use_bias=False, input_shape=(100,)))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())
    model.add(layers.Reshape((7, 7, 256)))
    model.add(layers.Conv2DTranspose(128, (5, 5), strides=(1, 1), padding="same", use_bias=False))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())
    model.add(layers.Conv2DTranspose(1, (5, 5), strides=(4, 4), padding="same", use_bias=False,
                                     activation="tanh"))
    return model


def make_discriminator_model():
    model = tf.keras.Sequential()
    model.add(layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same", input_shape=[28, 28, 1]))
    model.add(layers.LeakyReLU())
    model.add(layers.Dropout(0.3))
    model.add(layers.Flatten())
    model.add(layers.Dense(1))
    return model


generator = make_generator_model()
discriminator = make_discriminator_model()
cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def discriminator_loss(real_output, fake_output):
    real_loss = cross_entropy(tf.ones_like(real_output), real_output)
    fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
    total_loss = real_loss + fake_loss
    return total_loss


def generator_loss(fake_output):
    return cross_entropy(tf.ones_like(fake_output), fake_output)


generator_optimizer = tf.keras.optimizers.Adam(1e-4)
discriminator_optimizer = tf.keras.optimizers.Adam(1e-4)


def train_step(images):
    noise = tf.random.normal([BATCH_SIZE, noise_dim])

    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        generated_images = generator(noise, training=True)

        real_output = discriminator(images, training=True)
        fake_output = discriminator(generated_images, training=True)

        gen_loss = generator_loss(fake_output)
        disc_loss = discriminator_loss(real_output, fake_output)

    gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
    gradients_of_discriminator = disc_tape.gradient(disc_loss, discriminator.trainable_variables)

    generator_optimizer.apply_gradients(zip(gradients_of_generator,  # noqa: B905 (as written)
                                            generator.trainable_variables))
    discriminator_optimizer.apply_gradients(zip(gradients_of_discriminator,  # noqa: B905
                                                discriminator.trainable_variables))


def train(dataset, epochs):
    for _epoch in range(epochs):
        for image_batch in dataset:
            train_step(image_batch)


train_images = tf.random.uniform((64, 28, 28, 1), -1.0, 1.0)
train_dataset = tf.data.Dataset.from_tensor_slices(train_images).shuffle(BUFFER_SIZE).batch(
    BATCH_SIZE)
train(train_dataset, 1)
