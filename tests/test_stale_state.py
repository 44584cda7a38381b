"""Stale Python state read through other objects and modules: a graph freezes what it read at
trace time, so any write after that, from anywhere in the workspace, makes the read stale."""

from __future__ import annotations

from pathlib import Path

from helpers_project import analyse, write_project

PROJECT = {
    "proj/__init__.py": "",
    "proj/config.py": '''
        USE_NOISE = False
        HPARAMS = {"scale": 2.0}
        SCHEDULE = {"scale": 1.0}
        CONSTANTS = {"eps": 1e-7}
    ''',
    "proj/model.py": '''
        import tensorflow as tf

        from proj import config


        class Settings:
            def __init__(self, rate):
                self.rate = rate


        def noisy(x):
            if config.USE_NOISE:
                return x + 1.0
            return x


        def scaled(x):
            return x * config.HPARAMS["scale"]


        def scheduled(x):
            return x * config.SCHEDULE["scale"]


        def stable_log(x):
            return tf.math.log(x + config.CONSTANTS["eps"])


        def dropout_rate(x, settings):
            return tf.nn.dropout(x, rate=settings.rate)


        def attribute_by_name(x, settings):
            return x * settings.factor
    ''',
    "proj/train.py": '''
        import tensorflow as tf

        from proj import config, model


        def enable_noise():
            config.USE_NOISE = True


        def warm_up(step):
            config.HPARAMS["scale"] = 1.0 + step


        def decay():
            config.SCHEDULE.update(scale=0.5)


        def tweak(settings, name):
            setattr(settings, name, 0.0)


        def main():
            x = tf.ones((2, 3))
            settings = model.Settings(0.1)
            model.noisy(x)
            model.scaled(x)
            model.scheduled(x)
            model.stable_log(x)
            model.dropout_rate(x, settings)
            model.attribute_by_name(x, settings)
            enable_noise()
            warm_up(3)
            decay()
            settings.rate = 0.5
            tweak(settings, "factor")
    ''',
}


def test_reads_of_state_other_code_writes_are_stale(tmp_path: Path) -> None:
    write_project(tmp_path, PROJECT)
    reports = {r.qualname: r for r in analyse(tmp_path).functions if r.file == "proj/model.py"}

    def codes(name: str) -> list[str]:
        return [f.code for f in reports[name].failures]

    # A module flag assigned from another module.
    assert "HAS_STALE_READS" in codes("noisy"), reports["noisy"].reason
    # An item of a module-level dict assigned, or the dict mutated, from another module.
    assert "HAS_STALE_READS" in codes("scaled"), reports["scaled"].reason
    assert "HAS_STALE_READS" in codes("scheduled"), reports["scheduled"].reason
    # An attribute of an object its caller assigns after making it; setattr by name.
    assert "HAS_STALE_READS" in codes("dropout_rate"), reports["dropout_rate"].reason
    assert "HAS_STALE_READS" in codes("attribute_by_name"), reports["attribute_by_name"].reason
    # State nobody writes stays a constant: the conversion is kept.
    assert reports["stable_log"].transformation == "CONVERT_TO_HYBRID", reports["stable_log"].reason
    for name in ("noisy", "scaled", "scheduled", "dropout_rate", "attribute_by_name"):
        assert reports[name].transformation is None


def test_closure_cells_written_after_the_nested_def_are_stale(tmp_path: Path) -> None:
    write_project(tmp_path, {"m.py": '''
        import tensorflow as tf


        def make_scaler(x):
            factor = 2.0
            history = [1.0]

            def scale(v):
                return v * factor

            def shift(v):
                return v + history[0]

            first = scale(x) + shift(x)
            factor = 3.0
            history[0] = 5.0
            return first + scale(x) + shift(x)


        def make_fixed(x):
            factor = 2.0

            def scale(v):
                return v * factor

            return scale(x)


        def main():
            make_scaler(tf.ones(2))
            make_fixed(tf.ones(2))
    '''})
    reports = {r.qualname: r for r in analyse(tmp_path).functions}
    # A graph traced from the first call keeps factor == 2.0 and history[0] == 1.0.
    # (Nested functions are not converted anyway, IS_NESTED_FUNCTION, listed after it.)
    assert [f.code for f in reports["make_scaler.scale"].failures] == \
        ["HAS_STALE_READS", "IS_NESTED_FUNCTION"]
    assert [f.code for f in reports["make_scaler.shift"].failures] == \
        ["HAS_STALE_READS", "IS_NESTED_FUNCTION"]
    # Nothing writes the other function's cell after its def (matched by owner, not by name).
    assert [f.code for f in reports["make_fixed.scale"].failures] == ["IS_NESTED_FUNCTION"]
    # The owner is traced as a whole: it recomputes its cells on every trace.
    assert reports["make_scaler"].transformation == "CONVERT_TO_HYBRID"
