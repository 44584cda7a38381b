"""Console reporting for the training loop."""


def report_loss(loss):
    print(f"loss: {loss}")
