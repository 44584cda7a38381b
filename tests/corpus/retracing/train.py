"""The loop that calls the steps: epochs and steps are Python ints, limits Python floats."""

import tensorflow as tf

from retracing import steps
from retracing.steps import clip_at, scale_by_step

EPOCHS = 3
STEPS_PER_EPOCH = 4


def run():
    x = tf.constant([-2.0, -1.0, -0.5, 0.5, 1.0, 2.0])
    outputs = []
    for epoch in range(EPOCHS):
        for step in range(STEPS_PER_EPOCH):
            outputs.append(scale_by_step(x, epoch * STEPS_PER_EPOCH + step))
        outputs.append(steps.shift_by_epoch(x, epoch=epoch))
        outputs.append(clip_at(x, 0.5 + 0.25 * epoch))
        outputs.append(steps.decay(x, 0.01 * epoch))
        outputs.append(steps.first_rows(x, epoch + 1))
        outputs.append(steps.repeat_double(x, epoch))
        outputs.append(steps.batch_total(tf.ones((epoch + 2, 3))))
        outputs.append(steps.squared_error(x, x * 0.9))
        outputs.append(steps.forward(x, True))
    outputs.append(steps.forward(x, False))
    return outputs
