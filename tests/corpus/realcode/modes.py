"""Constants that realcode/class_constants.py imports (as tf-models-official's legacy detection
code imports its ModeKeys): a class of string constants and a module constant."""


class ModeKeys:
    TRAIN = "train"
    EVAL = "eval"


TOP_K = 2
