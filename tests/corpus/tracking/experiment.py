"""Sends training metrics to Weights & Biases when it is installed."""

import asyncio

import tensorflow as tf
from termcolor import colored

try:
    import wandb
except ImportError:  # tracking is optional
    wandb = None


def log_loss(loss):
    if wandb is not None:
        wandb.log({"loss": float(loss)})
    return loss


def report(run, metrics):
    run.log({name: float(value) for name, value in metrics.items()})


def colored_loss(loss):
    return colored(f"loss {float(loss):.3f}", "green")


@tf.function
def step_with_hook(x):
    y = tf.nn.relu(x)
    if wandb is not None:
        wandb.log({"traced": 1})
    return y


async def upload_checkpoint(path):
    await asyncio.sleep(0)
    return path


def main():
    run = wandb.init(project="hybridize-demo") if wandb is not None else None
    loss = tf.reduce_mean(tf.square(tf.random.normal((4,))))
    log_loss(loss)
    if run is not None:
        report(run, {"loss": loss})
    print(colored_loss(loss), step_with_hook(tf.constant([-1.0, 2.0])))
    asyncio.run(upload_checkpoint("/tmp/ckpt"))


if __name__ == "__main__":
    main()
